// Runs one scenario: produce N records into an embedded Kafka, start the emulator, then per run
// time `sluice run --drain`, `kcat -C -e` and `kcat -G ... -e` over the same topic.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "scenarios.hpp"
#include "sluice_log.hpp"

namespace sluice::bench {

struct BenchConfig {
  int runs = 3;
  int workers = 1;
  std::int64_t buffer_max_bytes = 64 << 20;
  std::string sluice_path;
  std::string kcat_path = "kcat";
  std::filesystem::path plugin_dir;  // the engine's bundled plugin folder
  std::filesystem::path work_dir;    // pipelines and logs
  std::chrono::seconds timeout{900};
  std::vector<std::string> librdkafka;  // extra [source.librdkafka] properties, "key=value"
};

struct RunSample {
  ChildResult sluice;
  SluiceLogSummary log;
  std::uint64_t emulator_rows = 0;  // rows the emulator counted during this run
  ChildResult kcat_c;
  ChildResult kcat_g;

  // kcat -G's time after its group join (wall minus the time of its "rebalanced" line).
  std::optional<double> kcat_g_active_s() const {
    if (kcat_g.marker_at_s < 0) return std::nullopt;
    return kcat_g.wall_s - kcat_g.marker_at_s;
  }
  std::vector<std::string> problems;  // empty: every check passed
};

struct ScenarioResult {
  Scenario scenario;
  std::string skipped;  // why, when not run
  std::string error;    // why it stopped, when it failed
  int partitions = 0;
  std::uint64_t value_bytes = 0;
  std::uint64_t key_bytes = 0;
  double produce_s = 0;
  std::vector<RunSample> runs;
};

ScenarioResult run_scenario(const Scenario& scenario, const BenchConfig& config);

}  // namespace sluice::bench
