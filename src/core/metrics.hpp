// Metrics: counters, gauges and histograms with labels, rendered in the Prometheus text
// exposition format (version 0.0.4) for GET /metrics. Every metric is declared once (name, type,
// help; buckets for histograms) and then updated from any thread. Collectors — functions run at
// scrape time — fill gauges that are cheaper to read than to track (queue depth, pool sessions).
// No Debian package offers a C++ Prometheus client, hence this small one.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailflow::core {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  enum class Type { Counter, Gauge, Histogram };

  void declare(std::string name, Type type, std::string help, std::vector<double> buckets = {});
  void inc(std::string_view name, const Labels& labels = {}, double by = 1);
  void set(std::string_view name, const Labels& labels, double value);
  void observe(std::string_view name, const Labels& labels, double value);
  // Drops every series of a gauge (before a collector sets the current ones).
  void clear(std::string_view name);

  void add_collector(std::function<void(Metrics&)> fn);
  // Runs the collectors (they may block: call it off the I/O threads), then renders.
  std::string render();

 private:
  struct Series {
    double value = 0;               // counter, gauge; histogram: sum
    std::vector<double> counts;     // histogram: per bucket (not cumulative)
    double count = 0;               // histogram: observations
  };
  struct Family {
    Type type;
    std::string help;
    std::vector<double> buckets;
    std::map<std::string, Series> series;  // key: rendered label set "{a=\"x\"}"
  };
  Family* find(std::string_view name);

  std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
  std::vector<std::function<void(Metrics&)>> collectors_;
};

std::string render_labels(const Labels& labels);  // {a="x",b="y"} with escaping; "" when empty

}  // namespace mailflow::core
