// Metrics: the Prometheus text exposition format (0.0.4), checked line by line.
#include "core/metrics.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

using namespace mailflow::core;

namespace {
bool name_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}
// Reads a metric (or, without colons, label) name at `i`; empty when there is none.
std::string read_name(const std::string& s, std::size_t& i, bool colons = true) {
  std::size_t start = i;
  while (i < s.size() && name_char(s[i], i == start) && (colons || s[i] != ':')) ++i;
  return s.substr(start, i - start);
}
bool valid_value(const std::string& v) {
  if (v == "+Inf" || v == "-Inf" || v == "NaN") return true;
  if (v.empty()) return false;
  char* end = nullptr;
  std::strtod(v.c_str(), &end);
  return end == v.c_str() + v.size() && v.find_first_of("iInN") == std::string::npos;
}
// A sample line: name, optional {l="v",...} with only \\ \" \n escapes, one space, a value.
bool parse_sample(const std::string& line, std::string& name, bool& has_le) {
  std::size_t i = 0;
  name = read_name(line, i);
  if (name.empty()) return false;
  has_le = false;
  if (i < line.size() && line[i] == '{') {
    ++i;
    for (bool first = true;; first = false) {
      if (i < line.size() && line[i] == '}' && first) break;
      std::string label = read_name(line, i, false);
      if (label.empty() || line.compare(i, 2, "=\"") != 0) return false;
      has_le |= label == "le";
      for (i += 2; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\n') return false;
        if (line[i] == '\\' &&
            (i + 1 >= line.size() || std::string("\\\"n").find(line[++i]) == std::string::npos))
          return false;
      }
      if (i >= line.size()) return false;
      ++i;  // the closing quote
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      if (i < line.size() && line[i] == '}') break;
      return false;
    }
    ++i;  // '}'
  }
  return i < line.size() && line[i] == ' ' && valid_value(line.substr(i + 1));
}

// A strict reading of the text format: every line is HELP, TYPE or a sample; each family has
// one HELP and one TYPE before its samples, its lines are contiguous, and sample names belong
// to the family (histograms: _bucket with an le label, _sum, _count). Returns problems found.
std::vector<std::string> check_exposition(const std::string& text) {
  static const std::set<std::string> types{"counter", "gauge", "histogram", "summary", "untyped"};
  std::vector<std::string> problems;
  std::set<std::string> finished;
  std::string family, family_type;
  bool typed = false;
  if (!text.empty() && text.back() != '\n') problems.push_back("no final newline");
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string name;
    bool has_le = false;
    if (line.rfind("# HELP ", 0) == 0) {
      std::size_t i = 7;
      name = read_name(line, i);
      if (name.empty() || (i < line.size() && line[i] != ' '))
        problems.push_back("bad HELP: " + line);
      if (name == family) problems.push_back("second HELP: " + line);
      if (!family.empty()) finished.insert(family);
      if (finished.count(name)) problems.push_back("family split: " + line);
      family = name;
      typed = false;
    } else if (line.rfind("# TYPE ", 0) == 0) {
      std::size_t i = 7;
      name = read_name(line, i);
      family_type = i < line.size() && line[i] == ' ' ? line.substr(i + 1) : "";
      if (name != family || typed || !types.count(family_type))
        problems.push_back("bad or misplaced TYPE: " + line);
      typed = true;
    } else if (parse_sample(line, name, has_le)) {
      if (!typed) problems.push_back("sample before TYPE: " + line);
      bool belongs = name == family;
      if (family_type == "histogram")
        belongs = name == family + "_sum" || name == family + "_count" ||
                  (name == family + "_bucket" && has_le);
      if (!belongs) problems.push_back("sample outside its family: " + line);
    } else {
      problems.push_back("not a valid line: " + line);
    }
  }
  return problems;
}

// series text ("name{labels}") → value
std::map<std::string, std::string> samples(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto sp = line.rfind(' ');
    out[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return out;
}
}  // namespace

TEST(Metrics, RendersValidPrometheusText) {
  Metrics m;
  m.declare("mf_sent_total", Metrics::Type::Counter, "Messages sent.");
  m.declare("mf_depth", Metrics::Type::Gauge, "Outbox depth.");
  m.declare("mf_latency_seconds", Metrics::Type::Histogram, "Latency.", {0.1, 1, 10});
  m.declare("mf_unused", Metrics::Type::Counter, "Declared, never set.");
  m.inc("mf_sent_total", {{"connection", "dev"}});
  m.inc("mf_sent_total", {{"connection", "dev"}}, 2);
  m.inc("mf_sent_total", {{"connection", "prod"}, {"mode", "async"}});
  m.set("mf_depth", {}, 7.5);
  m.observe("mf_latency_seconds", {{"connection", "dev"}}, 0.05);
  m.observe("mf_latency_seconds", {}, 3);
  const auto text = m.render();
  auto problems = check_exposition(text);
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems) << "\n" << text;
  EXPECT_NE(text.find("# HELP mf_sent_total Messages sent.\n# TYPE mf_sent_total counter\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE mf_depth gauge\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE mf_latency_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE mf_unused counter\n"), std::string::npos);
  auto s = samples(text);
  EXPECT_EQ(s["mf_sent_total{connection=\"dev\"}"], "3");
  EXPECT_EQ(s["mf_sent_total{connection=\"prod\",mode=\"async\"}"], "1");
  EXPECT_EQ(s["mf_depth"], "7.5");
}

TEST(Metrics, TheCheckerCatchesBrokenText) {  // the checker above must be able to fail
  EXPECT_FALSE(check_exposition("# TYPE x counter\nx 1\n").empty());  // no HELP
  EXPECT_FALSE(check_exposition("# HELP x h\n# TYPE x counter\nx{a=\"\"\"} 1\n").empty());
  EXPECT_FALSE(check_exposition("# HELP x h\n# TYPE x counter\ny 1\n").empty());
  EXPECT_FALSE(check_exposition("# HELP x h\n# TYPE x counter\nx one\n").empty());
  EXPECT_TRUE(check_exposition("# HELP x h\n# TYPE x counter\nx{a=\"\\\"\"} 1\n").empty());
}

TEST(Metrics, LabelValuesAreEscaped) {
  EXPECT_EQ(render_labels({}), "");
  EXPECT_EQ(render_labels({{"a", "x"}, {"b", "y"}}), "{a=\"x\",b=\"y\"}");
  EXPECT_EQ(render_labels({{"v", "back\\slash \"quoted\"\nnext"}}),
            "{v=\"back\\\\slash \\\"quoted\\\"\\nnext\"}");
  Metrics m;
  m.declare("mf_x_total", Metrics::Type::Counter, "x");
  m.inc("mf_x_total", {{"route", "a\\b\"c\nd"}});
  const auto text = m.render();
  EXPECT_TRUE(check_exposition(text).empty()) << text;
  EXPECT_NE(text.find("mf_x_total{route=\"a\\\\b\\\"c\\nd\"} 1\n"), std::string::npos) << text;
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfEqualToCount) {
  Metrics m;
  m.declare("mf_h", Metrics::Type::Histogram, "h", {0.1, 1, 10});
  for (double v : std::initializer_list<double>{0.05, 0.1, 0.5, 0.5, 5, 50})
    m.observe("mf_h", {{"c", "dev"}}, v);
  const auto text = m.render();
  EXPECT_TRUE(check_exposition(text).empty()) << text;
  auto s = samples(text);
  EXPECT_EQ(s["mf_h_bucket{c=\"dev\",le=\"0.1\"}"], "2");  // le is inclusive
  EXPECT_EQ(s["mf_h_bucket{c=\"dev\",le=\"1\"}"], "4");
  EXPECT_EQ(s["mf_h_bucket{c=\"dev\",le=\"10\"}"], "5");
  EXPECT_EQ(s["mf_h_bucket{c=\"dev\",le=\"+Inf\"}"], "6");
  EXPECT_EQ(s["mf_h_count{c=\"dev\"}"], "6");
  EXPECT_DOUBLE_EQ(std::stod(s["mf_h_sum{c=\"dev\"}"]), 0.05 + 0.1 + 0.5 + 0.5 + 5 + 50);
  // Buckets come in increasing le order, then sum and count.
  auto b1 = text.find("le=\"0.1\""), b2 = text.find("le=\"1\""), b3 = text.find("le=\"10\""),
       inf = text.find("le=\"+Inf\""), sum = text.find("mf_h_sum"), count = text.find("mf_h_count");
  EXPECT_TRUE(b1 < b2 && b2 < b3 && b3 < inf && inf < sum && sum < count) << text;
  // Without labels, le is the only one.
  Metrics plain;
  plain.declare("mf_p", Metrics::Type::Histogram, "p", {1});
  plain.observe("mf_p", {}, 2);
  auto p = samples(plain.render());
  EXPECT_EQ(p["mf_p_bucket{le=\"1\"}"], "0");
  EXPECT_EQ(p["mf_p_bucket{le=\"+Inf\"}"], "1");
  EXPECT_EQ(p["mf_p_count"], "1");
}

TEST(Metrics, CollectorsRunAtEveryRenderAndClearDropsStaleSeries) {
  Metrics m;
  m.declare("mf_depth", Metrics::Type::Gauge, "depth");
  int calls = 0;
  m.add_collector([&](Metrics& mm) {
    ++calls;
    mm.clear("mf_depth");
    mm.set("mf_depth", {{"status", calls == 1 ? "queued" : "retrying"}}, calls * 10);
  });
  EXPECT_EQ(calls, 0);
  auto first = samples(m.render());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(first["mf_depth{status=\"queued\"}"], "10");
  auto second = samples(m.render());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(second.count("mf_depth{status=\"queued\"}"), 0u) << "clear() left a stale series";
  EXPECT_EQ(second["mf_depth{status=\"retrying\"}"], "20");
}

TEST(Metrics, UndeclaredNamesAreIgnored) {
  Metrics m;
  m.inc("nope_total");
  m.set("nope", {}, 1);
  m.observe("nope_seconds", {}, 1);
  EXPECT_EQ(m.render(), "");
}
