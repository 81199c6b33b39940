// What every worker of one `sluice run` shares: the pipeline, the shared plugins, metrics, and
// the stop/fail state.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>

#include <sluice/loader.hpp>

#include "config/pipeline.hpp"
#include "metrics/metrics.hpp"
#include "plugin_host/host_services.hpp"

namespace sluice::engine {

struct RunContext {
  RunContext(const Pipeline& p, Metrics& m, HostServices& h, PluginInstance<Formatter> f,
             PluginInstance<Sink> s)
      : pipeline(p), metrics(m), host(h), formatter(std::move(f)), sink(std::move(s)) {}

  const Pipeline& pipeline;
  Metrics& metrics;
  HostServices& host;
  PluginInstance<Formatter> formatter;  // shared: new_body() is thread-safe
  PluginInstance<Sink> sink;            // shared: load() runs in parallel for different tables
  std::size_t buffer_limit = 0;         // bytes per worker
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
