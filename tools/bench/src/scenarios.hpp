// The benchmark scenarios and the pipeline file each one runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record_gen.hpp"

namespace sluice::bench {

struct Scenario {
  std::string id;     // what --scenarios names
  std::string title;  // for the table
  DataKind data = DataKind::plain_json;
  std::string format = "json";    // formatter: json | csv
  bool parsing_emulator = false;  // the emulator parses and stores rows (else blackhole)
  bool needs_protobuf = false;
  std::uint64_t records = 0;
};

// Every scenario the program knows, in table order, each with `records` records.
std::vector<Scenario> all_scenarios(std::uint64_t records);

// Where a pipeline runs: the stand-ins' addresses and the engine's knobs.
struct PipelineEnv {
  std::string
      name;  // unique per run: Stream Load labels derive from it, and the emulator keeps them
  std::string bootstrap;
  std::string topic;
  std::string group;
  std::string fe_url;
  std::string registry_url;  // protobuf only
  int workers = 1;
  std::int64_t buffer_max_bytes = 64 << 20;
  std::int64_t flush_interval_ms = 600000;
  std::vector<std::string> librdkafka;  // "key=value" for [source.librdkafka]
};

std::string pipeline_toml(const Scenario& s, const PipelineEnv& env);

// Tables file for the parsing emulator (the CDC rows' Primary Key table), as JSON text.
std::string parsing_tables_json();

// Database and table the pipelines load into.
inline constexpr const char* kDatabase = "bench";
inline constexpr const char* kTable = "events";

}  // namespace sluice::bench
