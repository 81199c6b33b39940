// Exactly-once end to end (docs/delivery.md): kill -9 while a transaction loads, while it
// prepares, after its decision but before its commit, and after a commit; a restart each time;
// the Duplicate Key table ends with every record exactly once.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <map>

#include "e2e_support.hpp"

using namespace e2e;

namespace {

constexpr int kRecords = 3000;

void produce_rows(Stage& s, const std::string& topic, int n, int partitions) {
  s.kafka.create_topic(topic, partitions);
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = 0; i < n; ++i)
    recs.push_back({topic,
                    std::nullopt,
                    json{{"id", i}, {"v", "row " + std::to_string(i)}}.dump(),
                    i % partitions,
                    {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
}

std::map<long, int> ids(Stage& s, const std::string& tbl) {
  std::map<long, int> out;
  for (const auto& r : s.sr.table_rows("shop", tbl)) out[r["id"].get<long>()]++;
  return out;
}

std::size_t rows(Stage& s, const std::string& tbl) {
  return s.sr.table_rows("shop", tbl).size();
}

sluice_tools::FaultSpec on_step(sluice_tools::FaultKind kind, const std::string& step, int count,
                                int delay_ms = 0) {
  sluice_tools::FaultSpec f;
  f.kind = kind;
  f.step = step;
  f.count = count;
  f.delay_ms = delay_ms;
  return f;
}

}  // namespace

TEST_CASE("exactly once: kill -9 at each step of a transaction, restart: each record once") {
  Stage s({table("eos", false, {"id bigint", "v varchar"})});
  produce_rows(s, "eos", kRecords, 3);
  auto file = s.pipeline(
      "eos",
      "name = \"e2e-eos\"\ndelivery = \"exactly_once\"\n[source]\nbootstrap_servers = "
      "\"{BOOTSTRAP}\"\ntopics = [\"eos\"]\n[source.librdkafka]\n\"session.timeout.ms\" = "
      "\"6000\"\n\"heartbeat.interval.ms\" = \"500\"\n" +
          sink_block("buffer_max_bytes = 16384", 100));
  using K = sluice_tools::FaultKind;
  struct Point {
    const char* name;
    sluice_tools::FaultSpec fault;
  };
  const Point points[] = {
      // The kill lands while the fault holds the step: the server goes on without the client.
      {"during a load", on_step(K::kSlow, "load", 1, 4000)},
      {"during a prepare", on_step(K::kSlow, "prepare", 1, 4000)},
      // Commits refused: the decision is in Kafka, the transactions stay prepared.
      {"after the decision, before the commit", on_step(K::kFailRetryable, "commit", 0)},
      {"during a commit", on_step(K::kSlow, "commit", 1, 4000)},
  };
  std::size_t before = 0;
  int n = 0;
  for (const auto& point : points) {
    INFO("kill -9 " << point.name);
    auto p = s.sluice({"run", file.string()}, "eos-" + std::to_string(++n));
    // Let some rounds finish first, so that the kill lands mid-stream.
    REQUIRE(wait_until([&] { return rows(s, "eos") > before || !p->running(); }, 120s));
    REQUIRE(p->running());
    s.sr.inject_fault(point.fault);
    REQUIRE(wait_until(
        [&] {
          return (point.fault.count > 0
                      ? s.sr.pending_faults() == 0
                      : p->err().find("commit of transaction") != std::string::npos) ||
                 !p->running();
        },
        120s));
    INFO(p->err());
    REQUIRE(p->running());
    p->signal(SIGKILL);
    REQUIRE(p->wait(10s) == 128 + SIGKILL);
    s.sr.clear_faults();
    const auto seen = ids(s, "eos");
    for (const auto& [id, times] : seen) {
      INFO("id " << id);
      REQUIRE(times == 1);  // never twice, even at the moment of a kill
    }
    before = seen.size();
  }
  int rc = s.drain(file, "eos-final", 180s);
  INFO(s.last_err);
  REQUIRE(rc == 0);
  const auto seen = ids(s, "eos");
  CHECK(seen.size() == static_cast<std::size_t>(kRecords));
  for (const auto& [id, times] : seen) {
    INFO("id " << id);
    CHECK(times == 1);
  }
  CHECK(s.kafka.committed_offsets("sluice-e2e-eos", "eos") == s.kafka.end_offsets("eos"));
  MESSAGE("exactly once after 4 kills: " << rows(s, "eos") << " rows for " << kRecords
                                         << " records");
}

TEST_CASE("exactly once against a StarRocks without the transaction interface: refused at start") {
  Stage s({table("old", false, {"id bigint", "v varchar"})}, false,
          /*transaction_interface=*/false);
  auto file = s.pipeline(
      "old",
      "name = \"e2e-eos-old\"\ndelivery = \"exactly_once\"\n[source]\nbootstrap_servers = "
      "\"{BOOTSTRAP}\"\ntopics = [\"old\"]\n" +
          sink_block());
  auto p = s.sluice({"run", file.string()}, "eos-old");
  auto rc = p->wait(60s);
  REQUIRE(rc);
  CHECK(*rc != 0);
  CHECK(p->err().find("has no transaction interface (it needs 2.4 or later)") != std::string::npos);
}
