// A whole-database pipeline: 1,000 topics into 1,000 tables. Loads run on the bounded pool, so the
// thread count stays put whatever the number of tables, and memory within buffer_max_bytes + 64
// MiB.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "e2e_support.hpp"

using namespace e2e;

TEST_CASE("1,000 tables: every row loaded, threads bounded, memory within the bound") {
  constexpr int tables = 1000, per_table = 5;
  constexpr long buffer_max_bytes = 16L << 20;
  std::vector<sluice_tools::TableSpec> specs;
  for (int t = 0; t < tables; ++t)
    specs.push_back(table("t_" + std::to_string(t), false, {"id bigint", "name varchar"}));
  Stage s(std::move(specs));
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int t = 0; t < tables; ++t) {
    const std::string topic = "t_" + std::to_string(t);
    s.kafka.create_topic(topic, 1);
    for (int i = 0; i < per_table; ++i)
      recs.push_back({topic,
                      std::to_string(i),
                      json{{"id", i}, {"name", topic + " row " + std::to_string(i)}}.dump(),
                      0,
                      {}});
  }
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file =
      s.pipeline("many",
                 "name = \"many\"\nworkers = 2\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\n"
                 "topics_regex = \"t_[0-9]+\"\n" +
                     sink_block("buffer_max_bytes = " + std::to_string(buffer_max_bytes) +
                                "\nmax_concurrent_loads = 4"));
  auto p = s.sluice({"run", "--drain", file.string()}, "many");
  long peak_threads = 0;
  // Sampled while it runs (the exit code comes after).
  REQUIRE(wait_until(
      [&] {
        peak_threads = std::max(peak_threads, p->proc_status("Threads"));
        return !p->running();
      },
      std::chrono::seconds(300)));
  auto rc = p->wait(std::chrono::seconds(1));
  INFO(p->err().substr(0, 4000));
  REQUIRE(rc == 0);
  std::size_t rows = 0;
  for (int t = 0; t < tables; ++t) rows += s.sr.table_rows("shop", "t_" + std::to_string(t)).size();
  CHECK(rows == static_cast<std::size_t>(tables * per_table));
  // 2 workers, a pool of 4, librdkafka's threads per consumer (main, internal, one per broker and
  // the group coordinator), the main thread: not one per table.
  MESSAGE("peak threads: " << peak_threads);
  CHECK(peak_threads <= 40);
  // The process's own peak RSS, as its last line reports it (VmHWM read at exit).
  const std::string err = p->err();
  const auto at = err.find("peak RSS ");
  REQUIRE(at != std::string::npos);
  const long peak_kb = std::stol(err.substr(at + 9));
  MESSAGE("peak RSS: " << peak_kb << " kB");
  CHECK(peak_kb * 1024 <= buffer_max_bytes + (64L << 20));
}
