#include "consumer_helper.hpp"

#include <array>
#include <stdexcept>

namespace sluice::tools::test {
namespace {

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

TestConsumer::TestConsumer(const std::string& bootstrap, const std::string& group,
                           const std::vector<std::pair<std::string, std::string>>& extra) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::array<char, 512> err{};
  std::vector<std::pair<std::string, std::string>> settings = {{"bootstrap.servers", bootstrap},
                                                               {"group.id", group},
                                                               {"auto.offset.reset", "earliest"},
                                                               {"enable.auto.commit", "false"},
                                                               {"log_level", "2"}};
  settings.insert(settings.end(), extra.begin(), extra.end());
  for (const auto& [name, value] : settings) {
    if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), err.data(), err.size()) !=
        RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw std::runtime_error("TestConsumer config " + name + ": " + err.data());
    }
  }
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err.data(), err.size());
  if (rk_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("TestConsumer: ") + err.data());
  }
  rd_kafka_poll_set_consumer(rk_);
}

TestConsumer::~TestConsumer() {
  rd_kafka_consumer_close(rk_);
  rd_kafka_destroy(rk_);
}

void TestConsumer::subscribe(const std::string& topic) {
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err) throw std::runtime_error(std::string("subscribe: ") + rd_kafka_err2str(err));
}

std::vector<ConsumedRecord> TestConsumer::poll_until(size_t count,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<ConsumedRecord> out;
  while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, 100);
    if (msg == nullptr) continue;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) out.push_back(to_record(*msg));
    rd_kafka_message_destroy(msg);
  }
  return out;
}

std::vector<ConsumedRecord> TestConsumer::poll_for(std::chrono::milliseconds duration) {
  return poll_until(static_cast<size_t>(-1), duration);
}

std::string TestConsumer::commit_sync() {
  const rd_kafka_resp_err_t err = rd_kafka_commit(rk_, nullptr, 0);
  return err == RD_KAFKA_RESP_ERR_NO_ERROR ? "" : rd_kafka_err2name(err);
}

}  // namespace sluice::tools::test
