// What every worker of one `sluice run` shares: the pipeline, the shared plugins, metrics, and
// the stop/fail state. Immutable after start but for the atomics and the fatal message.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include <sluice/formatter.hpp>
#include <sluice/loader.hpp>
#include <sluice/sink.hpp>

#include "metrics/metrics.hpp"
#include "run/plugin_call.hpp"

namespace sluice::engine {

struct Pipeline;

struct RunContext {
  RunContext(const Pipeline& p, Metrics& m, PluginInstance<Formatter> f, PluginRef fref,
             PluginInstance<Sink> s, PluginRef sref)
      : pipeline(p),
        metrics(m),
        formatter(std::move(f)),
        formatter_ref(std::move(fref)),
        sink(std::move(s)),
        sink_ref(std::move(sref)) {}

  const Pipeline& pipeline;
  Metrics& metrics;
  PluginInstance<Formatter> formatter;  // shared: new_body() is thread-safe
  PluginRef formatter_ref;
  PluginInstance<Sink> sink;  // shared: the load scheduler never overlaps calls for one table
  PluginRef sink_ref;
  std::size_t buffer_limit = 0;  // bytes per worker
  bool drain = false;

  std::atomic<bool> stop_requested{false};  // first SIGTERM/SIGINT: flush, commit, exit
  std::atomic<bool> force_stop{false};      // second signal: leave at once (offsets stay safe)

  /// Records the first fatal error; the pipeline then stops, exit code 1.
  void fail(const std::string& message) {
    std::lock_guard lock(mu_);
    if (!fatal_) fatal_ = message;
    failed_ = true;
  }
  bool failed() const noexcept { return failed_; }
  std::optional<std::string> fatal() const {
    std::lock_guard lock(mu_);
    return fatal_;
  }

 private:
  mutable std::mutex mu_;
  std::optional<std::string> fatal_;
  std::atomic<bool> failed_{false};
};

}  // namespace sluice::engine
