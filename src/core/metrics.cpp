#include "core/metrics.hpp"

#include <cmath>
#include <charconv>

namespace mailflow::core {
namespace {
std::string escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);  // shortest form that reads back the same
  return std::string(buf, r.ptr);
}

const char* type_name(Metrics::Type t) {
  switch (t) {
    case Metrics::Type::Counter: return "counter";
    case Metrics::Type::Gauge: return "gauge";
    case Metrics::Type::Histogram: return "histogram";
  }
  return "untyped";
}

// The series key with one more label (le="..."), for histogram buckets.
std::string with_le(const std::string& key, const std::string& le) {
  std::string extra = "le=\"" + le + "\"";
  if (key.empty()) return "{" + extra + "}";
  return key.substr(0, key.size() - 1) + "," + extra + "}";
}
}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ",";
    out += labels[i].first + "=\"" + escape(labels[i].second) + "\"";
  }
  return out + "}";
}

void Metrics::declare(std::string name, Type type, std::string help, std::vector<double> buckets) {
  std::lock_guard lock(mu_);
  families_.try_emplace(std::move(name), Family{type, std::move(help), std::move(buckets), {}});
}

Metrics::Family* Metrics::find(std::string_view name) {
  auto it = families_.find(name);
  return it == families_.end() ? nullptr : &it->second;  // undeclared: a bug, ignored
}

void Metrics::inc(std::string_view name, const Labels& labels, double by) {
  std::lock_guard lock(mu_);
  if (auto* f = find(name)) f->series[render_labels(labels)].value += by;
}

void Metrics::set(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  if (auto* f = find(name)) f->series[render_labels(labels)].value = value;
}

void Metrics::clear(std::string_view name) {
  std::lock_guard lock(mu_);
  if (auto* f = find(name)) f->series.clear();
}

void Metrics::observe(std::string_view name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  auto* f = find(name);
  if (!f) return;
  Series& s = f->series[render_labels(labels)];
  if (s.counts.empty()) s.counts.assign(f->buckets.size(), 0);
  for (std::size_t i = 0; i < f->buckets.size(); ++i)
    if (value <= f->buckets[i]) {
      s.counts[i] += 1;
      break;
    }
  s.value += value;
  s.count += 1;
}

void Metrics::add_collector(std::function<void(Metrics&)> fn) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(fn));
}

std::string Metrics::render() {
  std::vector<std::function<void(Metrics&)>> collectors;
  {
    std::lock_guard lock(mu_);
    collectors = collectors_;
  }
  for (auto& c : collectors) c(*this);
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + type_name(f.type) + "\n";
    for (const auto& [key, s] : f.series) {
      if (f.type != Type::Histogram) {
        out += name + key + " " + number(s.value) + "\n";
        continue;
      }
      double cumulative = 0;
      for (std::size_t i = 0; i < f.buckets.size(); ++i) {
        cumulative += s.counts[i];
        out += name + "_bucket" + with_le(key, number(f.buckets[i])) + " " + number(cumulative) + "\n";
      }
      out += name + "_bucket" + with_le(key, "+Inf") + " " + number(s.count) + "\n";
      out += name + "_sum" + key + " " + number(s.value) + "\n";
      out += name + "_count" + key + " " + number(s.count) + "\n";
    }
  }
  return out;
}

}  // namespace mailflow::core
