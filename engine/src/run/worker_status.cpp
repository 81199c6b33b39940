// The worker's drain check and what it publishes (metrics, the snapshot for /status and progress).
#include <algorithm>

#include "run/worker.hpp"

namespace sluice::engine {

// --drain: every assigned partition consumed up to the end offset it had when assigned.
bool Worker::at_end_offsets() const {
  if (!assigned_once_) return false;
  for (const auto& tp : tracker_.partitions()) {
    auto end = end_offsets_.find(tp);
    if (end == end_offsets_.end()) return false;
    if (end->second > 0 && tracker_.position(tp) < end->second) return false;
  }
  return true;
}

// --drain: ... and everything loaded and committed.
void Worker::update_drained() {
  if (!ctx_.drain) return;
  bool done = assigned_once_ && batcher_.empty() && in_flight_.empty() && !held_ && rounds_.empty();
  for (const auto& tp : tracker_.partitions()) {
    if (!done) break;
    auto end = end_offsets_.find(tp);
    if (end == end_offsets_.end() || end->second < 0) return;  // not known yet: undecided
    if (end->second > 0 &&
        (tracker_.position(tp) < end->second || tracker_.committed(tp) < end->second))
      return;
  }
  if (done && !drained_) {
    drained_ = true;
    publish(false);  // the snapshot that says drained counts every record handled
  }
}

void Worker::publish(bool with_lag) {
  const Labels worker{{"worker", std::to_string(index_)}};
  ctx_.metrics.set("sluice_buffered_bytes", worker, static_cast<double>(buffered()));
  ctx_.metrics.set("sluice_buffered_bytes_peak", worker, static_cast<double>(buffered_peak_));
  for (auto& [topic, c] : counts_) {
    if (c.consumed > 0)
      ctx_.metrics.add("sluice_records_consumed_total", {{"topic", topic}},
                       static_cast<double>(c.consumed));
    c.consumed = 0;
    for (auto& [table, n] : c.routed)
      if (n > 0) {
        ctx_.metrics.add("sluice_records_routed_total", {{"topic", topic}, {"table", table}},
                         static_cast<double>(n));
        n = 0;
      }
  }
  WorkerSnapshot s;
  s.worker = index_;
  s.progress = progress_;
  s.progress.drained = drained_;
  s.buffered_bytes = buffered();
  s.buffered_peak = buffered_peak_;
  s.paused = paused_;
  for (const auto& [table, b] : batcher_.open()) s.pending_bytes[table] += b->bytes();
  for (const auto& [table, n] : in_flight_bytes_by_table_) s.pending_bytes[table] += n;
  for (const auto& tp : tracker_.partitions()) {
    PartitionSnapshot ps{tp, tracker_.position(tp), tracker_.committed(tp),
                         source_->cached_end_offset(tp)};
    if (with_lag && ps.end < 0) ps.end = source_->end_offset(tp, 1000);  // not seen in a fetch yet
    if (auto end = end_offsets_.find(tp); end != end_offsets_.end() && end->second > 0) {
      s.progress.drain_total += end->second;
      s.progress.drain_left +=
          std::max<std::int64_t>(0, end->second - std::max<std::int64_t>(0, ps.position));
    }
    s.partitions.push_back(ps);
  }
  if (with_lag) {
    last_lag_ = std::chrono::steady_clock::now();
    for (const auto& ps : s.partitions)
      if (ps.end >= 0 && ps.position >= 0)
        ctx_.metrics.set("sluice_consumer_lag",
                         {{"topic", ps.tp.topic}, {"partition", std::to_string(ps.tp.partition)}},
                         static_cast<double>(std::max<std::int64_t>(0, ps.end - ps.position)));
    ctx_.metrics.set("sluice_paused_partitions", worker,
                     paused_ ? static_cast<double>(s.partitions.size()) : 0);
  }
  std::lock_guard lock(snapshot_mu_);
  snapshot_ = std::move(s);
}

WorkerSnapshot Worker::snapshot() const {
  std::lock_guard lock(snapshot_mu_);
  return snapshot_;  // its `drained` and its counts come from one publish()
}

}  // namespace sluice::engine
