// End to end: bad records and refused loads under errors.tolerance none and all, the dead-letter
// topic's content and headers, and /metrics, /health, /status of a running engine.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <curl/curl.h>
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "e2e_support.hpp"

using namespace e2e;

namespace {

std::string row(int i) {
  return json{{"id", i}, {"v", "row " + std::to_string(i)}}.dump();
}

std::set<long> ids(const json& rows) {
  std::set<long> out;
  for (const auto& r : rows) out.insert(r["id"].get<long>());
  return out;
}

std::string header(const sluice::tools::ConsumedRecord& r, const std::string& key) {
  for (const auto& h : r.headers)
    if (h.key == key) return h.value.value_or("<null>");
  return "<absent>";
}

struct HttpAnswer {
  long status = 0;
  std::string body;
};
HttpAnswer http_get(const std::string& url) {
  HttpAnswer a;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* u) {
        static_cast<std::string*>(u)->append(p, s * n);
        return s * n;
      });
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
  curl_easy_cleanup(c);
  return a;
}

// A metric's value from Prometheus text ("name{labels} value"), or -1.
double metric(const std::string& text, const std::string& series) {
  auto pos = text.find("\n" + series + " ");
  if (pos == std::string::npos) return -1;
  return std::stod(text.substr(pos + series.size() + 2));
}

// Waits for the engine's status server and returns its base address ("http://127.0.0.1:port").
std::string status_server(Process& p) {
  std::smatch m;
  std::string err;
  REQUIRE(wait_until(
      [&] {
        err = p.err();
        return std::regex_search(err, m,
                                 std::regex("status server on (http://127\\.0\\.0\\.1:\\d+)"));
      },
      30s));
  return m[1];
}

}  // namespace

TEST_CASE(
    "tolerance none: a malformed record stops the pipeline; everything before it is loaded and "
    "committed") {
  Stage s({table("errs", false, {"id bigint", "v varchar"})});
  s.kafka.create_topic("errs", 1);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < 50; ++i) recs.push_back({"errs", std::nullopt, row(i), 0, {}});
  recs.push_back({"errs", std::nullopt, std::string("{\"id\": 50, \"v\": oops}"), 0, {}});
  for (int i = 51; i < 100; ++i) recs.push_back({"errs", std::nullopt, row(i), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "none",
      "name = \"e2e-none\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"errs\"]\n" +
          sink_block());
  int rc = s.drain(file, "none");
  INFO(s.last_err);
  CHECK(rc == 1);
  CHECK(s.last_err.find("error: bad record at errs/0@50 (topic errs, partition 0, offset 50), "
                        "stage VALUE_CONVERTER (json): invalid JSON at byte") != std::string::npos);
  std::set<long> before;
  for (int i = 0; i < 50; ++i) before.insert(i);
  CHECK(ids(s.sr.table_rows("shop", "errs")) == before);
  CHECK(s.kafka.committed_offsets("sluice-e2e-none", "errs") ==
        std::map<int32_t, int64_t>{{0, 50}});
}

TEST_CASE(
    "tolerance all: bad records and a refused load go to the dead-letter topic with context "
    "headers") {
  Stage s({table("good", false, {"id bigint", "v varchar"}),
           table("rej", false, {"id bigint", "v varchar"})});
  s.kafka.create_topic("mixed", 1);
  s.kafka.create_topic("rej", 1);
  s.kafka.create_topic("dlq", 1);
  std::vector<sluice::tools::ProduceRecord> recs;
  std::set<long> good_ids;
  for (int i = 0; i < 90; ++i) {
    if (i == 30) {
      recs.push_back({"mixed",
                      std::string("k30"),
                      std::string("{bad json"),
                      0,
                      {{"trace", std::string("t-30")}}});
    } else if (i == 60) {
      recs.push_back({"mixed", std::string("k60"), std::string("[1, 2, 3]"), 0, {}});
    } else {
      recs.push_back({"mixed", std::nullopt, row(i), 0, {}});
      good_ids.insert(i);
    }
  }
  for (int i = 0; i < 10; ++i) recs.push_back({"rej", std::nullopt, row(1000 + i), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  sluice_tools::FaultSpec f;
  f.kind = sluice_tools::FaultKind::kFailPermanent;
  f.table = "rej";
  f.count = 1;
  f.message = "too many filtered rows";
  s.sr.inject_fault(f);
  auto file = s.pipeline("all",
                         "name = \"e2e-all\"\n[source]\nbootstrap_servers = "
                         "\"{BOOTSTRAP}\"\ntopics = [\"mixed\", \"rej\"]\n" +
                             sink_block("topic_to_table = { mixed = \"good\" }", 60000) +
                             "[errors]\ntolerance = \"all\"\ndead_letter_topic = \"dlq\"\n");
  int rc = s.drain(file, "all");
  INFO(s.last_err);
  REQUIRE(rc == 0);
  CHECK(ids(s.sr.table_rows("shop", "good")) == good_ids);
  CHECK(s.sr.table_rows("shop", "rej").empty());
  auto dlq = s.kafka.read_all("dlq");
  REQUIRE(dlq.size() == 12);
  std::map<std::string, sluice::tools::ConsumedRecord> by_offset;
  for (const auto& r : dlq)
    by_offset[header(r, "__connect.errors.topic") + "@" + header(r, "__connect.errors.offset")] = r;
  const auto& bad = by_offset.at("mixed@30");
  CHECK(bad.value == std::optional<std::string>("{bad json"));
  CHECK(bad.key == std::optional<std::string>("k30"));
  CHECK(header(bad, "trace") == "t-30");  // original headers kept
  CHECK(header(bad, "__connect.errors.partition") == "0");
  CHECK(header(bad, "__connect.errors.stage") == "VALUE_CONVERTER");
  CHECK(header(bad, "__connect.errors.class.name") == "json");
  CHECK(header(bad, "__connect.errors.connector.name") == "e2e-all");
  CHECK(header(bad, "__connect.errors.exception.message").rfind("invalid JSON at byte 1", 0) == 0);
  const auto& arr = by_offset.at("mixed@60");
  CHECK(arr.value == std::optional<std::string>("[1, 2, 3]"));
  CHECK(header(arr, "__connect.errors.stage") == "TASK_PUT");
  CHECK(header(arr, "__connect.errors.exception.message")
            .find("JSON formatter needs an object value") != std::string::npos);
  for (int i = 0; i < 10; ++i) {
    const auto& r = by_offset.at("rej@" + std::to_string(i));
    CHECK(r.value == std::optional<std::string>(row(1000 + i)));
    CHECK(header(r, "__connect.errors.stage") == "TASK_PUT");
    CHECK(header(r, "__connect.errors.exception.message").find("too many filtered rows") !=
          std::string::npos);
  }
  CHECK(s.kafka.committed_offsets("sluice-e2e-all", "mixed") == s.kafka.end_offsets("mixed"));
  CHECK(s.kafka.committed_offsets("sluice-e2e-all", "rej") == s.kafka.end_offsets("rej"));
  CHECK(s.last_err.find("dead-lettered the record at topic mixed, partition 0, offset 30 to dlq") !=
        std::string::npos);
}

TEST_CASE("tolerance none: a value the formatter cannot write stops the pipeline at its offset") {
  Stage s({table("fmt", false, {"id bigint", "v varchar"})});
  s.kafka.create_topic("fmt", 1);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < 20; ++i)
    recs.push_back({"fmt", std::nullopt, i == 12 ? std::string("[12]") : row(i), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "fmt",
      "name = \"e2e-fmt\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"fmt\"]\n" +
          sink_block());
  CHECK(s.drain(file, "fmt") == 1);
  CHECK(s.last_err.find("error: bad record at fmt/0@12 (topic fmt, partition 0, offset 12), stage "
                        "TASK_PUT (json): JSON formatter needs an object value, got an array") !=
        std::string::npos);
  CHECK(s.sr.table_rows("shop", "fmt").size() == 12);
  CHECK(s.kafka.committed_offsets("sluice-e2e-fmt", "fmt") == std::map<int32_t, int64_t>{{0, 12}});
}

TEST_CASE(
    "rows StarRocks filters within max_filter_ratio are counted and its error log is quoted") {
  auto t = table("nn", false, {"id bigint", "v varchar"});
  t.columns[1].not_null = true;
  Stage s({t});
  s.kafka.create_topic("nn", 1);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < 20; ++i)
    recs.push_back(
        {"nn", std::nullopt, i == 7 ? json{{"id", 7}, {"v", nullptr}}.dump() : row(i), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "nn",
      "name = \"e2e-nn\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"nn\"]\n" +
          sink_block("", 60000) + "[sink.properties]\nmax_filter_ratio = \"0.2\"\n");
  int rc = s.drain(file, "nn");
  INFO(s.last_err);
  REQUIRE(rc == 0);
  CHECK(s.sr.table_rows("shop", "nn").size() == 19);
  CHECK(s.last_err.find("the sink filtered 1 of 20 rows loading nn") != std::string::npos);
  CHECK(s.last_err.find("value is null while columns is not nullable") != std::string::npos);
}

TEST_CASE(
    "/metrics counts the work done; /health flips to 503 during an outage and back; /status shows "
    "tables and partitions") {
  Stage s({table("m", false, {"id bigint", "v varchar"})});
  s.kafka.create_topic("m", 2);
  s.kafka.create_topic("m_dlq", 1);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < 200; ++i)
    recs.push_back({"m", std::nullopt, i == 100 ? std::string("nope") : row(i), i % 2, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "metrics",
      "name = \"e2e-metrics\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"m\"]\n" +
          sink_block("", 100) +
          "[errors]\ntolerance = \"all\"\ndead_letter_topic = \"m_dlq\"\n"
          "[http]\nlisten = \"127.0.0.1:0\"\nhealth_outage_ms = 300\n");
  auto p = s.sluice({"--log-format", "json", "run", file.string()}, "metrics");
  const std::string base = status_server(*p);
  const std::string err = p->err();
  // --log-format json: every line is one JSON object.
  json first = json::parse(err.substr(0, err.find('\n')));
  CHECK(first["level"] == "info");
  CHECK(first["logger"] == "sluice");
  CHECK(first["msg"].get<std::string>().find("pipeline 'e2e-metrics'") == 0);
  REQUIRE(wait_until([&] { return s.sr.table_rows("shop", "m").size() == 199; }, 60s));
  std::string text;
  REQUIRE(wait_until(
      [&] {
        text = http_get(base + "/metrics").body;
        return metric(text, "sluice_records_consumed_total{topic=\"m\"}") == 200 &&
               metric(text, "sluice_rows_loaded_total{table=\"m\"}") == 199 &&
               metric(text, "sluice_consumer_lag{topic=\"m\",partition=\"0\"}") == 0;
      },
      10s));
  INFO(text);
  CHECK(metric(text, "sluice_records_dead_lettered_total{topic=\"m\",stage=\"VALUE_CONVERTER\"}") ==
        1);
  CHECK(metric(text, "sluice_records_routed_total{topic=\"m\",table=\"m\"}") == 199);
  CHECK(metric(text, "sluice_load_duration_seconds_count{table=\"m\"}") >= 1);
  CHECK(metric(text, "sluice_consumer_lag{topic=\"m\",partition=\"0\"}") == 0);
  CHECK(text.find("sluice_buffered_bytes{worker=\"0\"}") != std::string::npos);
  CHECK(http_get(base + "/health").status == 200);
  json status = json::parse(http_get(base + "/status").body);
  CHECK(status["tables"]["m"]["last_result"] == "ok");
  CHECK(status["partitions"].size() == 2);

  // An outage: FE down until cleared, new records to load.
  sluice_tools::FaultSpec down;
  down.kind = sluice_tools::FaultKind::kFeDown;
  down.count = 0;
  s.sr.inject_fault(down);
  std::vector<sluice::tools::ProduceRecord> more;
  for (int i = 200; i < 220; ++i) more.push_back({"m", std::nullopt, row(i), i % 2, {}});
  REQUIRE(s.kafka.produce_batch(more).ok());
  HttpAnswer h;
  REQUIRE(wait_until(
      [&] {
        h = http_get(base + "/health");
        return h.status == 503;
      },
      30s));
  CHECK(h.body.find("sink outage: table m failing to load since") != std::string::npos);
  text = http_get(base + "/metrics").body;
  CHECK(metric(text, "sluice_load_retries_total{table=\"m\"}") >= 1);
  CHECK(metric(text, "sluice_table_outage{table=\"m\"}") == 1);
  s.sr.clear_faults();
  REQUIRE(wait_until([&] { return http_get(base + "/health").status == 200; }, 30s));
  REQUIRE(wait_until([&] { return s.sr.table_rows("shop", "m").size() == 219; }, 30s));
  p->signal(SIGTERM);
  CHECK(p->wait(60s) == 0);
  CHECK(s.kafka.committed_offsets("sluice-e2e-metrics", "m") == s.kafka.end_offsets("m"));
}

TEST_CASE("a dead-letter topic that refuses writes stops the run before the bad record") {
  Stage s({table("dl", false, {"id bigint", "v varchar"})});
  s.kafka.create_topic("dl", 1);
  s.kafka.create_topic("dl_dlq", 1);
  s.kafka.set_topic_error("dl_dlq", RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < 40; ++i)
    recs.push_back({"dl", std::nullopt, i == 25 ? std::string("{broken") : row(i), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "dl",
      "name = \"e2e-dl\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"dl\"]\n" +
          sink_block() + "[errors]\ntolerance = \"all\"\ndead_letter_topic = \"dl_dlq\"\n");
  const int rc = s.drain(file, "dl");
  INFO(s.last_err);
  CHECK(rc == 1);
  CHECK(s.last_err.find(
            "error: cannot dead-letter the bad record at topic dl, partition 0, offset 25") !=
        std::string::npos);
  CHECK(s.last_err.find(
            "dead-letter write to topic 'dl_dlq' failed: Broker: Topic authorization failed") !=
        std::string::npos);
  std::set<long> before;
  for (int i = 0; i < 25; ++i) before.insert(i);
  CHECK(ids(s.sr.table_rows("shop", "dl")) == before);
  CHECK(s.kafka.committed_offsets("sluice-e2e-dl", "dl") == std::map<int32_t, int64_t>{{0, 25}});
}

TEST_CASE("secrets never appear in logs, /status, /metrics or dead-letter headers") {
  // Every kind of secret: the sink password, SASL and SSL passwords among librdkafka's properties
  // (consumer and dead-letter producer), logged at debug level in both log formats.
  const std::string sasl = "sasl-Secret-41", sslkey = "ssl-Secret-42";
  Stage s({table("sec", false, {"id bigint", "v varchar"})});
  s.kafka.create_topic("sec", 1);
  s.kafka.create_topic("sec_dlq", 1);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < 20; ++i) recs.push_back({"sec", std::nullopt, row(i), 0, {}});
  // A bad record that contains the sink password: it goes to the dead-letter topic as it is, but
  // nothing the engine writes about it may repeat the password.
  recs.push_back({"sec", std::nullopt, std::string("{\"id\": s3cret-pw}"), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "sec",
      "name = \"e2e-sec\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"sec\"]\n"
      "[source.librdkafka]\n\"sasl.password\" = \"" +
          sasl + "\"\n\"ssl.key.password\" = \"" + sslkey + "\"\n" + sink_block("", 100) +
          "[errors]\ntolerance = \"all\"\ndead_letter_topic = \"sec_dlq\"\n"
          "[http]\nlisten = \"127.0.0.1:0\"\n");
  for (const char* format : {"text", "json"}) {
    CAPTURE(format);
    auto p = s.sluice({"--log-format", format, "--log-level", "debug", "run", file.string()},
                      std::string("sec-") + format);
    const std::string base = status_server(*p);
    REQUIRE(wait_until([&] { return s.sr.table_rows("shop", "sec").size() >= 20; }, 60s));
    REQUIRE(wait_until([&] { return s.kafka.read_all("sec_dlq").size() >= 1; }, 30s));
    const std::string status = http_get(base + "/status").body,
                      metrics = http_get(base + "/metrics").body;
    p->signal(SIGTERM);
    CHECK(p->wait(60s) == 0);
    const std::string err = p->err();
    for (const std::string& secret : {std::string("s3cret-pw"), sasl, sslkey}) {
      CAPTURE(secret);
      CHECK(err.find(secret) == std::string::npos);
      CHECK(p->out().find(secret) == std::string::npos);
      CHECK(status.find(secret) == std::string::npos);
      CHECK(metrics.find(secret) == std::string::npos);
      for (const auto& r : s.kafka.read_all("sec_dlq"))
        for (const auto& h : r.headers)
          CHECK(h.value.value_or("").find(secret) == std::string::npos);
    }
  }
}
