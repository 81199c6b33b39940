// End to end under StarRocks faults: every fault kind on the first loads, an outage longer than
// several retry intervals, a permanent failure, and bounded memory while StarRocks is slow.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "e2e_support.hpp"

using namespace e2e;
using sluice_tools::FaultKind;
using sluice_tools::FaultSpec;

namespace {

constexpr int kRows = 120;

void produce_rows(Stage& s, const std::string& topic, int n, int partitions, std::size_t pad = 0) {
  s.kafka.create_topic(topic, partitions);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < n; ++i)
    recs.push_back({topic,
                    std::nullopt,
                    json{{"id", i}, {"v", std::string(pad, 'x') + std::to_string(i)}}.dump(),
                    i % partitions,
                    {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
}

std::set<long> ids(const json& rows) {
  std::set<long> out;
  for (const auto& r : rows) out.insert(r["id"].get<long>());
  return out;
}

std::set<long> range_ids(int n) {
  std::set<long> out;
  for (int i = 0; i < n; ++i) out.insert(i);
  return out;
}

std::string pipeline_for(const std::string& name, const std::string& topic,
                         const std::string& sink_extra, int flush_ms = 500) {
  return "name = \"" + name + "\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"" +
         topic + "\"]\n" + "[source.librdkafka]\n\"session.timeout.ms\" = \"6000\"\n" +
         sink_block(sink_extra, flush_ms);
}

}  // namespace

TEST_CASE(
    "every fault kind on the first loads: after --drain every row is there, retried labels "
    "reused") {
  struct Case {
    std::string name;
    FaultKind kind;
    int count;
  };
  std::vector<Case> cases = {{"fail_retryable", FaultKind::kFailRetryable, 2},
                             {"http_500", FaultKind::kHttp500, 2},
                             {"drop_mid_body", FaultKind::kDropMidBody, 2},
                             {"slow", FaultKind::kSlow, 1},
                             {"publish_timeout", FaultKind::kPublishTimeout, 2},
                             {"label_running", FaultKind::kLabelRunning, 1},
                             {"fe_down", FaultKind::kFeDown, 3}};
  std::vector<sluice_tools::TableSpec> tables;
  for (const auto& c : cases)
    tables.push_back(table("f_" + c.name, false, {"id bigint", "v varchar"}));
  Stage s(tables);
  for (const auto& c : cases) {
    CAPTURE(c.name);
    std::string topic = "t_" + c.name, tbl = "f_" + c.name;
    produce_rows(s, topic, kRows, 2);
    FaultSpec f;
    f.kind = c.kind;
    f.count = c.count;
    if (c.kind != FaultKind::kFeDown) f.table = tbl;
    f.delay_ms = 3000;  // slow: longer than the sink's load timeout below
    s.sr.inject_fault(f);
    auto file = s.pipeline(
        c.name, pipeline_for("e2e-" + c.name, topic,
                             "topic_to_table = { " + topic + " = \"" + tbl +
                                 "\" }\nload_timeout_ms = 1500\nbuffer_max_bytes = 4096"));
    int rc = s.drain(file, c.name);
    INFO(s.last_err);
    REQUIRE(rc == 0);
    CHECK(ids(s.sr.table_rows("shop", tbl)) == range_ids(kRows));
    CHECK(s.sr.pending_faults() == 0);
    // A batch that failed was retried under the same label.
    auto loads = s.sr.loads();
    std::map<std::string, std::vector<std::string>> by_label;
    for (const auto& l : loads)
      if (l.table == tbl) by_label[l.label].push_back(l.status);
    if (c.kind == FaultKind::kFailRetryable || c.kind == FaultKind::kHttp500 ||
        c.kind == FaultKind::kDropMidBody) {
      int retried = 0;
      for (const auto& [label, statuses] : by_label)
        if (statuses.size() > 1 && statuses.back() == "Success") ++retried;
      CHECK(retried >= 1);
      CHECK(s.last_err.find("retry 1 in") != std::string::npos);
    }
    if (c.kind == FaultKind::kSlow || c.kind == FaultKind::kLabelRunning) {
      // The first attempt was applied by StarRocks; the retry found its label loaded.
      CHECK(s.sr.table_rows("shop", tbl).size() == static_cast<std::size_t>(kRows));
    }
  }
}

TEST_CASE(
    "a StarRocks outage longer than several retry intervals: the engine waits, says so, "
    "completes") {
  Stage s({table("outage", false, {"id bigint", "v varchar"})});
  produce_rows(s, "outage", kRows, 2);
  FaultSpec f;
  f.kind = FaultKind::kFeDown;
  f.count = 12;
  s.sr.inject_fault(f);
  auto file = s.pipeline("outage", pipeline_for("e2e-outage", "outage", ""));
  int rc = s.drain(file, "outage");
  INFO(s.last_err);
  REQUIRE(rc == 0);
  CHECK(ids(s.sr.table_rows("shop", "outage")) == range_ids(kRows));
  std::regex retry_line(
      "load of outage failed \\(\\d+ rows, label [-\\w]+\\): .*; retry (\\d+) in \\d+ ms");
  int retries = 0;
  for (auto it = std::sregex_iterator(s.last_err.begin(), s.last_err.end(), retry_line);
       it != std::sregex_iterator(); ++it)
    ++retries;
  CHECK(retries >= 4);
  CHECK(s.last_err.find("recovered after") != std::string::npos);
}

TEST_CASE(
    "a permanent load failure stops the pipeline: exit 1, the reason, nothing committed past it") {
  Stage s({table("perm", false, {"id bigint", "v varchar"})});
  produce_rows(s, "perm", kRows, 1);
  FaultSpec f;
  f.kind = FaultKind::kFailPermanent;
  f.table = "perm";
  f.count = 1;
  f.message = "Access denied for user loader";
  s.sr.inject_fault(f);
  auto file =
      s.pipeline("perm", pipeline_for("e2e-perm", "perm", "buffer_max_bytes = 1048576", 60000));
  int rc = s.drain(file, "perm");
  CHECK(rc == 1);
  CHECK(s.last_err.find("load into table 'perm' failed (label e2e-perm-perm-") !=
        std::string::npos);
  CHECK(s.last_err.find("Access denied for user loader") != std::string::npos);
  CHECK(s.last_err.find("s3cret-pw") == std::string::npos);
  CHECK(s.sr.table_rows("shop", "perm").empty());
  for (const auto& [partition, offset] : s.kafka.committed_offsets("sluice-e2e-perm", "perm"))
    CHECK(offset == 0);
}

TEST_CASE("memory stays bounded while StarRocks is slow") {
  Stage s({table("slow", false, {"id bigint", "v varchar"})});
  const int rows = 3000;
  produce_rows(s, "slow", rows, 4, 80);
  FaultSpec f;
  f.kind = FaultKind::kSlow;
  f.count = 0;  // until cleared
  f.delay_ms = 150;
  s.sr.inject_fault(f);
  const long limit = 16384;
  auto file = s.pipeline(
      "slow", pipeline_for("e2e-slow", "slow", "buffer_max_bytes = " + std::to_string(limit)));
  int rc = s.drain(file, "slow", 300s);
  INFO(s.last_err);
  REQUIRE(rc == 0);
  CHECK(ids(s.sr.table_rows("shop", "slow")) == range_ids(rows));
  std::smatch m;
  REQUIRE(std::regex_search(
      s.last_err, m,
      std::regex("peak buffered bytes (\\d+) \\(limit (\\d+), largest record (\\d+)\\)")));
  long peak = std::stol(m[1]), lim = std::stol(m[2]), largest = std::stol(m[3]);
  MESSAGE("peak buffered bytes " << peak << " of limit " << lim << ", " << s.sr.loads().size()
                                 << " loads");
  CHECK(lim == limit);
  CHECK(peak <= lim + 2 * largest);
  CHECK(peak > lim / 4);  // the test did fill the buffer
}
