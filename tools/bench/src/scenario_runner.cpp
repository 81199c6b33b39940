#include "scenario_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "sluice_tools/embedded_kafka.hpp"
#include "sluice_tools/schema_registry.hpp"
#include "sluice_tools/starrocks_emulator.hpp"

namespace sluice::bench {

namespace {

using Clock = std::chrono::steady_clock;

// The mock keeps about 5 MiB of batches per partition; fill each to at most 4 MiB.
constexpr double kPartitionFillBytes = 4.0 * 1024 * 1024;
constexpr int kMinPartitions = 64;
constexpr std::uint64_t kProduceChunk = 20000;
// Per-record overhead in a v2 record batch (length, attributes, deltas, header count), rounded up.
constexpr double kRecordOverheadBytes = 24;

int partitions_for(const Scenario& s, std::int32_t schema_id) {
  double sample_bytes = 0;
  const std::uint64_t sample = std::min<std::uint64_t>(s.records, 2000);
  for (std::uint64_t i = 0; i < sample; ++i) {
    auto r = generate(s.data, i, schema_id);
    sample_bytes += static_cast<double>(r.value.size() + (r.key ? r.key->size() : 0));
  }
  const double per_record =
      sample_bytes / static_cast<double>(std::max<std::uint64_t>(sample, 1)) + kRecordOverheadBytes;
  const double needed =
      std::ceil(static_cast<double>(s.records) * per_record / kPartitionFillBytes);
  return std::max(kMinPartitions, static_cast<int>(needed));
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string unique_suffix() {
  static int counter = 0;
  return std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

void produce_all(tools::EmbeddedKafka& kafka, const Scenario& s, const std::string& topic,
                 int partitions, std::int32_t schema_id, ScenarioResult& result) {
  std::vector<tools::ProduceRecord> chunk;
  chunk.reserve(kProduceChunk);
  for (std::uint64_t start = 0; start < s.records; start += kProduceChunk) {
    chunk.clear();
    const std::uint64_t end = std::min(s.records, start + kProduceChunk);
    for (std::uint64_t i = start; i < end; ++i) {
      auto g = generate(s.data, i, schema_id);
      result.value_bytes += g.value.size();
      result.key_bytes += g.key ? g.key->size() : 0;
      tools::ProduceRecord r;
      r.topic = topic;
      r.key = std::move(g.key);
      r.value = std::move(g.value);
      r.partition = static_cast<std::int32_t>(i % static_cast<std::uint64_t>(partitions));
      chunk.push_back(std::move(r));
    }
    auto pr = kafka.produce_batch(chunk, std::chrono::seconds(120));
    if (!pr.ok()) throw std::runtime_error("produce failed: " + pr.errors.front());
  }
  // Nothing may have been dropped by the mock's retention.
  std::uint64_t total = 0;
  for (const auto& [p, w] : kafka.watermarks(topic)) {
    if (w.low != 0)
      throw std::runtime_error("partition " + std::to_string(p) +
                               " lost records to the mock's ~5 MB retention (log start " +
                               std::to_string(w.low) + "); use more partitions");
    total += static_cast<std::uint64_t>(w.high);
  }
  if (total != s.records)
    throw std::runtime_error("topic holds " + std::to_string(total) + " records, expected " +
                             std::to_string(s.records));
}

}  // namespace

ScenarioResult run_scenario(const Scenario& s, const BenchConfig& config) {
  ScenarioResult result;
  result.scenario = s;
  if (s.needs_protobuf &&
      !std::filesystem::exists(config.plugin_dir / "sluice_converter_protobuf.so")) {
    result.skipped = "no sluice_converter_protobuf.so in " + config.plugin_dir.string();
    return result;
  }
  try {
    std::unique_ptr<tools::SchemaRegistry> registry;
    std::int32_t schema_id = 0;
    if (s.data == DataKind::protobuf) {
      registry = std::make_unique<tools::SchemaRegistry>();
      schema_id = registry->register_schema("bench-" + s.id + "-value", protobuf_schema(),
                                            tools::SchemaType::Protobuf);
    }
    tools::EmbeddedKafka kafka(1);
    const std::string topic = "bench-" + s.id;
    result.partitions = partitions_for(s, schema_id);
    kafka.create_topic(topic, result.partitions);
    std::cerr << "sluice-bench: " << s.id << ": producing " << s.records << " records into "
              << result.partitions << " partitions\n";
    const auto produce_start = Clock::now();
    produce_all(kafka, s, topic, result.partitions, schema_id, result);
    result.produce_s = std::chrono::duration<double>(Clock::now() - produce_start).count();

    sluice_tools::EmulatorOptions eo;
    eo.blackhole = !s.parsing_emulator;
    if (s.parsing_emulator) eo.tables = sluice_tools::parse_tables_json(parsing_tables_json());
    sluice_tools::StarRocksEmulator emulator(eo);
    emulator.start();

    for (int run = 1; run <= config.runs; ++run) {
      RunSample sample;
      const std::string stem = s.id + "-run" + std::to_string(run);
      PipelineEnv env;
      env.bootstrap = kafka.bootstrap_servers();
      env.topic = topic;
      env.name = "bench-" + s.id + "-" + unique_suffix();
      env.group = env.name;
      env.fe_url = emulator.fe_url();
      env.registry_url = registry ? registry->url() : "";
      env.workers = config.workers;
      env.buffer_max_bytes = config.buffer_max_bytes;
      env.librdkafka = config.librdkafka;
      const auto pipeline = config.work_dir / (stem + ".toml");
      write_file(pipeline, pipeline_toml(s, env));

      const auto rows_before = emulator.counters().rows_loaded;
      ChildSpec sluice{{config.sluice_path, "run", "--drain", pipeline.string()},
                       (config.work_dir / (stem + ".sluice.out")).string(),
                       (config.work_dir / (stem + ".sluice.log")).string(),
                       config.timeout,
                       ""};
      sample.sluice = run_child(sluice);
      sample.log = read_sluice_log(sluice.stderr_path);
      sample.emulator_rows = emulator.counters().rows_loaded - rows_before;

      ChildSpec kcat_c{
          {config.kcat_path, "-C", "-b", env.bootstrap, "-t", topic, "-o", "beginning", "-e", "-q"},
          "/dev/null",
          (config.work_dir / (stem + ".kcat-c.log")).string(),
          config.timeout,
          ""};
      sample.kcat_c = run_child(kcat_c);
      ChildSpec kcat_g{
          {config.kcat_path, "-b", env.bootstrap, "-G", "bench-kcat-" + unique_suffix(), "-X",
           "auto.offset.reset=earliest", "-e", topic},
          "/dev/null",
          (config.work_dir / (stem + ".kcat-g.log")).string(),
          config.timeout,
          "rebalanced"};  // not quiet: "% Group G rebalanced (...): assigned: ..." marks the join
      sample.kcat_g = run_child(kcat_g);

      if (!sample.sluice.ok())
        sample.problems.push_back("sluice " + sample.sluice.describe() + ": " +
                                  sample.log.last_error);
      if (sample.log.drained_records != s.records)
        sample.problems.push_back(
            "sluice drained " +
            (sample.log.drained_records ? std::to_string(*sample.log.drained_records) : "?") +
            " records, expected " + std::to_string(s.records));
      if (sample.emulator_rows != s.records)
        sample.problems.push_back("the emulator counted " + std::to_string(sample.emulator_rows) +
                                  " rows, expected " + std::to_string(s.records));
      if (!sample.kcat_c.ok()) sample.problems.push_back("kcat -C " + sample.kcat_c.describe());
      if (!sample.kcat_g.ok()) sample.problems.push_back("kcat -G " + sample.kcat_g.describe());
      std::cerr << "sluice-bench: " << stem << ": sluice " << sample.sluice.wall_s << " s (cpu "
                << sample.sluice.cpu_s() << " s, rss " << sample.sluice.max_rss_mb
                << " MiB), kcat -C " << sample.kcat_c.wall_s << " s, kcat -G "
                << sample.kcat_g.wall_s << " s"
                << (sample.problems.empty() ? "" : "; PROBLEM: " + sample.problems.front()) << "\n";
      result.runs.push_back(std::move(sample));
    }
  } catch (const std::exception& e) {
    result.error = e.what();
    std::cerr << "sluice-bench: " << s.id << ": " << e.what() << "\n";
  }
  return result;
}

}  // namespace sluice::bench
