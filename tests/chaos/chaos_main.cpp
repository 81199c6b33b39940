// The chaos test: several `sluice run` processes in one consumer group on the embedded Kafka and
// the StarRocks emulator, a producer writing keyed records throughout, a seeded nemesis; then
// drain and check that nothing was lost, the Primary Key table holds the last value of every key,
// every partition is committed to its end, no exit went unexplained and peak RSS stayed bounded.
// With --exactly-once the pipeline has delivery = "exactly_once" and a duplicate row fails it.
//   chaos_test [--seconds N] [--seed S] [--processes K] [--exactly-once] [--keep-logs]
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include "fleet.hpp"
#include "keyed_producer.hpp"
#include "nemesis.hpp"
#include "verdict.hpp"

namespace {

using namespace std::chrono_literals;
using chaos::Clock;

struct Args {
  int seconds = 40;
  std::uint64_t seed = 1;
  int processes = 3;
  bool keep_logs = false;
  bool exactly_once = false;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(k + " needs a value");
      return argv[++i];
    };
    if (k == "--seconds")
      a.seconds = std::stoi(value());
    else if (k == "--seed")
      a.seed = std::stoull(value());
    else if (k == "--processes")
      a.processes = std::stoi(value());
    else if (k == "--keep-logs")
      a.keep_logs = true;
    else if (k == "--exactly-once")
      a.exactly_once = true;
    else
      throw std::invalid_argument("unknown argument " + k);
  }
  if (a.seconds < 1 || a.processes < 1) throw std::invalid_argument("--seconds, --processes >= 1");
  return a;
}

constexpr const char* kName = "chaos";
constexpr const char* kGroup = "sluice-chaos";
constexpr int kPartitions = 6;
constexpr std::int64_t kBufferMaxBytes = 16 << 20;
constexpr std::size_t kRssSlack = 64 << 20;
const std::vector<std::string> kTopics = {"chaos_dup", "chaos_pk"};

std::string pipeline(bool exactly_once) {
  return std::string("name = \"") + kName + "\"\n" +
         (exactly_once ? "delivery = \"exactly_once\"\n" : "") +
         "[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\n"
         "topics = [\"chaos_dup\", \"chaos_pk\"]\n"
         "[source.librdkafka]\n\"session.timeout.ms\" = \"6000\"\n"
         "\"heartbeat.interval.ms\" = \"500\"\n" +
         e2e::sink_block(
             "topic_to_table = { chaos_dup = \"dup\", chaos_pk = \"pk\" }\n"
             "load_timeout_ms = 1500\nbuffer_max_bytes = " +
                 std::to_string(kBufferMaxBytes),
             200);
}

// Waits until every partition is committed to its end offset, polling the fleet meanwhile.
bool drain(e2e::Stage& stage, chaos::Fleet& fleet, std::chrono::seconds deadline) {
  return e2e::wait_until(
      [&] {
        fleet.poll();
        try {
          return chaos::uncommitted(stage, kGroup, kTopics).empty();
        } catch (const std::exception&) {
          return false;  // the query handle may still be reconnecting after the brokers' outage
        }
      },
      deadline);
}

int run(const Args& a) {
  std::cout << "chaos: seed " << a.seed << ", " << a.seconds << " s of nemesis, " << a.processes
            << " processes" << (a.exactly_once ? ", exactly once" : "") << std::endl;
  e2e::Stage stage({e2e::table("dup", false, {"seq bigint", "k varchar"}),
                    e2e::table("pk", true, {"k varchar", "seq bigint"})});
  for (const auto& t : kTopics) stage.kafka.create_topic(t, kPartitions);
  std::vector<std::string> failures;
  {
    chaos::Fleet fleet(stage, stage.pipeline(kName, pipeline(a.exactly_once)), a.processes);
    chaos::KeyedProducer producer(stage.kafka, kTopics, 200, 400, a.seed ^ 0x5eed);
    fleet.start_all();
    producer.start();
    chaos::NemesisOptions no;
    no.seed = a.seed;
    no.duration = std::chrono::seconds(a.seconds);
    no.tables = {"dup", "pk"};
    chaos::Nemesis nemesis(no, fleet, stage);
    nemesis.run();
    producer.stop();
    fleet.settle(40s);
    auto t0 = Clock::now();
    bool drained = drain(stage, fleet, 90s);
    // One more record per key once everything earlier is in: its value is then the last one.
    bool final_ok = producer.final_round();
    drained = drained && drain(stage, fleet, 45s);
    std::cout << "drain took "
              << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count()
              << " ms" << std::endl;
    if (!final_ok) failures.push_back("the final round of records was not all delivered");
    for (const auto& u : chaos::uncommitted(stage, kGroup, kTopics))
      failures.push_back("not committed to the end: " + u);

    auto dup = chaos::check_duplicate_table(stage, "chaos_dup", "dup");
    auto pk = chaos::check_primary_table(stage, "chaos_pk", "pk");
    fleet.terminate_all(30s);
    for (const auto& p : fleet.problems()) failures.push_back("unexplained exit: " + p);

    if (dup.lost > 0) {
      std::string ex;
      for (long s : dup.lost_examples) ex += " " + std::to_string(s);
      failures.push_back(std::to_string(dup.lost) + " records lost (no row in dup), e.g. seq" + ex);
    }
    if (a.exactly_once && dup.duplicates > 0)
      failures.push_back(std::to_string(dup.duplicates) +
                         " duplicate rows in dup with delivery = exactly_once");
    if (pk.wrong > 0) {
      std::string ex;
      for (const auto& e : pk.examples) ex += "\n  " + e;
      failures.push_back(std::to_string(pk.wrong) + " keys without their last value in pk:" + ex);
    }
    const std::size_t rss_bound = static_cast<std::size_t>(kBufferMaxBytes) + kRssSlack;
    if (fleet.peak_rss() > rss_bound)
      failures.push_back("peak RSS " + std::to_string(fleet.peak_rss() >> 20) + " MiB over " +
                         std::to_string(rss_bound >> 20) + " MiB (buffer_max_bytes + 64 MiB)");

    std::cout << "\nchaos summary (seed " << a.seed << ", " << a.seconds << " s, " << a.processes
              << " processes)\n  actions:";
    for (const auto& [k, n] : nemesis.counts()) std::cout << " " << k << "=" << n;
    std::cout << "\n  restarts: " << fleet.restarts()
              << "\n  records produced: " << producer.records() << " per topic (" << dup.records
              << " in Kafka)"
              << "\n  dup table: " << dup.rows << " rows, " << dup.duplicates << " duplicate rows, "
              << dup.lost << " lost"
              << "\n  pk table: " << pk.keys << " keys, " << pk.wrong << " without their last value"
              << "\n  peak RSS: " << (fleet.peak_rss() >> 20) << " MiB (bound " << (rss_bound >> 20)
              << " MiB)\n  unexplained exits: " << fleet.problems().size()
              << "\n  drained: " << (drained ? "yes" : "no")
              << "\n  loads: " << stage.sr.loads().size() << std::endl;
  }
  if (a.keep_logs) {
    auto keep = e2e::fs::temp_directory_path() /
                ("sluice-chaos-" + std::to_string(a.seed) + "-" + std::to_string(getpid()));
    e2e::fs::copy(stage.dir.path(), keep, e2e::fs::copy_options::recursive);
    std::cout << "logs kept in " << keep.string() << std::endl;
  }
  for (const auto& f : failures) std::cout << "FAIL: " << f << "\n";
  std::cout << (failures.empty() ? "PASS" : "FAILED") << " (seed " << a.seed << ")" << std::endl;
  return failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Args a = parse(argc, argv);
    if (!std::getenv("SLUICE_BUILD_DIR")) setenv("SLUICE_BUILD_DIR", CHAOS_BUILD_DIR, 0);
    return run(a);
  } catch (const std::exception& e) {
    std::cerr << "chaos_test: " << e.what() << "\n";
    return 2;
  }
}
