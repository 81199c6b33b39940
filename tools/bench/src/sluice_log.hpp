// Reads what `sluice run --drain` logged: the drain summary, peak buffered bytes, and the times
// of the first partition assignment and of the drain (to separate the consumer group's join
// delay from the work).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sluice::bench {

struct SluiceLogSummary {
  std::optional<std::uint64_t> drained_records;  // "drained: N records, R rows loaded in L loads"
  std::optional<std::uint64_t> rows_loaded;
  std::optional<std::uint64_t> loads;
  std::uint64_t peak_buffered_bytes = 0;  // sum over workers of "peak buffered bytes P"
  std::optional<double> assigned_at_s;    // first "assigned N partition(s)" line (epoch seconds)
  std::optional<double> drained_at_s;     // the "drained:" line
  std::string last_error;                 // the last "error" line, for the report
  bool fast_path = false;                 // "fast path on"

  // Time from the first assignment to the drain (the work, without the group join delay).
  std::optional<double> active_s() const;
};

SluiceLogSummary read_sluice_log(const std::string& path);

}  // namespace sluice::bench
