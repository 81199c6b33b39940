// The Source of a worker: a librdkafka consumer in a group, with manual offset commits,
// cooperative rebalancing, pause/resume that follows the assignment, end offsets for --drain.
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
#include "run/source.hpp"

namespace sluice::engine {

class KafkaSource final : public Source {
 public:
  /// Creates the consumer and subscribes. Throws std::runtime_error with librdkafka's message.
  /// `listener` hears of assignment changes (cooperative: only the changes) from inside poll().
  KafkaSource(const Pipeline& p, int worker_index, AssignmentListener& listener);
  ~KafkaSource() override;
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  /// Next message or event, or nullptr after `timeout_ms`. When the local queue is empty while
  /// assigned partitions are still behind, wakes their leaders' fetchers first (see
  /// wake_fetchers()).
  SourceEvent poll(int timeout_ms) override;
  void pause() override;
  void resume() override;
  void wake() noexcept override;
  void commit(const std::map<TopicPartition, std::int64_t>& offsets) override;
  void commit(const std::map<TopicPartition, CommitPoint>& points) override;
  std::map<TopicPartition, CommitPoint> committed(const std::vector<TopicPartition>& parts,
                                                  int timeout_ms) override;
  void seek(const std::map<TopicPartition, std::int64_t>& offsets) override;
  std::int64_t end_offset(const TopicPartition& tp, int timeout_ms) override;
  std::int64_t cached_end_offset(const TopicPartition& tp) override;
  void close() override;

  std::string name() const { return rd_kafka_name(rk_); }

 private:
  static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque);
  void wake_fetchers();
  void learn_leaders();

  void set_paused(const rd_kafka_topic_partition_list_t* parts, bool paused);

  AssignmentListener& listener_;
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;  // the consumer queue, for wake()
  bool closed_ = false;
  bool assigned_once_ = false;  // see close()
  bool leak_on_exit_ = false;   // see close()
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
