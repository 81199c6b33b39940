#include "run/dead_letter.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>
#include <stdexcept>

#include "log/logging.hpp"

namespace sluice::engine {

namespace {

struct Delivery {
  int pending = 0;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  auto* d = static_cast<Delivery*>(m->_private);
  if (!d) return;
  if (m->err) d->err = m->err;
  d->pending--;
}

void conf_set(rd_kafka_conf_t* c, const std::string& k, const std::string& v) {
  char err[512];
  if (rd_kafka_conf_set(c, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
    throw std::runtime_error("dead-letter producer property '" + k + "': " + err);
}

// Consumer-only properties that a producer refuses or warns about.
bool consumer_only(const std::string& k) {
  return k.rfind("fetch.", 0) == 0 || k.rfind("session.", 0) == 0 ||
         k.rfind("heartbeat.", 0) == 0 || k.rfind("max.poll", 0) == 0 ||
         k.rfind("queued.", 0) == 0 || k == "auto.offset.reset" || k == "group.instance.id" ||
         k == "partition.assignment.strategy" || k == "isolation.level" || k == "check.crcs" ||
         k == "enable.partition.eof";
}

}  // namespace

DeadLetterQueue::DeadLetterQueue(const Pipeline& p, int worker_index)
    : pipeline_(p), worker_(worker_index) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  try {
    conf_set(conf, "bootstrap.servers", p.source.bootstrap_servers);
    conf_set(conf, "client.id", "sluice-" + p.name + "-dlq-" + std::to_string(worker_index));
    conf_set(conf, "acks", "all");
    conf_set(conf, "enable.idempotence", "true");
    for (const auto& [k, v] : p.source.librdkafka)
      if (!consumer_only(k)) conf_set(conf, k, v);
  } catch (...) {
    rd_kafka_conf_destroy(conf);
    throw;
  }
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  char err[512];
  producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!producer_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create dead-letter producer: ") + err);
  }
}

DeadLetterQueue::~DeadLetterQueue() {
  rd_kafka_flush(producer_, 10000);
  rd_kafka_destroy(producer_);
}

void DeadLetterQueue::produce(const std::string& topic_src, std::int32_t partition,
                              std::int64_t offset, const void* key, std::size_t key_len,
                              const void* value, std::size_t value_len, rd_kafka_headers_t* headers,
                              ErrorStage stage, const std::string& plugin,
                              const std::string& error) {
  // `headers`: a copy of the record's own, owned from here on (null: none).
  rd_kafka_headers_t* hdrs = headers ? headers : rd_kafka_headers_new(8);
  if (pipeline_.errors.dead_letter_context_headers) {
    auto add = [&](const char* k, const std::string& v) {
      rd_kafka_header_add(hdrs, k, -1, v.data(), static_cast<ssize_t>(v.size()));
    };
    add("__connect.errors.topic", topic_src);
    add("__connect.errors.partition", std::to_string(partition));
    add("__connect.errors.offset", std::to_string(offset));
    add("__connect.errors.connector.name", pipeline_.name);
    add("__connect.errors.task.id", std::to_string(worker_));
    add("__connect.errors.stage", error_stage_name(stage));
    add("__connect.errors.class.name", plugin);
    add("__connect.errors.exception.class.name", "sluice." + std::string(error_stage_name(stage)));
    add("__connect.errors.exception.message", redact(error));  // secrets never leave the process
  }
  Delivery d;
  d.pending = 1;
  auto e =
      rd_kafka_producev(producer_, RD_KAFKA_V_TOPIC(pipeline_.errors.dead_letter_topic.c_str()),
                        RD_KAFKA_V_KEY(const_cast<void*>(key), key_len),
                        RD_KAFKA_V_VALUE(const_cast<void*>(value), value_len),
                        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(hdrs),
                        RD_KAFKA_V_OPAQUE(&d), RD_KAFKA_V_END);
  if (e) {
    rd_kafka_headers_destroy(hdrs);
    throw std::runtime_error(std::string("dead-letter write failed: ") + rd_kafka_err2str(e));
  }
  // Bad records are rare: waiting for each acknowledgement keeps the commit rule simple. A topic
  // the cluster refuses (missing, not authorized) only shows in its metadata, while the producer
  // waits for it to appear: look every few seconds, and give up with the broker's reason.
  const auto start = std::chrono::steady_clock::now();
  auto next_check = start + std::chrono::seconds(3);
  std::string refused;
  while (d.pending > 0 && std::chrono::steady_clock::now() < start + std::chrono::seconds(60)) {
    rd_kafka_poll(producer_, 50);
    if (d.pending > 0 && std::chrono::steady_clock::now() >= next_check) {
      next_check += std::chrono::seconds(3);
      refused = topic_error();
      if (!refused.empty()) break;
    }
  }
  if (d.pending > 0) {
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    while (d.pending > 0) rd_kafka_poll(producer_, 50);
    if (refused.empty()) refused = topic_error();
    throw std::runtime_error("dead-letter write to topic '" + pipeline_.errors.dead_letter_topic +
                             "' " +
                             (refused.empty() ? "timed out after 60 s" : "failed: " + refused));
  }
  if (d.err)
    throw std::runtime_error(std::string("dead-letter write failed: ") + rd_kafka_err2str(d.err));
}

// The cluster's error for the dead-letter topic ("Broker: Topic authorization failed"), or "".
std::string DeadLetterQueue::topic_error() {
  rd_kafka_topic_t* rkt =
      rd_kafka_topic_new(producer_, pipeline_.errors.dead_letter_topic.c_str(), nullptr);
  if (!rkt) return "";
  const rd_kafka_metadata_t* md = nullptr;
  std::string out;
  if (rd_kafka_metadata(producer_, 0, rkt, &md, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR && md) {
    if (md->topic_cnt == 1 && md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR)
      out = rd_kafka_err2str(md->topics[0].err);
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_topic_destroy(rkt);
  return out;
}

void DeadLetterQueue::send(const SourceMessage& m, ErrorStage stage, const std::string& plugin,
                           const std::string& error) {
  std::lock_guard lock(mu_);
  const auto original = m.headers();
  rd_kafka_headers_t* hdrs = rd_kafka_headers_new(original.size() + 9);
  for (const auto& h : original)
    rd_kafka_header_add(hdrs, h.key.data(), static_cast<ssize_t>(h.key.size()),
                        h.value ? h.value->data() : nullptr,
                        h.value ? static_cast<ssize_t>(h.value->size()) : 0);
  auto bytes = [](const std::optional<std::string_view>& v) {
    return std::pair<const void*, std::size_t>(v ? v->data() : nullptr, v ? v->size() : 0);
  };
  auto [key, key_len] = bytes(m.key);
  auto [value, value_len] = bytes(m.value);
  produce(std::string(m.topic), m.partition, m.offset, key, key_len, value, value_len, hdrs, stage,
          plugin, error);
}

std::size_t DeadLetterQueue::send_batch(const Batch& batch, const std::string& error) {
  std::lock_guard lock(mu_);
  // A group-less consumer reads the batch's records back by offset.
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  conf_set(conf, "bootstrap.servers", pipeline_.source.bootstrap_servers);
  conf_set(conf, "group.id", pipeline_.source.group_id + "-dlq-reader");
  conf_set(conf, "enable.auto.commit", "false");
  for (const auto& [k, v] : pipeline_.source.librdkafka) conf_set(conf, k, v);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create dead-letter reader: ") + err);
  }
  std::size_t sent = 0;
  try {
    for (const auto& [tp, range] : batch.ranges) {
      std::set<std::int64_t> wanted;
      for (const auto& [member_tp, off] : batch.members)
        if (*member_tp == tp) wanted.insert(off);
      rd_kafka_topic_partition_list_t* l = rd_kafka_topic_partition_list_new(1);
      rd_kafka_topic_partition_list_add(l, tp.topic.c_str(), tp.partition)->offset = range.first;
      rd_kafka_assign(rk, l);
      rd_kafka_topic_partition_list_destroy(l);
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!wanted.empty()) {
        if (std::chrono::steady_clock::now() > deadline)
          throw std::runtime_error("cannot read back " + tp.str() + " for the dead-letter topic");
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
        if (!m) continue;
        if (!m->err && wanted.erase(m->offset)) {
          rd_kafka_headers_t* hdrs = nullptr;
          if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) hdrs = nullptr;
          if (hdrs) hdrs = rd_kafka_headers_copy(hdrs);
          try {
            produce(tp.topic, tp.partition, m->offset, m->key, m->key_len, m->payload, m->len, hdrs,
                    ErrorStage::task_put, pipeline_.sink.plugin.name, error);
          } catch (...) {
            rd_kafka_message_destroy(m);
            throw;
          }
          ++sent;
        }
        bool past = !m->err && m->offset >= range.last;
        rd_kafka_message_destroy(m);
        if (past && !wanted.empty())
          throw std::runtime_error("records of " + tp.str() + " are gone from Kafka (retention)");
      }
    }
  } catch (...) {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    throw;
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return sent;
}

}  // namespace sluice::engine
