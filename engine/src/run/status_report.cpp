#include "run/status_report.hpp"

#include <chrono>

#include "config/pipeline.hpp"
#include "log/logging.hpp"

namespace sluice::engine {

Value StatusReport::status() const {
  Value st = {{"pipeline", ctx_.pipeline.name},
              {"state", ctx_.failed()         ? "failed"
                        : ctx_.stop_requested ? "stopping"
                                              : "running"},
              {"tables", Value::object()},
              {"partitions", Value::array()}};
  if (auto fatal = ctx_.fatal()) st["error"] = redact(*fatal);
  Value& tables = st["tables"];
  auto table = [&](const std::string& name) -> Value& {
    Value& t = tables[name];
    if (!t.is_object()) t = {{"pending_bytes", 0}};
    return t;
  };
  for (const auto& w : workers_) {
    const WorkerSnapshot s = w->snapshot();
    for (const auto& [name, bytes] : s.pending_bytes) {
      Value& t = table(name);
      t["pending_bytes"] = t["pending_bytes"].get<std::size_t>() + bytes;
    }
    for (const auto& p : s.partitions) {
      Value part = {{"topic", p.tp.topic}, {"partition", p.tp.partition}, {"worker", s.worker}};
      part["position"] = p.position < 0 ? Value(nullptr) : Value(p.position);
      part["committed"] = p.committed < 0 ? Value(nullptr) : Value(p.committed);
      part["end"] = p.end < 0 ? Value(nullptr) : Value(p.end);
      if (p.end >= 0 && p.position >= 0)
        part["lag"] = std::max<std::int64_t>(0, p.end - p.position);
      st["partitions"].push_back(std::move(part));
    }
  }
  for (const auto& [name, ts] : loads_.tables()) {
    Value& t = table(name);
    t["last_label"] = ts.last_label;
    t["last_result"] = ts.last_result;
    t["last_load_time_ms"] = ts.last_time_ms;
    t["queued_batches"] = ts.queued;
    if (ts.outage_since_ms) t["failing_since_ms"] = ts.outage_since_ms;
  }
  return st;
}

std::string StatusReport::health() const {
  if (auto fatal = ctx_.fatal()) return "stopped: " + redact(*fatal);
  const auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count() -
                     outage_ms_;
  std::string reasons;
  for (const auto& [name, ts] : loads_.tables())
    if (ts.outage_since_ms && ts.outage_since_ms <= since)
      reasons += (reasons.empty() ? "" : "; ") +
                 ("table " + name + " failing to load since " + std::to_string(ts.outage_since_ms) +
                  " ms (epoch): " + ts.last_result);
  return reasons.empty() ? std::string() : "sink outage: " + reasons;
}

}  // namespace sluice::engine
