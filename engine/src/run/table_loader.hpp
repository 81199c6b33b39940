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

  TableLoader(RunContext& ctx, std::string table, Done done);
  ~TableLoader();  // finishes nothing: call drain-wait first; stops and joins
  TableLoader(const TableLoader&) = delete;
  TableLoader& operator=(const TableLoader&) = delete;

  void enqueue(std::shared_ptr<Batch> batch);
  /// True when nothing is queued or loading, or the loader stopped for good after a failure.
  bool idle() const;
  bool dead() const { return dead_; }

 private:
  void run();
  bool load_with_retries(const std::shared_ptr<Batch>& batch);

  RunContext& ctx_;
  std::string table_;
  Done done_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Batch>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::atomic<bool> dead_{false};
  std::thread thread_;
};

}  // namespace sluice::engine
