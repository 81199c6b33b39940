// Counters and gauges of the running engine, rendered in the Prometheus text format.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sluice::engine {

/// Label set, e.g. {{"topic","orders"},{"table","orders"}}; kept in the given order.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  void add(const std::string& name, const Labels& labels, double delta = 1);
  void set(const std::string& name, const Labels& labels, double value);
  double get(const std::string& name, const Labels& labels = {}) const;
  /// Adds an observation to the histogram `name` (seconds; buckets from 5 ms to 60 s).
  void observe(const std::string& name, const Labels& labels, double value);
  /// Declares the help text and type ("counter" or "gauge") of a metric family.
  void describe(const std::string& name, const std::string& type, const std::string& help);
  /// Prometheus text exposition format 0.0.4.
  std::string render() const;

 private:
  static std::string key(const Labels& labels);
  struct Family {
    std::string type = "untyped", help;
    std::map<std::string, double> series;  // rendered label set → value
  };
  struct Histogram {
    std::vector<double> counts;  // per bucket (not cumulative), last is +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  static const std::vector<double>& bounds();
  std::map<std::string, std::map<std::string, Histogram>> histograms_;  // name → labels → data
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

}  // namespace sluice::engine
