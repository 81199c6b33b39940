// EmbeddedKafka: an in-process Kafka cluster for tests, over librdkafka's mock cluster
// (rdkafka_mock.h). It speaks the real Kafka protocol on 127.0.0.1 (ports chosen by the OS),
// with consumer groups, offset commits and fault injection.
//
// Traps of the mock cluster (librdkafka 2.0.2, read from rdkafka_mock.c):
// - Retention: each partition keeps at most 5 MB of record batches (and at most 100000
//   batches); when a new batch goes over, the OLDEST batches are deleted and the log start
//   offset moves. For large volumes use many partitions, or produce while consuming.
// - A consumer group's first assignment is delayed by about 3 s (the mock's stand-in for
//   group.initial.rebalance.delay.ms). Wait with a deadline of 10 s or more.
// - Producing to (or a producer's metadata request for) an unknown topic auto-creates it
//   with 4 partitions. Call create_topic() first to choose the partition count.
// - There is no CreateTopics/DeleteTopics/DescribeGroups/ListGroups API on the wire:
//   create topics through this class, not through an admin client.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct rd_kafka_mock_cluster_s;

namespace sluice::tools {

// One record header; a nullopt value is a null header value.
struct KafkaHeader {
  std::string key;
  std::optional<std::string> value;

  bool operator==(const KafkaHeader&) const = default;
};

// A record to produce. value == nullopt is a tombstone (null value); key == nullopt is a null
// key; partition == nullopt lets the partitioner choose (by key hash, random without a key).
struct ProduceRecord {
  std::string topic;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::optional<int32_t> partition;
  std::vector<KafkaHeader> headers;
};

// What a bulk produce achieved: every record is either delivered or has one error line.
struct ProduceResult {
  size_t delivered = 0;
  std::vector<std::string> errors;  // "topic [partition]: reason"

  bool ok() const { return errors.empty(); }
};

// A record read back from a topic.
struct ConsumedRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::optional<std::string> key;
  std::optional<std::string> value;  // nullopt = tombstone
  std::vector<KafkaHeader> headers;
  int64_t timestamp_ms = -1;
};

// Low (log start) and high (end) watermark of one partition.
struct Watermarks {
  int64_t low = 0;
  int64_t high = 0;
};

// Kafka protocol API keys, for push_request_errors().
enum class KafkaApi : int16_t {
  Produce = 0,
  Fetch = 1,
  ListOffsets = 2,
  Metadata = 3,
  OffsetCommit = 8,
  OffsetFetch = 9,
  FindCoordinator = 10,
  JoinGroup = 11,
  Heartbeat = 12,
  LeaveGroup = 13,
  SyncGroup = 14,
  InitProducerId = 22,
};

// Errors are thrown as std::runtime_error with context ("EmbeddedKafka: create_topic 'x': ...").
// All public methods may be called from several threads at once.
class EmbeddedKafka {
 public:
  // Starts `brokers` mock brokers (ids 1..brokers) on loopback.
  explicit EmbeddedKafka(int brokers = 1);
  ~EmbeddedKafka();  // stops the cluster and every client handle it owns
  EmbeddedKafka(const EmbeddedKafka&) = delete;
  EmbeddedKafka& operator=(const EmbeddedKafka&) = delete;

  // "127.0.0.1:port1,127.0.0.1:port2,..."
  const std::string& bootstrap_servers() const { return bootstrap_; }
  int broker_count() const { return broker_count_; }

  // replication_factor is capped at the broker count. Throws if the topic exists.
  void create_topic(std::string_view name, int partitions, int replication_factor = 1);
  // Partition count from cluster metadata; throws if the topic does not exist.
  int partition_count(std::string_view topic);

  // Produces one record and waits for its delivery; throws with the delivery error.
  void produce(std::string_view topic, std::optional<std::string_view> key,
               std::optional<std::string_view> value, std::optional<int32_t> partition = {},
               std::span<const KafkaHeader> headers = {});
  // Produces all records, flushes, and reports one error line per record that failed (failed
  // delivery, or refused by the client, e.g. an unknown partition). Records still undelivered
  // at `timeout` are purged and reported. Throws only if the local queue stays full until
  // `timeout`.
  ProduceResult produce_batch(std::span<const ProduceRecord> records,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Fault injection. broker_id -1 means all brokers.
  void broker_down(int32_t broker_id);  // closes connections, refuses new ones
  void broker_up(int32_t broker_id);
  void set_rtt(int32_t broker_id, std::chrono::milliseconds rtt);
  // The next requests of this API (to any broker) fail with these errors, one per request.
  void push_request_errors(KafkaApi api, std::span<const rd_kafka_resp_err_t> errors);
  void push_request_errors(KafkaApi api, std::initializer_list<rd_kafka_resp_err_t> errors);
  void clear_request_errors(KafkaApi api);
  // Every request for this topic fails with `error` (RD_KAFKA_RESP_ERR_NO_ERROR clears it).
  void set_topic_error(std::string_view topic, rd_kafka_resp_err_t error);
  void set_partition_leader(std::string_view topic, int32_t partition, int32_t broker_id);
  void set_group_coordinator(std::string_view group, int32_t broker_id);

  // Offsets, queried through a separate client handle.
  std::map<int32_t, Watermarks> watermarks(std::string_view topic);
  std::map<int32_t, int64_t> end_offsets(std::string_view topic);
  // Committed offset per partition for `group` (only partitions that have a commit).
  std::map<int32_t, int64_t> committed_offsets(std::string_view group, std::string_view topic);

  // Reads every record currently in the topic (from the log start to the end offsets taken
  // when called), ordered by partition then offset. Does not join or commit to any group.
  std::vector<ConsumedRecord> read_all(
      std::string_view topic, std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Escape hatch for fault injection not wrapped here (rd_kafka_mock_* functions).
  rd_kafka_mock_cluster_s* mock_cluster() const { return cluster_.get(); }

 private:
  struct HandleDeleter {
    void operator()(rd_kafka_t* rk) const;
  };
  using Handle = std::unique_ptr<rd_kafka_t, HandleDeleter>;
  struct ClusterDeleter {
    void operator()(rd_kafka_mock_cluster_s* cluster) const;
  };

  Handle make_consumer(std::string_view group_id) const;
  std::vector<int32_t> partitions_of(std::string_view topic);

  int broker_count_;
  // Member order matters: destroyed bottom-up, clients before the cluster before its owner.
  Handle cluster_owner_;  // the handle the mock cluster lives in
  std::unique_ptr<rd_kafka_mock_cluster_s, ClusterDeleter> cluster_;
  std::string bootstrap_;
  Handle producer_;
  Handle query_;  // metadata and watermarks; never auto-creates topics
  std::mutex produce_mutex_;
};

}  // namespace sluice::tools
