// One pipeline worker ('tasks.max' = workers): a consumer in the group (its Source), its own
// record pipeline (converters, transforms), its open batches, and the offsets it may commit.
// Everything here belongs to the worker's polling thread; load threads reach it only through the
// completion inbox, the HTTP server only through the published snapshot (see docs/threading.md).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "run/batcher.hpp"
#include "run/completion_inbox.hpp"
#include "run/dead_letter.hpp"
#include "run/load_scheduler.hpp"
#include "run/offset_tracker.hpp"
#include "run/rate_limiter.hpp"
#include "run/record_pipeline.hpp"
#include "run/rounds.hpp"
#include "run/run_context.hpp"
#include "run/source.hpp"
#include "run/worker_snapshot.hpp"

namespace sluice::engine {

/// What a worker is made of; tests pass in-memory parts.
struct WorkerParts {
  RecordPipeline::Parts pipeline;
  std::function<std::unique_ptr<Source>(AssignmentListener&)> source;
  std::unique_ptr<DeadLetterWriter> dead_letters;  // errors.tolerance = all; else null
};

class Worker final : private AssignmentListener {
 public:
  Worker(RunContext& ctx, int index, LoadScheduler& loads, WorkerParts parts);
  ~Worker() override;
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// The poll loop; returns when stopped, drained (with --drain, once told to finish) or failed,
  /// after the last flush and commit.
  void run();
  /// --drain: every assigned partition consumed to its start end offset, loaded and committed.
  bool drained() const noexcept { return drained_; }
  /// Tells a drained worker to leave.
  void finish() noexcept { finish_ = true; }
  /// The state last published by the polling thread (thread-safe).
  WorkerSnapshot snapshot() const;

 private:
  void on_assigned(const std::vector<TopicPartition>& parts) override;
  void on_revoked(const std::vector<TopicPartition>& parts, bool lost) override;

  void handle(SourceEvent& ev);
  bool process(const SourceMessage& m);
  bool append(const SourceMessage& m, Record& rec);
  bool record_error(const SourceMessage& m, const RecordFailure& f);
  void submit(std::shared_ptr<Batch> batch);
  void submit_all(std::vector<std::shared_ptr<Batch>> batches);
  /// Sealed batches go to the sink: loaded each (at least once), or cut into a round with every
  /// other open batch (exactly once).
  void flush(std::vector<std::shared_ptr<Batch>> sealed);
  void post_job(LoadJob job, std::size_t bytes);

  // Exactly-once (worker_eos.cpp; docs/delivery.md).
  void cut_round(std::vector<std::shared_ptr<Batch>> sealed);
  void on_txn_step(const Completion& c);
  void post_txn(const std::string& table, std::uint64_t seq, LoadStep step, std::string label);
  enum class Decision { all, waiting, refused };
  /// Decides every round that may be. `releasing`: partitions are about to go, so a refusal is
  /// final and the commit is sent even before commit_not_before_.
  Decision decide(bool releasing);
  void abandon_rounds();
  void rewind();
  void recover(const std::vector<TopicPartition>& parts);
  void revoke_rounds(const std::vector<TopicPartition>& parts, bool lost);
  void finish_rounds();
  void eos_tick(std::chrono::steady_clock::time_point now);
  void collect_completions();
  void wait_in_flight();
  void commit(bool all);
  bool bounded();
  void on_tick(std::chrono::steady_clock::time_point now);
  bool at_end_offsets() const;
  void update_drained();
  void publish(bool with_lag);
  void shut_down();
  std::size_t buffered() const noexcept { return batcher_.open_bytes() + in_flight_bytes_; }

  struct TopicCounts {
    std::uint64_t consumed = 0;
    std::map<std::string, std::uint64_t> routed;  // table → records
  };
  TopicCounts& counts_for(std::string_view topic);

  RunContext& ctx_;
  const int index_;
  LoadScheduler& loads_;
  RecordPipeline pipeline_;
  Batcher batcher_;
  OffsetTracker tracker_;
  std::unique_ptr<DeadLetterWriter> dlq_;
  RateLimiter log_limiter_;
  std::unique_ptr<Source> source_;
  std::shared_ptr<CompletionInbox> inbox_;

  // Exactly-once state (rounds_ unused at least once).
  const bool eos_;
  Rounds rounds_;
  std::map<TopicPartition, std::int64_t> cut_at_;  // the end offset of the last round cut
  std::set<std::uint64_t> abandoned_;  // txns of abandoned rounds still preparing: roll back
  std::vector<std::shared_ptr<Batch>> sealed_;  // filled by the message being handled
  std::size_t recovering_ = 0;                  // recovery steps in flight
  std::chrono::steady_clock::time_point last_cut_ = std::chrono::steady_clock::now();

  RecordPipeline::Output out_;                      // process() scratch
  std::map<std::uint64_t, std::string> in_flight_;  // submitted batches: seq → table
  std::map<std::string, std::size_t> in_flight_bytes_by_table_;
  std::size_t in_flight_bytes_ = 0;
  std::map<TopicPartition, std::int64_t> end_offsets_;  // --drain targets, fixed at assignment
  std::map<std::string, TopicCounts, std::less<>> counts_;
  TopicCounts* last_counts_ = nullptr;
  std::string last_topic_;
  SourceMessage held_;  // read while the buffer was full: handled first after resuming
  bool assigned_once_ = false;
  bool dirty_ = false;  // something loaded or reached since the last commit
  bool paused_ = false;
  bool eof_seen_ = false;
  bool interrupted_ = false;  // stopping while a record waited on a retryable failure
  std::size_t buffered_peak_ = 0;
  WorkerProgress progress_;
  std::chrono::steady_clock::time_point last_tick_{}, last_lag_{};
  std::chrono::steady_clock::time_point commit_not_before_{};  // after a failed commit
  std::atomic<bool> drained_{false};
  std::atomic<bool> finish_{false};

  mutable std::mutex
      snapshot_mu_;  // guards snapshot_ only; taken last, never held while calling out
  WorkerSnapshot snapshot_;
};

}  // namespace sluice::engine
