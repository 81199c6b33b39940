// Loads the sealed batches of one table, one after another in consumption order, retrying
// retryable failures with exponential backoff and jitter.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "run/batch.hpp"
#include "run/run_context.hpp"

namespace sluice::engine {

class TableLoader {
 public:
  using Done = std::function<void(const std::shared_ptr<Batch>&, const LoadResult&)>;
  /// Writes a batch StarRocks refused for good to the dead-letter topic (errors.tolerance = all);
  /// returns the records written, throws on failure.
  using DeadLetter = std::function<std::size_t(const Batch&, const std::string& error)>;

  /// What /status shows of a table.
  struct State {
    std::string last_label;
    std::string
        last_result;  // "ok", "already loaded", "retrying: …", "dead-lettered: …", "failed: …"
    std::int64_t last_time_ms = 0;     // wall clock of the last answer
    std::int64_t outage_since_ms = 0;  // first failure of the current retry streak, 0 when none
    std::size_t queued = 0;
  };

  TableLoader(RunContext& ctx, std::string table, Done done, DeadLetter dead_letter = {});
  ~TableLoader();  // finishes nothing: call drain-wait first; stops and joins
  TableLoader(const TableLoader&) = delete;
  TableLoader& operator=(const TableLoader&) = delete;

  void enqueue(std::shared_ptr<Batch> batch);
  /// True when nothing is queued or loading, or the loader stopped for good after a failure.
  bool idle() const;
  bool dead() const { return dead_; }
  State state() const;

 private:
  void run();
  bool load_with_retries(const std::shared_ptr<Batch>& batch);

  RunContext& ctx_;
  std::string table_;
  Done done_;
  DeadLetter dead_letter_;
  State state_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Batch>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::atomic<bool> dead_{false};
  std::thread thread_;
};

}  // namespace sluice::engine
