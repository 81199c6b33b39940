// What a worker publishes for the supervisor (progress line, --drain) and the HTTP server
// (/status, /health): a copy, made on the worker's tick.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "run/batch.hpp"

namespace sluice::engine {

struct WorkerProgress {
  std::uint64_t records = 0;      // Kafka messages handled
  std::uint64_t bytes = 0;        // their value bytes
  std::uint64_t rows_loaded = 0;  // rows the sink loaded
  std::uint64_t loads = 0;        // successful loads
  std::int64_t drain_total = 0;   // --drain: messages to consume at start
  std::int64_t drain_left = 0;    // --drain: messages still to consume
  bool drained = false;
};

struct PartitionSnapshot {
  TopicPartition tp;
  std::int64_t position = -1;   // next offset to read; -1: none handled yet
  std::int64_t committed = -1;  // -1: nothing committed by this worker
  std::int64_t end = -1;        // high watermark last seen; -1: unknown
};

struct WorkerSnapshot {
  int worker = 0;
  WorkerProgress progress;
  std::map<std::string, std::size_t> pending_bytes;  // per table: open and loading
  std::vector<PartitionSnapshot> partitions;
  std::size_t buffered_bytes = 0;
  std::size_t buffered_peak = 0;
  bool paused = false;
};

}  // namespace sluice::engine
