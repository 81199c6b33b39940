// A librdkafka consumer in a group, as a pipeline worker uses it: manual offset commits,
// cooperative rebalancing, pause/resume, end offsets for --drain.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/pipeline.hpp"
#include "run/batch.hpp"

namespace sluice::engine {

/// Owns an rd_kafka_message_t.
struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const noexcept { rd_kafka_message_destroy(m); }
};
using KafkaMessage = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

class KafkaConsumer {
 public:
  /// Called from poll() when partitions are assigned or revoked (cooperative: only the changes).
  /// `lost` is true when the assignment was lost (no commit possible).
  struct RebalanceHandler {
    std::function<void(const std::vector<TopicPartition>&)> assigned;
    std::function<void(const std::vector<TopicPartition>&, bool lost)> revoked;
  };

  /// Creates the consumer and subscribes. Throws std::runtime_error with librdkafka's message.
  KafkaConsumer(const Pipeline& p, int worker_index, RebalanceHandler handler);
  ~KafkaConsumer();
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  /// Next message or event, or nullptr after `timeout_ms`. When the local queue is empty while
  /// assigned partitions are still behind, wakes their leaders' fetchers first (see
  /// wake_fetchers()).
  KafkaMessage poll(int timeout_ms);
  /// Pauses or resumes fetching of every assigned partition (poll() keeps serving rebalances).
  void pause_all();
  void resume_all();
  /// Makes a poll() blocked in another thread return at once (thread-safe): the worker has
  /// something to do that is not a Kafka event (a load finished, offsets to commit).
  void wake() noexcept;
  /// Commits `offsets` (the next offset to read, per partition). Throws on failure when sync.
  void commit(const std::map<TopicPartition, std::int64_t>& offsets, bool sync);
  /// High watermark (end offset) of a partition; -1 when it cannot be read.
  std::int64_t end_offset(const TopicPartition& tp, int timeout_ms = 5000);
  /// End offset last seen in a fetch response (no request); -1 when unknown.
  std::int64_t cached_end_offset(const TopicPartition& tp);
  /// Leaves the group (after the last commit).
  void close();

  std::string name() const { return rd_kafka_name(rk_); }

 private:
  static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque);
  void wake_fetchers();
  void learn_leaders();

  RebalanceHandler handler_;
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;  // the consumer queue, for wake()
  bool closed_ = false;
  bool paused_ = false;
  // wake_fetchers(): the leader broker of each assigned partition (refreshed after a rebalance,
  // a failed wake-up, and once a minute), and when the next wake-up may run.
  std::map<TopicPartition, std::int32_t> leaders_;
  std::chrono::steady_clock::time_point leaders_learned_{};
  bool leaders_stale_ = true;
  std::chrono::steady_clock::time_point next_wake_{};
  std::chrono::steady_clock::time_point last_wake_{};
  std::uint64_t queue_limit_bytes_ = 64ull << 20;  // queued.max.messages.kbytes, in bytes
  std::uint64_t consumed_since_wake_ = 0;          // message bytes poll() returned since then
};

}  // namespace sluice::engine
