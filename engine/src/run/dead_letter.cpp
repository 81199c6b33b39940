#include "run/dead_letter.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <set>
#include <stdexcept>

namespace sluice::engine {

const char* error_stage_name(ErrorStage s) {
  switch (s) {
    case ErrorStage::key_converter:
      return "KEY_CONVERTER";
    case ErrorStage::value_converter:
      return "VALUE_CONVERTER";
    case ErrorStage::transformation:
      return "TRANSFORMATION";
    case ErrorStage::task_put:
      return "TASK_PUT";
  }
  return "UNKNOWN";
}

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
                              const void* value, std::size_t value_len,
                              rd_kafka_headers_t* original, ErrorStage stage,
                              const std::string& plugin, const std::string& error) {
  rd_kafka_headers_t* hdrs = original ? rd_kafka_headers_copy(original) : rd_kafka_headers_new(8);
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
    add("__connect.errors.exception.message", error);
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
  // Bad records are rare: waiting for each acknowledgement keeps the commit rule simple.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (d.pending > 0 && std::chrono::steady_clock::now() < deadline) rd_kafka_poll(producer_, 50);
  if (d.pending > 0) {
    rd_kafka_purge(producer_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    while (d.pending > 0) rd_kafka_poll(producer_, 50);
    throw std::runtime_error("dead-letter write timed out");
  }
  if (d.err)
    throw std::runtime_error(std::string("dead-letter write failed: ") + rd_kafka_err2str(d.err));
}

void DeadLetterQueue::send(const rd_kafka_message_t* m, ErrorStage stage, const std::string& plugin,
                           const std::string& error) {
  std::lock_guard lock(mu_);
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) hdrs = nullptr;
  produce(rd_kafka_topic_name(m->rkt), m->partition, m->offset, m->key, m->key_len, m->payload,
          m->len, hdrs, stage, plugin, error);
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
