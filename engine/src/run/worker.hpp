// One pipeline worker ('tasks.max' = workers): a consumer in the group, its own converters and
// transforms, one open batch per table, and a loader per table. It commits an offset only when
// every record at or below it is loaded.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "run/batch.hpp"
#include "run/dead_letter.hpp"
#include "run/kafka_consumer.hpp"
#include "run/rate_limiter.hpp"
#include "run/run_context.hpp"
#include "run/table_loader.hpp"

namespace sluice::engine {

struct WorkerProgress {
  std::uint64_t records = 0;      // Kafka messages processed
  std::uint64_t bytes = 0;        // their value bytes
  std::uint64_t rows_loaded = 0;  // rows StarRocks loaded
  std::uint64_t loads = 0;        // successful loads
  std::int64_t lag = 0;           // messages behind the end offsets known
  std::int64_t drain_total = 0;   // --drain: messages to consume at start
  std::int64_t drain_left = 0;    // --drain: messages still to consume
  bool drained = false;
};

class Worker {
 public:
  Worker(RunContext& ctx, int index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// The poll loop; returns when stopped, drained (with --drain, once the runner says so) or
  /// failed.
  void run();
  /// --drain: every assigned partition consumed to its start end offset, loaded and committed.
  bool drained() const { return drained_; }
  /// Tells a drained worker to leave.
  void finish() { finish_ = true; }
  WorkerProgress progress() const;
  /// For /status: per table (pending bytes, last load) and per partition (committed, lag).
  Value status() const;
  /// Tables failing to load since before `since_ms` (wall clock), with their last error.
  std::vector<std::string> outages(std::int64_t since_ms) const;

 private:
  /// A topic as the poll loop sees it: its name, cached by librdkafka handle, and its per-record
  /// counts, published to Metrics once per tick (a labelled Metrics update locks and renders a key:
  /// too dear per record).
  struct TopicSlot {
    std::string name;
    std::uint64_t consumed = 0;
    std::vector<std::pair<std::string, std::uint64_t>> routed;  // table → records
  };

  void handle(rd_kafka_message_t* m);
  bool process(rd_kafka_message_t* m);
  Status append(Record&& rec, TopicSlot& topic);
  void finish_message(const rd_kafka_message_t* m);
  TopicSlot& topic_slot(const rd_kafka_topic_t* rkt);
  void publish_counts();
  Status convert_with_retry(const std::function<Status()>& call);
  void seal(const std::string& table);
  void seal_all();
  void seal_largest();
  void seal_expired(std::chrono::steady_clock::time_point now, bool check_age);
  void on_loaded(const std::shared_ptr<Batch>& batch, const LoadResult& r);
  void wait_loads_idle();
  void commit(bool force);
  void on_assigned(const std::vector<TopicPartition>& parts);
  void on_revoked(const std::vector<TopicPartition>& parts, bool lost);
  void update_drained();
  void update_lag_metrics();
  std::size_t buffered_locked() const;
  const std::string& route(const Record& r) const;
  bool record_error(const rd_kafka_message_t* m, ErrorStage stage, const std::string& plugin,
                    const Status& st);

  RunContext& ctx_;
  int index_;
  bool fast_path_ = false;
  PluginInstance<Converter> key_conv_, value_conv_;
  std::vector<PluginInstance<Transform>> transforms_;
  std::map<std::string, std::string> topic_to_table_;
  std::unique_ptr<DeadLetterQueue> dlq_;  // with errors.tolerance = "all"
  RateLimiter log_limiter_;
  std::unique_ptr<KafkaConsumer> consumer_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::unique_ptr<Batch>> open_;           // poll thread only (under mu_)
  std::set<std::shared_ptr<Batch>> in_flight_;                   // sealed, not yet loaded
  std::map<std::string, std::unique_ptr<TableLoader>> loaders_;  // per table
  std::map<TopicPartition, std::int64_t> next_offset_;           // after the last processed message
  // finish_message(): the next_offset_ entry of the partition last seen (reset on revocation).
  std::map<TopicPartition, std::int64_t>::iterator last_position_;
  bool last_position_valid_ = false;
  std::unordered_map<const rd_kafka_topic_t*, TopicSlot> topics_;  // poll thread only
  std::map<TopicPartition, std::int64_t> committed_;
  std::map<TopicPartition, std::int64_t> end_offsets_;  // --drain targets
  std::set<TopicPartition> assigned_;
  bool assigned_once_ = false;
  bool dirty_ = false;  // something loaded since the last commit
  bool paused_ = false;
  bool eof_seen_ = false;  // a partition reached its end since the last drain check
  KafkaMessage held_;      // read while the buffer was full; processed first after resuming
  std::atomic<bool> drained_{false};
  std::atomic<bool> finish_{false};
  std::atomic<std::uint64_t> records_{0}, bytes_{0}, rows_loaded_{0}, loads_{0};
  std::size_t buffered_peak_ = 0;
  std::chrono::steady_clock::time_point last_lag_update_{};
  std::chrono::steady_clock::time_point last_tick_{};
  std::size_t largest_record_ = 0;
};

}  // namespace sluice::engine
