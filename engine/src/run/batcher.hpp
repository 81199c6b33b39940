// The open batches of one worker, one per table: records are formatted into them as they come,
// and a batch is sealed (its body finished, its label set) when it reaches its size, when it is
// older than the flush interval, or when asked (memory bound, rebalance, drain, shutdown).
// Owned by the worker's polling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <sluice/formatter.hpp>

#include "run/batch.hpp"
#include "run/plugin_call.hpp"

namespace sluice::engine {

class Batcher {
 public:
  struct Settings {
    std::string label_prefix;           // the pipeline's name
    std::size_t flush_bytes = 1 << 20;  // seal a batch at this size
    std::chrono::milliseconds flush_interval{300000};
    bool keep_members = false;  // errors.tolerance = all: remember every offset
  };
  /// Where append() put a record.
  struct Appended {
    Batch* batch = nullptr;
    bool first_of_partition = false;  // the batch's first record of this record's partition
    std::shared_ptr<Batch> sealed;    // the batch, when this record filled it
  };

  Batcher(Formatter& formatter, PluginRef formatter_ref, Settings settings);

  /// Formats `r` into the open batch of `table`. A record the formatter refuses (or a formatter
  /// that throws): the Status, and every batch is as it was.
  Status append(const std::string& table, const Record& r, Appended& where);
  /// Seals the batches older than the flush interval.
  std::vector<std::shared_ptr<Batch>> seal_expired(std::chrono::steady_clock::time_point now);
  std::vector<std::shared_ptr<Batch>> seal_all();
  /// The largest open batch, sealed; null when none is open.
  std::shared_ptr<Batch> seal_largest();

  /// Bytes in open batches.
  std::size_t open_bytes() const noexcept { return open_bytes_; }
  bool empty() const noexcept { return open_.empty(); }
  const std::map<std::string, std::unique_ptr<Batch>>& open() const noexcept { return open_; }
  /// Largest single record seen, in body bytes.
  std::size_t largest_record() const noexcept { return largest_record_; }

 private:
  /// Finishes the open batch of `it`. Throws std::runtime_error naming the formatter and the
  /// batch when the formatter throws: its records are then neither loaded nor committed.
  std::shared_ptr<Batch> seal(std::map<std::string, std::unique_ptr<Batch>>::iterator it);

  Formatter& formatter_;
  PluginRef ref_;
  Settings settings_;
  std::map<std::string, std::unique_ptr<Batch>> open_;
  std::size_t open_bytes_ = 0;
  std::size_t largest_record_ = 0;
};

/// A process-wide unique batch number.
std::uint64_t next_batch_seq() noexcept;

}  // namespace sluice::engine
