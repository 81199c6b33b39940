// End to end under crashes: kill -9 at several points then a restart loses nothing; two engines
// in one group, one killed mid-way, the other finishes.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <set>

#include "e2e_support.hpp"

using namespace e2e;

namespace {

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

std::string pipeline_for(const std::string& name, const std::string& topic) {
  return "name = \"" + name + "\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"" +
         topic + "\"]\n" +
         "[source.librdkafka]\n\"session.timeout.ms\" = \"6000\"\n\"heartbeat.interval.ms\" = "
         "\"500\"\n" +
         sink_block("buffer_max_bytes = 8192", 100);
}

struct Count {
  std::size_t rows = 0, distinct = 0;
  std::set<long> ids;
};
Count count(Stage& s, const std::string& tbl) {
  Count c;
  json rows = s.sr.table_rows("shop", tbl);
  c.rows = rows.size();
  for (const auto& r : rows) c.ids.insert(r["id"].get<long>());
  c.distinct = c.ids.size();
  return c;
}

}  // namespace

TEST_CASE("kill -9 at several points, then a restart with --drain: no row lost") {
  const int n = 4000;
  Stage s({table("crash", false, {"id bigint", "v varchar"})});
  produce_rows(s, "crash", n, 3);
  sluice_tools::FaultSpec slow;
  slow.kind = sluice_tools::FaultKind::kSlow;
  slow.count = 0;
  slow.delay_ms = 40;  // many small loads, so kills land between and during them
  s.sr.inject_fault(slow);
  auto file = s.pipeline("crash", pipeline_for("e2e-crash", "crash"));
  std::int64_t committed_before = 0;
  for (int point = 1; point <= 3; ++point) {
    auto p = s.sluice({"run", file.string()}, "crash-" + std::to_string(point));
    std::size_t target = static_cast<std::size_t>(n) * point / 4;
    bool reached =
        wait_until([&] { return count(s, "crash").rows >= target || !p->running(); }, 120s);
    INFO(p->err());
    REQUIRE(reached);
    REQUIRE(p->running());
    p->signal(SIGKILL);
    REQUIRE(p->wait(10s) == 128 + SIGKILL);
    // At the moment of the kill: what is committed is loaded (record i is at offset i / 3 of
    // partition i % 3), and commits moved on during the run, not only at a clean exit.
    const auto committed = s.kafka.committed_offsets("sluice-e2e-crash", "crash");
    const Count now = count(s, "crash");
    std::int64_t committed_total = 0;
    for (const auto& [partition, offset] : committed) {
      committed_total += offset;
      for (std::int64_t o = 0; o < offset; ++o) {
        const long id = static_cast<long>(o * 3 + partition);
        if (!now.ids.count(id)) FAIL("committed past record " << id << " that is not loaded");
      }
    }
    CHECK(committed_total > committed_before);
    committed_before = committed_total;
  }
  s.sr.clear_faults();
  int rc = s.drain(file, "crash-final", 180s);
  INFO(s.last_err);
  REQUIRE(rc == 0);
  Count c = count(s, "crash");
  CHECK(c.distinct == static_cast<std::size_t>(n));  // every row is there
  MESSAGE("kill -9 x3: " << c.rows << " rows loaded for " << n << " records; "
                         << (c.rows - c.distinct) << " loaded twice; " << s.sr.loads().size()
                         << " loads");
  CHECK(s.kafka.committed_offsets("sluice-e2e-crash", "crash") == s.kafka.end_offsets("crash"));
  // Each kill repeats at most what was loaded since the last commit (a few small batches); an
  // engine that committed only at a clean exit would reload thousands.
  CHECK(c.rows - c.distinct <= static_cast<std::size_t>(n) / 4);
}

TEST_CASE("two engines in one group over 6 partitions, one killed mid-way: the other finishes") {
  const int n = 6000;
  Stage s({table("pair", false, {"id bigint", "v varchar"})});
  produce_rows(s, "pair", n, 6);
  sluice_tools::FaultSpec slow;
  slow.kind = sluice_tools::FaultKind::kSlow;
  slow.count = 0;
  slow.delay_ms = 40;
  s.sr.inject_fault(slow);
  auto file = s.pipeline("pair", pipeline_for("e2e-pair", "pair"));
  auto a = s.sluice({"run", file.string()}, "pair-a");
  auto b = s.sluice({"run", file.string()}, "pair-b");
  auto assigned = [](Process& p) { return p.err().find("assigned") != std::string::npos; };
  REQUIRE(wait_until([&] { return assigned(*a) && assigned(*b); }, 60s));
  REQUIRE(wait_until([&] { return count(s, "pair").rows >= n / 3; }, 120s));
  a->signal(SIGKILL);
  REQUIRE(a->wait(10s) == 128 + SIGKILL);
  s.sr.clear_faults();
  bool all =
      wait_until([&] { return count(s, "pair").distinct == static_cast<std::size_t>(n); }, 120s);
  INFO(b->err());
  CHECK(all);
  b->signal(SIGTERM);
  CHECK(b->wait(60s) == 0);
  Count c = count(s, "pair");
  MESSAGE("two engines, one killed: " << c.rows << " rows for " << n << " records; "
                                      << (c.rows - c.distinct) << " loaded twice");
  CHECK(c.distinct == static_cast<std::size_t>(n));
  CHECK(c.rows - c.distinct <= static_cast<std::size_t>(n) / 4);
  CHECK(s.kafka.committed_offsets("sluice-e2e-pair", "pair") == s.kafka.end_offsets("pair"));
}

TEST_CASE(
    "SIGTERM flushes and exits 0; a second signal during a stuck flush leaves at once, and nothing "
    "is lost") {
  const int n = 500;
  Stage s({table("sig", false, {"id bigint", "v varchar"})});
  produce_rows(s, "sig", n, 2);
  auto file = s.pipeline(
      "sig",
      "name = \"e2e-sig\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"sig\"]\n"
      "[source.librdkafka]\n\"session.timeout.ms\" = \"6000\"\n" +
          sink_block("", 60000));
  // StarRocks down: the flush that SIGTERM starts cannot finish.
  sluice_tools::FaultSpec down;
  down.kind = sluice_tools::FaultKind::kFeDown;
  down.count = 0;
  s.sr.inject_fault(down);
  auto p = s.sluice({"run", "--progress-interval", "1", file.string()}, "sig-1");
  REQUIRE(wait_until(
      [&] {
        return p->err().find("progress: " + std::to_string(n) + " records") != std::string::npos;
      },
      60s));
  p->signal(SIGTERM);
  REQUIRE(wait_until([&] { return p->err().find("retry 1 in") != std::string::npos; }, 60s));
  CHECK(p->running());  // still trying to flush
  p->signal(SIGTERM);
  auto rc = p->wait(5s);
  INFO(p->err());
  REQUIRE(rc.has_value());
  CHECK(*rc == 1);
  CHECK(p->err().find("second signal: leaving now") != std::string::npos);
  CHECK(s.sr.table_rows("shop", "sig").empty());
  // Nothing was loaded, so nothing past offset 0 may be committed.
  for (const auto& [partition, offset] : s.kafka.committed_offsets("sluice-e2e-sig", "sig"))
    CHECK(offset == 0);

  // StarRocks back: a plain SIGTERM now flushes everything and exits 0.
  s.sr.clear_faults();
  auto q = s.sluice({"run", "--progress-interval", "1", file.string()}, "sig-2");
  // With a 60 s flush interval the rows stay buffered: SIGTERM must flush them.
  REQUIRE(wait_until(
      [&] {
        return q->err().find("progress: " + std::to_string(n) + " records") != std::string::npos;
      },
      60s));
  CHECK(count(s, "sig").rows == 0);
  q->signal(SIGTERM);
  CHECK(q->wait(60s) == 0);
  CHECK(count(s, "sig").distinct == static_cast<std::size_t>(n));
  CHECK(s.kafka.committed_offsets("sluice-e2e-sig", "sig") == s.kafka.end_offsets("sig"));
}
