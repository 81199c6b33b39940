// /status and /health of a run, composed from the workers' snapshots and the load scheduler's
// table states. Called from the HTTP server's thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <sluice/record.hpp>

#include "run/load_scheduler.hpp"
#include "run/run_context.hpp"
#include "run/worker.hpp"

namespace sluice::engine {

class StatusReport {
 public:
  StatusReport(const RunContext& ctx, const std::vector<std::unique_ptr<Worker>>& workers,
               const LoadScheduler& loads, std::int64_t health_outage_ms)
      : ctx_(ctx), workers_(workers), loads_(loads), outage_ms_(health_outage_ms) {}

  /// {"pipeline", "state", "tables": {name: {pending_bytes, last_label, …}}, "partitions": […]}
  Value status() const;
  /// Empty when healthy; else why not (failed, or a table failing to load for too long).
  std::string health() const;

 private:
  const RunContext& ctx_;
  const std::vector<std::unique_ptr<Worker>>& workers_;
  const LoadScheduler& loads_;
  std::int64_t outage_ms_;
};

}  // namespace sluice::engine
