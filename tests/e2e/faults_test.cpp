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

namespace {

struct FaultCase {
  std::string name;
  FaultKind kind;
  int count;
};

// Runs one fault kind on the first loads of its own table and checks what a user relies on: every
// row there exactly once, each failed label retried under the same label until it was applied,
// and as many distinct applied labels as applied loads (no batch applied twice).
void check_fault_kind(const FaultCase& c) {
  const std::string topic = "t_" + c.name, tbl = "f_" + c.name;
  Stage s({table(tbl, false, {"id bigint", "v varchar"})});
  produce_rows(s, topic, kRows, 2);
  FaultSpec f;
  f.kind = c.kind;
  f.count = c.count;
  if (c.kind != FaultKind::kFeDown) f.table = tbl;
  f.delay_ms = 3000;  // slow: longer than the sink's load timeout below
  s.sr.inject_fault(f);
  auto file =
      s.pipeline(c.name, pipeline_for("e2e-" + c.name, topic,
                                      "topic_to_table = { " + topic + " = \"" + tbl +
                                          "\" }\nload_timeout_ms = 1500\nbuffer_max_bytes = 4096"));
  int rc = s.drain(file, c.name);
  INFO(s.last_err);
  REQUIRE(rc == 0);
  const json rows = s.sr.table_rows("shop", tbl);
  CHECK(rows.size() == static_cast<std::size_t>(kRows));  // a Duplicate Key table: no row twice
  CHECK(ids(rows) == range_ids(kRows));
  CHECK(s.sr.pending_faults() == 0);
  // Per label, in order: failures, then one applied answer, then only "already exists".
  std::map<std::string, std::vector<std::string>> by_label;
  for (const auto& l : s.sr.loads())
    if (l.table == tbl) by_label[l.label].push_back(l.status);
  int applied_loads = 0, applied_labels = 0, retried = 0;
  for (const auto& [label, statuses] : by_label) {
    CAPTURE(label);
    bool applied = false;
    for (const auto& st : statuses) {
      const bool applies = st == "Success" || st == "Publish Timeout";
      if (applied) CHECK(st == "Label Already Exists");
      if (applies) ++applied_loads;
      applied = applied || applies || st == "Label Already Exists";
    }
    CHECK(applied);  // every label ended loaded
    if (std::any_of(statuses.begin(), statuses.end(), [](const std::string& st) {
          return st == "Success" || st == "Publish Timeout";
        }))
      ++applied_labels;
    if (statuses.size() > 1) ++retried;
  }
  CHECK(applied_loads == applied_labels);  // no label applied twice
  // A failed attempt was retried under its label. (Publish Timeout is a success; a slow answer
  // times out and its retry finds the label loaded; a running label is polled within the attempt;
  // an FE that hangs up never reaches a BE, so only the log shows its retries.)
  if (c.kind == FaultKind::kFailRetryable || c.kind == FaultKind::kHttp500 ||
      c.kind == FaultKind::kDropMidBody)
    CHECK(retried >= 1);
  if (c.kind != FaultKind::kPublishTimeout && c.kind != FaultKind::kLabelRunning)
    CHECK(s.last_err.find("retry 1 in") != std::string::npos);
}

}  // namespace

TEST_CASE("every fault kind on the first loads: every row once, labels reused until loaded") {
  SUBCASE("fail_retryable") {
    check_fault_kind({"fail_retryable", FaultKind::kFailRetryable, 2});
  }
  SUBCASE("http_500") {
    check_fault_kind({"http_500", FaultKind::kHttp500, 2});
  }
  SUBCASE("drop_mid_body") {
    check_fault_kind({"drop_mid_body", FaultKind::kDropMidBody, 2});
  }
  SUBCASE("slow") {
    check_fault_kind({"slow", FaultKind::kSlow, 1});
  }
  SUBCASE("publish_timeout") {
    check_fault_kind({"publish_timeout", FaultKind::kPublishTimeout, 2});
  }
  SUBCASE("label_running") {
    check_fault_kind({"label_running", FaultKind::kLabelRunning, 1});
  }
  SUBCASE("fe_down") {
    check_fault_kind({"fe_down", FaultKind::kFeDown, 3});
  }
}

TEST_CASE("retries running out stop the run; nothing past the failed batch is committed") {
  Stage s({table("f_out", false, {"id bigint", "v varchar"})});
  produce_rows(s, "t_out", kRows, 1);
  FaultSpec f;
  f.kind = FaultKind::kFailRetryable;
  f.table = "f_out";
  f.count = 0;  // until cleared
  s.sr.inject_fault(f);
  auto file = s.pipeline(
      "out",
      pipeline_for("e2e-out", "t_out", "topic_to_table = { t_out = \"f_out\" }\nmax_retries = 2"));
  const int rc = s.drain(file, "out");
  INFO(s.last_err);
  CHECK(rc == 1);
  CHECK(s.last_err.find("load into table 'f_out' failed after 2 retries") != std::string::npos);
  CHECK(s.last_err.find("larger than limit") != std::string::npos);  // StarRocks' own words
  CHECK(s.sr.table_rows("shop", "f_out").empty());
  for (const auto& [partition, offset] : s.kafka.committed_offsets("sluice-e2e-out", "t_out"))
    CHECK(offset == 0);
  // Three attempts of the one label, no more.
  std::map<std::string, int> attempts;
  for (const auto& l : s.sr.loads()) attempts[l.label]++;
  REQUIRE(attempts.size() == 1);
  CHECK(attempts.begin()->second == 3);
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

TEST_CASE("the memory bound holds across a rebalance while paused, measured from the process RSS") {
  // Large records and a slow StarRocks: the first engine fills its buffer and pauses. A second
  // engine joins (a rebalance while paused) and is killed (its partitions come back, still
  // paused). The first engine's peak RSS stays within buffer_max_bytes + 64 MiB throughout.
  Stage s({table("rss", false, {"id bigint", "v varchar"})});
  const int rows = 6000;
  produce_rows(s, "rss", rows, 6, 4000);  // ~24 MB of values
  FaultSpec f;
  f.kind = FaultKind::kSlow;
  f.count = 0;
  f.delay_ms = 100;
  s.sr.inject_fault(f);
  const long limit = 8L << 20;
  auto file = s.pipeline(
      "rss", pipeline_for("e2e-rss", "rss", "buffer_max_bytes = " + std::to_string(limit), 200));
  auto a = s.sluice({"--log-level", "debug", "run", file.string()}, "rss-a");
  long peak_kb = 0;
  auto sample = [&] {
    peak_kb = std::max(peak_kb, a->proc_status("VmHWM"));
    return true;
  };
  REQUIRE(wait_until(
      [&] { return sample() && a->err().find("assigned 6 partition(s)") != std::string::npos; },
      60s));
  REQUIRE(wait_until(
      [&] {
        sample();
        return s.sr.loads().size() >= 3;
      },
      60s));
  auto b = s.sluice({"run", file.string()}, "rss-b");
  REQUIRE(wait_until(
      [&] {
        sample();
        return b->err().find("assigned") != std::string::npos;
      },
      60s));
  b->signal(SIGKILL);
  REQUIRE(b->wait(10s) == 128 + SIGKILL);
  s.sr.clear_faults();
  REQUIRE(wait_until(
      [&] {
        sample();
        return ids(s.sr.table_rows("shop", "rss")).size() == rows;
      },
      240s));
  sample();
  a->signal(SIGTERM);
  CHECK(a->wait(60s) == 0);
  INFO(a->err().substr(0, 3000));
  MESSAGE("peak RSS " << peak_kb << " kB with buffer_max_bytes " << limit / 1024 << " kB");
  CHECK(peak_kb > 0);
  CHECK(peak_kb * 1024 <= limit + (64L << 20));
  CHECK(a->err().find("paused") != std::string::npos);
}
