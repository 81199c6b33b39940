// Loads sealed batches into the sink on a bounded pool of threads, shared by every worker of the
// run. Keyed by table: the batches of one table load one after another, in the order they were
// submitted (whichever worker submitted them), never two at once; different tables load in
// parallel, up to the pool's size. A retryable failure is retried with exponential backoff and
// jitter, the table waiting on a timer meanwhile (its thread serves other tables).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sluice/sink.hpp>

#include "metrics/metrics.hpp"
#include "run/batch.hpp"
#include "run/dead_letter.hpp"
#include "run/plugin_call.hpp"

namespace sluice::engine {

/// How a submitted batch ended.
struct LoadOutcome {
  enum class Kind {
    loaded,         // the sink holds it durably (or had it before, under its label)
    dead_lettered,  // refused for good, its records written to the dead-letter topic
    abandoned,      // not loaded: the run stops (a permanent failure, or the scheduler stopped)
  };
  Kind kind = Kind::abandoned;
  LoadResult result;
  /// Transaction steps: the label the step ended with (txn_prepare: the attempt that prepared).
  std::string label;
};

/// What a job does with its batch. Exactly-once runs transaction steps (load_scheduler_txn.cpp,
/// docs/delivery.md); `loaded` then means the step is done.
enum class LoadStep {
  load,          // one Stream Load of the body (at least once)
  txn_prepare,   // begin, load the body, prepare, under batch->label + "-<attempt>"
  txn_commit,    // commit `label`; retried without limit: the decision stands
  txn_rollback,  // roll `label` back, one attempt (a courtesy: undecided means never visible)
  txn_recover,   // at assignment: commit `label` if it is prepared, else check it is committed
};

struct LoadJob {
  std::shared_ptr<Batch> batch;  // txn_commit/rollback/recover: only its table (and seq) matter
  LoadStep step = LoadStep::load;
  std::string label;  // txn_commit, txn_rollback, txn_recover
  /// errors.tolerance = all: where a batch the sink refuses for good goes. Null: the run fails.
  DeadLetterWriter* dead_letters = nullptr;
  /// Called once, from a load thread (or from stop()), when the batch is done with.
  std::function<void(const std::shared_ptr<Batch>&, const LoadOutcome&)> done;
};

class LoadScheduler {
 public:
  struct Settings {
    std::size_t threads = 8;
    std::chrono::milliseconds backoff{1000}, backoff_max{60000};
    std::int64_t max_retries = -1;  // -1: without limit
    std::string dead_letter_topic;  // for messages
  };
  /// What /status shows of a table.
  struct TableState {
    std::string last_label;
    std::string last_result;  // "ok", "already loaded", "retryable: …", "dead-lettered: …", …
    std::int64_t last_time_ms = 0;     // wall clock of the last answer
    std::int64_t outage_since_ms = 0;  // first failure of the current retry streak; 0: none
    std::size_t queued = 0;            // batches waiting or loading
  };
  using FailRun = std::function<void(const std::string& message)>;

  LoadScheduler(Sink& sink, PluginRef sink_ref, Metrics& metrics, Settings settings, FailRun fail);
  ~LoadScheduler();  // stop()
  LoadScheduler(const LoadScheduler&) = delete;
  LoadScheduler& operator=(const LoadScheduler&) = delete;

  void submit(LoadJob job);
  /// No new attempt starts; attempts under way finish; every job not done is abandoned; the
  /// threads are joined. Idempotent.
  void stop();
  std::map<std::string, TableState> tables() const;
  std::size_t threads() const noexcept { return threads_.size(); }

 private:
  struct Table {
    std::string name;
    std::deque<LoadJob> jobs;  // front: loading or next
    TableState state;
    bool busy = false;         // a thread works on its front job
    bool failed = false;       // refused for good without a dead-letter topic: nothing more loads
    std::int64_t attempt = 0;  // of the front job
    std::chrono::steady_clock::time_point not_before{};
  };
  /// The answer to one attempt, as the table's queue sees it.
  enum class Next { done, retry, fail };

  void run();
  Table* next_ready(std::unique_lock<std::mutex>& lock);
  Next attempt(Table& t, const LoadJob& job, std::int64_t attempt, LoadOutcome& outcome,
               std::chrono::milliseconds& delay);
  Next refused(Table& t, const LoadJob& job, const LoadResult& r, bool retryable,
               std::int64_t attempt, LoadOutcome& outcome);
  std::chrono::milliseconds backoff(std::int64_t attempt) const;
  // Transaction steps (load_scheduler_txn.cpp).
  Next txn_attempt(Table& t, const LoadJob& job, std::int64_t attempt, LoadOutcome& outcome,
                   std::chrono::milliseconds& delay);
  Next txn_prepare(Table& t, const LoadJob& job, std::int64_t attempt, LoadOutcome& outcome,
                   std::chrono::milliseconds& delay);
  Next txn_finish(Table& t, const LoadJob& job, std::int64_t attempt, LoadOutcome& outcome,
                  std::chrono::milliseconds& delay);
  TxnResult txn_call(const char* step, const LoadJob& job,
                     const std::function<TxnResult(TransactionalSink&)>& call);
  void set_state(Table& t, const std::string& label, const std::string& result, bool ok,
                 bool retryable);

  Sink& sink_;
  TransactionalSink* txns_;  // the sink's, or null
  PluginRef ref_;
  Metrics& metrics_;
  Settings settings_;
  FailRun fail_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Table> tables_;
  std::deque<std::string> ready_;  // tables with a job to start, in turn
  std::multimap<std::chrono::steady_clock::time_point, std::string> timers_;  // retry waits
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: started once the rest exists
};

}  // namespace sluice::engine
