#include "sluice_tools/embedded_kafka.hpp"

#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace sluice::tools {
namespace {

using Clock = std::chrono::steady_clock;

std::runtime_error failure(std::string_view what, std::string_view detail) {
  return std::runtime_error("EmbeddedKafka: " + std::string(what) + ": " + std::string(detail));
}

int to_timeout_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 60'000));
}

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using Conf = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

struct MessageDeleter {
  void operator()(rd_kafka_message_t* msg) const { rd_kafka_message_destroy(msg); }
};
using Message = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* md) const { rd_kafka_metadata_destroy(md); }
};

Conf make_conf(std::initializer_list<std::pair<const char*, std::string>> settings) {
  Conf conf(rd_kafka_conf_new());
  std::array<char, 512> err{};
  for (const auto& [name, value] : settings) {
    if (rd_kafka_conf_set(conf.get(), name, value.c_str(), err.data(), err.size()) !=
        RD_KAFKA_CONF_OK) {
      throw failure(std::string("config ") + name, err.data());
    }
  }
  return conf;
}

rd_kafka_t* new_handle(rd_kafka_type_t type, Conf conf, std::string_view what) {
  std::array<char, 512> err{};
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err.data(), err.size());
  if (rk == nullptr) throw failure(what, err.data());
  (void)conf.release();  // rd_kafka_new took ownership
  return rk;
}

void check(rd_kafka_resp_err_t err, std::string_view what) {
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) throw failure(what, rd_kafka_err2str(err));
}

// Collects delivery reports of one produce call; produce calls are serialised, so only the
// calling thread's flush/poll runs the callback while the tracker is alive.
struct DeliveryTracker {
  size_t delivered = 0;
  size_t pending = 0;
  std::vector<std::string> errors;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg, void*) {
  auto* tracker = static_cast<DeliveryTracker*>(msg->_private);
  if (tracker == nullptr) return;
  if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    tracker->errors.push_back(std::string(rd_kafka_topic_name(msg->rkt)) + " [" +
                              std::to_string(msg->partition) + "]: " + rd_kafka_err2str(msg->err));
  } else {
    ++tracker->delivered;
  }
  --tracker->pending;
}

// Headers handed to librdkafka; owned here until produceva succeeds.
struct HeadersDeleter {
  void operator()(rd_kafka_headers_t* h) const { rd_kafka_headers_destroy(h); }
};
using Headers = std::unique_ptr<rd_kafka_headers_t, HeadersDeleter>;

Headers make_headers(std::span<const KafkaHeader> headers) {
  if (headers.empty()) return nullptr;
  Headers out(rd_kafka_headers_new(headers.size()));
  for (const auto& h : headers) {
    const void* value = h.value ? h.value->data() : nullptr;
    const size_t size = h.value ? h.value->size() : 0;
    rd_kafka_header_add(out.get(), h.key.data(), static_cast<ssize_t>(h.key.size()), value,
                        static_cast<ssize_t>(size));
  }
  return out;
}

// Enqueues one record, waiting (polling delivery reports) while the local queue is full.
void enqueue(rd_kafka_t* producer, const ProduceRecord& rec, DeliveryTracker& tracker,
             Clock::time_point deadline) {
  for (;;) {
    Headers headers = make_headers(rec.headers);
    std::vector<rd_kafka_vu_t> vus;
    auto add = [&vus](rd_kafka_vtype_t type) -> rd_kafka_vu_t& {
      vus.emplace_back();
      vus.back().vtype = type;
      return vus.back();
    };
    add(RD_KAFKA_VTYPE_TOPIC).u.cstr = rec.topic.c_str();
    add(RD_KAFKA_VTYPE_PARTITION).u.i32 = rec.partition.value_or(RD_KAFKA_PARTITION_UA);
    add(RD_KAFKA_VTYPE_MSGFLAGS).u.i = RD_KAFKA_MSG_F_COPY;
    auto& key = add(RD_KAFKA_VTYPE_KEY).u.mem;
    key.ptr = rec.key ? const_cast<char*>(rec.key->data()) : nullptr;
    key.size = rec.key ? rec.key->size() : 0;
    auto& value = add(RD_KAFKA_VTYPE_VALUE).u.mem;
    value.ptr = rec.value ? const_cast<char*>(rec.value->data()) : nullptr;
    value.size = rec.value ? rec.value->size() : 0;
    add(RD_KAFKA_VTYPE_OPAQUE).u.ptr = &tracker;
    if (headers) add(RD_KAFKA_VTYPE_HEADERS).u.headers = headers.get();

    rd_kafka_error_t* error = rd_kafka_produceva(producer, vus.data(), vus.size());
    if (error == nullptr) {
      (void)headers.release();  // librdkafka owns them now
      ++tracker.pending;
      return;
    }
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    const std::string text = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    if (code != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      tracker.errors.push_back(rec.topic + " [" +
                               std::to_string(rec.partition.value_or(RD_KAFKA_PARTITION_UA)) +
                               "]: " + text);
      return;
    }
    if (Clock::now() >= deadline) throw failure("produce to '" + rec.topic + "'", text);
    rd_kafka_poll(producer, 50);
  }
}

std::optional<std::string> bytes_of(const void* data, size_t size) {
  if (data == nullptr) return std::nullopt;
  return std::string(static_cast<const char*>(data), size);
}

ConsumedRecord to_record(const rd_kafka_message_t& msg) {
  ConsumedRecord rec;
  rec.topic = rd_kafka_topic_name(msg.rkt);
  rec.partition = msg.partition;
  rec.offset = msg.offset;
  rec.key = bytes_of(msg.key, msg.key_len);
  rec.value = bytes_of(msg.payload, msg.len);
  rd_kafka_timestamp_type_t ts_type{};
  rec.timestamp_ms = rd_kafka_message_timestamp(&msg, &ts_type);
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      rec.headers.push_back(KafkaHeader{name, bytes_of(value, size)});
    }
  }
  return rec;
}

}  // namespace

void EmbeddedKafka::HandleDeleter::operator()(rd_kafka_t* rk) const {
  rd_kafka_destroy(rk);
}

void EmbeddedKafka::ClusterDeleter::operator()(rd_kafka_mock_cluster_s* cluster) const {
  rd_kafka_mock_cluster_destroy(cluster);
}

EmbeddedKafka::EmbeddedKafka(int brokers) : broker_count_(brokers) {
  if (brokers < 1) throw failure("start", "broker count must be >= 1");
  // The mock cluster runs in its own thread, owned by this otherwise idle handle.
  cluster_owner_.reset(new_handle(RD_KAFKA_PRODUCER, make_conf({{"log_level", "3"}}), "start"));
  cluster_.reset(rd_kafka_mock_cluster_new(cluster_owner_.get(), brokers));
  if (!cluster_) throw failure("start", "rd_kafka_mock_cluster_new failed");
  bootstrap_ = rd_kafka_mock_cluster_bootstraps(cluster_.get());

  Conf producer_conf = make_conf({{"bootstrap.servers", bootstrap_},
                                  {"linger.ms", "5"},
                                  {"message.timeout.ms", "30000"},
                                  {"log_level", "3"}});
  rd_kafka_conf_set_dr_msg_cb(producer_conf.get(), on_delivery);
  producer_.reset(new_handle(RD_KAFKA_PRODUCER, std::move(producer_conf), "start producer"));
  query_ = make_consumer("");
}

EmbeddedKafka::~EmbeddedKafka() = default;  // members go in reverse order, see the header

EmbeddedKafka::Handle EmbeddedKafka::make_consumer(std::string_view group_id) const {
  // A group.id is needed for assign() and committed(); this handle never subscribes, so it
  // never joins the group.
  const std::string group =
      group_id.empty() ? std::string("sluice-embedded-kafka-query") : std::string(group_id);
  Conf conf = make_conf({{"bootstrap.servers", bootstrap_},
                         {"group.id", group},
                         {"enable.auto.commit", "false"},
                         {"enable.auto.offset.store", "false"},
                         {"allow.auto.create.topics", "false"},
                         {"enable.partition.eof", "false"},
                         {"log_level", "3"}});
  return Handle(new_handle(RD_KAFKA_CONSUMER, std::move(conf), "start consumer"));
}

void EmbeddedKafka::create_topic(std::string_view name, int partitions, int replication_factor) {
  const std::string topic(name);
  if (partitions < 1) throw failure("create_topic '" + topic + "'", "partitions must be >= 1");
  const int rf = std::clamp(replication_factor, 1, broker_count_);
  check(rd_kafka_mock_topic_create(cluster_.get(), topic.c_str(), partitions, rf),
        "create_topic '" + topic + "'");
}

int EmbeddedKafka::partition_count(std::string_view topic) {
  return static_cast<int>(partitions_of(topic).size());
}

std::vector<int32_t> EmbeddedKafka::partitions_of(std::string_view topic_name) {
  const std::string topic(topic_name);
  // Ask for all topics: a request naming the topic could auto-create it on the mock.
  const rd_kafka_metadata_t* raw = nullptr;
  check(rd_kafka_metadata(query_.get(), 1, nullptr, &raw, 10'000), "metadata for '" + topic + "'");
  std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter> md(raw);
  for (int i = 0; i < md->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = md->topics[i];
    if (topic != t.topic) continue;
    if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw failure("metadata for '" + topic + "'", rd_kafka_err2str(t.err));
    }
    std::vector<int32_t> ids;
    for (int p = 0; p < t.partition_cnt; ++p) ids.push_back(t.partitions[p].id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  throw failure("metadata for '" + topic + "'", "topic does not exist");
}

void EmbeddedKafka::produce(std::string_view topic, std::optional<std::string_view> key,
                            std::optional<std::string_view> value, std::optional<int32_t> partition,
                            std::span<const KafkaHeader> headers) {
  ProduceRecord rec;
  rec.topic = topic;
  if (key) rec.key = std::string(*key);
  if (value) rec.value = std::string(*value);
  rec.partition = partition;
  rec.headers.assign(headers.begin(), headers.end());
  const ProduceResult result = produce_batch(std::span<const ProduceRecord>(&rec, 1));
  if (!result.ok()) throw failure("produce to '" + rec.topic + "'", result.errors.front());
}

ProduceResult EmbeddedKafka::produce_batch(std::span<const ProduceRecord> records,
                                           std::chrono::milliseconds timeout) {
  std::lock_guard lock(produce_mutex_);
  const auto deadline = Clock::now() + timeout;
  DeliveryTracker tracker;
  try {
    for (const auto& rec : records) enqueue(producer_.get(), rec, tracker, deadline);
  } catch (...) {
    // The tracker lives on this stack: wait for (or purge) what was queued before leaving.
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    while (tracker.pending > 0) rd_kafka_poll(producer_.get(), 50);
    throw;
  }
  while (tracker.pending > 0 && Clock::now() < deadline) {
    rd_kafka_flush(producer_.get(), std::min(to_timeout_ms(deadline), 200));
    rd_kafka_poll(producer_.get(), 0);
  }
  if (tracker.pending > 0) {
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    while (tracker.pending > 0) rd_kafka_poll(producer_.get(), 50);
  }
  return ProduceResult{tracker.delivered, std::move(tracker.errors)};
}

void EmbeddedKafka::broker_down(int32_t broker_id) {
  check(rd_kafka_mock_broker_set_down(cluster_.get(), broker_id),
        "broker_down " + std::to_string(broker_id));
}

void EmbeddedKafka::broker_up(int32_t broker_id) {
  check(rd_kafka_mock_broker_set_up(cluster_.get(), broker_id),
        "broker_up " + std::to_string(broker_id));
}

void EmbeddedKafka::set_rtt(int32_t broker_id, std::chrono::milliseconds rtt) {
  check(rd_kafka_mock_broker_set_rtt(cluster_.get(), broker_id, static_cast<int>(rtt.count())),
        "set_rtt " + std::to_string(broker_id));
}

void EmbeddedKafka::push_request_errors(KafkaApi api, std::span<const rd_kafka_resp_err_t> errors) {
  rd_kafka_mock_push_request_errors_array(cluster_.get(), static_cast<int16_t>(api), errors.size(),
                                          errors.data());
}

void EmbeddedKafka::push_request_errors(KafkaApi api,
                                        std::initializer_list<rd_kafka_resp_err_t> errors) {
  push_request_errors(api, std::span<const rd_kafka_resp_err_t>(errors.begin(), errors.size()));
}

void EmbeddedKafka::clear_request_errors(KafkaApi api) {
  rd_kafka_mock_clear_request_errors(cluster_.get(), static_cast<int16_t>(api));
}

void EmbeddedKafka::set_topic_error(std::string_view topic, rd_kafka_resp_err_t error) {
  const std::string name(topic);
  rd_kafka_mock_topic_set_error(cluster_.get(), name.c_str(), error);
}

void EmbeddedKafka::set_partition_leader(std::string_view topic, int32_t partition,
                                         int32_t broker_id) {
  const std::string name(topic);
  check(rd_kafka_mock_partition_set_leader(cluster_.get(), name.c_str(), partition, broker_id),
        "set_partition_leader '" + name + "'");
}

void EmbeddedKafka::set_group_coordinator(std::string_view group, int32_t broker_id) {
  const std::string name(group);
  check(rd_kafka_mock_coordinator_set(cluster_.get(), "group", name.c_str(), broker_id),
        "set_group_coordinator '" + name + "'");
}

std::map<int32_t, Watermarks> EmbeddedKafka::watermarks(std::string_view topic_name) {
  const std::string topic(topic_name);
  std::map<int32_t, Watermarks> out;
  for (int32_t p : partitions_of(topic)) {
    Watermarks w;
    check(rd_kafka_query_watermark_offsets(query_.get(), topic.c_str(), p, &w.low, &w.high, 10'000),
          "watermarks of '" + topic + "' [" + std::to_string(p) + "]");
    out[p] = w;
  }
  return out;
}

std::map<int32_t, int64_t> EmbeddedKafka::end_offsets(std::string_view topic) {
  std::map<int32_t, int64_t> out;
  for (const auto& [p, w] : watermarks(topic)) out[p] = w.high;
  return out;
}

std::map<int32_t, int64_t> EmbeddedKafka::committed_offsets(std::string_view group,
                                                            std::string_view topic_name) {
  const std::string topic(topic_name);
  const auto partitions = partitions_of(topic);
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (int32_t p : partitions) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  Handle consumer = make_consumer(group);
  check(rd_kafka_committed(consumer.get(), list.get(), 10'000),
        "committed offsets of group '" + std::string(group) + "'");
  std::map<int32_t, int64_t> out;
  for (int i = 0; i < list->cnt; ++i) {
    const auto& tp = list->elems[i];
    if (tp.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw failure("committed offsets of group '" + std::string(group) + "'",
                    rd_kafka_err2str(tp.err));
    }
    if (tp.offset >= 0) out[tp.partition] = tp.offset;
  }
  rd_kafka_consumer_close(consumer.get());
  return out;
}

std::vector<ConsumedRecord> EmbeddedKafka::read_all(std::string_view topic_name,
                                                    std::chrono::milliseconds timeout) {
  const std::string topic(topic_name);
  const auto deadline = Clock::now() + timeout;
  std::map<int32_t, int64_t> remaining_until;  // partition -> end offset still to reach
  PartitionList list(rd_kafka_topic_partition_list_new(1));
  for (const auto& [p, w] : watermarks(topic)) {
    if (w.high <= w.low) continue;
    remaining_until[p] = w.high;
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  std::vector<ConsumedRecord> out;
  if (remaining_until.empty()) return out;

  Handle consumer = make_consumer("");
  check(rd_kafka_assign(consumer.get(), list.get()), "read_all '" + topic + "': assign");
  while (!remaining_until.empty()) {
    if (Clock::now() >= deadline) {
      throw failure("read_all '" + topic + "'", "timed out with " +
                                                    std::to_string(remaining_until.size()) +
                                                    " partition(s) not read to the end (" +
                                                    std::to_string(out.size()) + " records read)");
    }
    Message msg(rd_kafka_consumer_poll(consumer.get(), std::min(to_timeout_ms(deadline), 200)));
    if (!msg) continue;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF || msg->err == RD_KAFKA_RESP_ERR__TRANSPORT)
        continue;
      throw failure("read_all '" + topic + "'", rd_kafka_message_errstr(msg.get()));
    }
    auto it = remaining_until.find(msg->partition);
    if (it == remaining_until.end() || msg->offset >= it->second) continue;
    out.push_back(to_record(*msg));
    if (msg->offset + 1 >= it->second) remaining_until.erase(it);
  }
  rd_kafka_consumer_close(consumer.get());
  std::stable_sort(out.begin(), out.end(), [](const ConsumedRecord& a, const ConsumedRecord& b) {
    return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
  });
  return out;
}

}  // namespace sluice::tools
