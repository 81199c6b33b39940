// EmbeddedKafka checked with a real client (librdkafka consumer in a consumer group).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <set>
#include <thread>

#include "consumer_helper.hpp"
#include "sluice_tools/embedded_kafka.hpp"

using namespace std::chrono_literals;
using sluice::tools::ConsumedRecord;
using sluice::tools::EmbeddedKafka;
using sluice::tools::KafkaApi;
using sluice::tools::KafkaHeader;
using sluice::tools::ProduceRecord;
using sluice::tools::test::TestConsumer;

namespace {

// The mock delays a group's first assignment by ~3 s; leave plenty of room.
constexpr auto kGroupTimeout = 30s;

std::vector<ProduceRecord> numbered(const std::string& topic, int from, int to) {
  std::vector<ProduceRecord> out;
  for (int i = from; i < to; ++i) {
    out.push_back(ProduceRecord{topic, "k" + std::to_string(i), "v" + std::to_string(i), {}, {}});
  }
  return out;
}

std::set<std::string> values_of(const std::vector<ConsumedRecord>& records) {
  std::set<std::string> out;
  for (const auto& r : records) out.insert(r.value.value_or("<null>"));
  return out;
}

int64_t sum_of(const std::map<int32_t, int64_t>& offsets) {
  return std::accumulate(offsets.begin(), offsets.end(), int64_t{0},
                         [](int64_t acc, const auto& kv) { return acc + kv.second; });
}

}  // namespace

TEST_CASE("embedded_kafka: a consumer group reads what was produced and commits offsets") {
  EmbeddedKafka kafka(3);
  CHECK(kafka.bootstrap_servers().find("127.0.0.1:") == 0);
  CHECK(std::count(kafka.bootstrap_servers().begin(), kafka.bootstrap_servers().end(), ',') == 2);
  kafka.create_topic("orders", 3);
  CHECK(kafka.partition_count("orders") == 3);

  const auto records = numbered("orders", 0, 30);
  const auto result = kafka.produce_batch(records);
  REQUIRE(result.ok());
  CHECK(result.delivered == 30);
  CHECK(sum_of(kafka.end_offsets("orders")) == 30);
  CHECK(kafka.committed_offsets("g1", "orders").empty());

  TestConsumer consumer(kafka.bootstrap_servers(), "g1");
  consumer.subscribe("orders");
  const auto got = consumer.poll_until(30, kGroupTimeout);
  REQUIRE(got.size() == 30);
  CHECK(values_of(got) == values_of(kafka.read_all("orders")));
  CHECK(values_of(got).contains("v29"));

  REQUIRE(consumer.commit_sync() == "");
  const auto committed = kafka.committed_offsets("g1", "orders");
  CHECK(committed == kafka.end_offsets("orders"));
  CHECK(kafka.committed_offsets("other-group", "orders").empty());
}

TEST_CASE("embedded_kafka: cooperative-sticky assignment works") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("coop", 4);
  REQUIRE(kafka.produce_batch(numbered("coop", 0, 20)).ok());
  TestConsumer consumer(kafka.bootstrap_servers(), "g-coop",
                        {{"partition.assignment.strategy", "cooperative-sticky"}});
  consumer.subscribe("coop");
  CHECK(consumer.poll_until(20, kGroupTimeout).size() == 20);
  CHECK(consumer.commit_sync() == "");
  CHECK(sum_of(kafka.committed_offsets("g-coop", "coop")) == 20);
}

TEST_CASE("embedded_kafka: tombstones, null keys and headers round trip") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("dlq", 1);
  const std::vector<KafkaHeader> headers = {
      {"error", std::string("bad json")}, {"empty", std::string()}, {"null", std::nullopt}};
  kafka.produce("dlq", "k1", std::nullopt, 0, headers);  // tombstone with headers
  kafka.produce("dlq", std::nullopt, "no key", 0);
  kafka.produce("dlq", "k2", "", 0);  // empty value is not a tombstone

  const auto all = kafka.read_all("dlq");
  REQUIRE(all.size() == 3);
  CHECK(all[0].key == "k1");
  CHECK_FALSE(all[0].value.has_value());
  CHECK(all[0].headers == headers);
  CHECK_FALSE(all[1].key.has_value());
  CHECK(all[1].value == "no key");
  CHECK(all[1].headers.empty());
  CHECK(all[2].value == std::string());
  CHECK(all[2].offset == 2);

  TestConsumer consumer(kafka.bootstrap_servers(), "g-dlq");
  consumer.subscribe("dlq");
  const auto got = consumer.poll_until(3, kGroupTimeout);
  REQUIRE(got.size() == 3);
  CHECK_FALSE(got[0].value.has_value());
  CHECK(got[0].headers == headers);
}

TEST_CASE("embedded_kafka: a consumer resumes after its broker was down") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("events", 1);
  REQUIRE(kafka.produce_batch(numbered("events", 0, 5)).ok());
  TestConsumer consumer(kafka.bootstrap_servers(), "g-down", {{"reconnect.backoff.max.ms", "500"}});
  consumer.subscribe("events");
  REQUIRE(consumer.poll_until(5, kGroupTimeout).size() == 5);
  REQUIRE(consumer.commit_sync() == "");

  kafka.broker_down(1);
  // Production fails while the only broker is down: the bulk produce reports it.
  const auto failed = kafka.produce_batch(numbered("events", 100, 101), 1500ms);
  CHECK(failed.delivered == 0);
  REQUIRE(failed.errors.size() == 1);
  CHECK(failed.errors.front().find("events [") == 0);
  CHECK(consumer.poll_for(1s).empty());

  kafka.broker_up(1);
  REQUIRE(kafka.produce_batch(numbered("events", 5, 10)).ok());
  const auto resumed = consumer.poll_until(5, kGroupTimeout);
  REQUIRE(resumed.size() == 5);
  CHECK(resumed.front().offset == 5);
  CHECK(resumed.back().value == "v9");
  REQUIRE(consumer.commit_sync() == "");
  CHECK(kafka.committed_offsets("g-down", "events") == std::map<int32_t, int64_t>{{0, 10}});
}

TEST_CASE("embedded_kafka: injected request errors") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("t", 1);
  // Retriable errors: the producer retries and the record still lands once.
  kafka.push_request_errors(KafkaApi::Produce, {RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                                                RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT});
  kafka.produce("t", "k", "after retries");
  CHECK(kafka.end_offsets("t") == std::map<int32_t, int64_t>{{0, 1}});

  // A permanent error is reported per record, not thrown.
  kafka.push_request_errors(KafkaApi::Produce, {RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE});
  const auto result = kafka.produce_batch(numbered("t", 0, 1));
  CHECK(result.delivered == 0);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors.front() == "t [0]: Broker: Message size too large");
  // Each pushed error fails one request only.
  kafka.produce("t", "k", "ok");
  CHECK(kafka.end_offsets("t") == std::map<int32_t, int64_t>{{0, 2}});

  // A record for a partition that does not exist is reported, not thrown.
  const std::vector<ProduceRecord> bad = {ProduceRecord{"t", std::nullopt, "x", 7, {}}};
  const auto refused = kafka.produce_batch(bad);
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors.front().find("t [7]: ") == 0);
  CHECK_THROWS_WITH(kafka.produce("t", std::nullopt, "x", 7),
                    doctest::Contains("EmbeddedKafka: produce to 't': t [7]: "));
}

TEST_CASE("embedded_kafka: topic errors are thrown with context") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("dup", 2);
  CHECK_THROWS_WITH(kafka.create_topic("dup", 2),
                    "EmbeddedKafka: create_topic 'dup': Broker: Topic already exists");
  CHECK_THROWS_WITH(kafka.partition_count("missing"),
                    doctest::Contains("EmbeddedKafka: metadata for 'missing'"));
  CHECK(kafka.read_all("dup").empty());
}

TEST_CASE("embedded_kafka: produce is thread-safe") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("mt", 2);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&kafka, t] {
      for (int i = 0; i < 25; ++i) kafka.produce("mt", std::nullopt, std::to_string(t * 100 + i));
    });
  }
  for (auto& t : threads) t.join();
  CHECK(kafka.read_all("mt").size() == 100);
}

TEST_CASE("embedded_kafka: a partition keeps only about 5 MB (the retention trap)") {
  EmbeddedKafka kafka(1);
  kafka.create_topic("big", 1);
  const std::string payload(100 * 1024, 'x');
  std::vector<ProduceRecord> records;
  for (int i = 0; i < 80; ++i)
    records.push_back(ProduceRecord{"big", std::nullopt, payload, 0, {}});
  REQUIRE(kafka.produce_batch(records).ok());
  const auto w = kafka.watermarks("big").at(0);
  CHECK(w.high == 80);
  CHECK(w.low > 0);  // the oldest batches were deleted
  CHECK(kafka.read_all("big").size() == static_cast<size_t>(w.high - w.low));
}
