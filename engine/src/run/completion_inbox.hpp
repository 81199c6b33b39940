// Where load threads hand finished batches back to the worker that submitted them: the only
// state a load thread touches of a worker. Shared (shared_ptr) by the worker and its pending load
// callbacks, so a callback that runs after the worker is gone harms nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "run/load_scheduler.hpp"
#include "run/source.hpp"

namespace sluice::engine {

struct Completion {
  std::uint64_t seq = 0;
  std::string table;
  std::size_t bytes = 0;
  std::size_t records = 0;
  LoadOutcome::Kind kind = LoadOutcome::Kind::abandoned;
  std::int64_t rows_loaded = 0;
  LoadStep step = LoadStep::load;
  std::string label;  // transaction steps: the label the step ended with
};

class CompletionInbox {
 public:
  /// `wake`: woken on every post (its poll() returns), until detach().
  explicit CompletionInbox(Source* wake) : wake_(wake) {}

  void post(Completion c) {
    {
      std::lock_guard lock(mu_);
      items_.push_back(std::move(c));
      if (wake_) wake_->wake();
    }
    cv_.notify_all();
  }
  std::vector<Completion> take() {
    std::lock_guard lock(mu_);
    std::vector<Completion> out;
    out.swap(items_);
    return out;
  }
  /// Waits until something is posted or `timeout` passes.
  void wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return !items_.empty(); });
  }
  /// The source is going away: stop waking it.
  void detach() {
    std::lock_guard lock(mu_);
    wake_ = nullptr;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Completion> items_;
  Source* wake_;
};

}  // namespace sluice::engine
