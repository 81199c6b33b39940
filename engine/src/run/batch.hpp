// A batch: the records of one table, from one worker, that are loaded in one Stream Load request.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <sluice/formatter.hpp>

namespace sluice::engine {

struct TopicPartition {
  std::string topic;
  std::int32_t partition = 0;
  auto operator<=>(const TopicPartition&) const = default;
  std::string str() const { return topic + "/" + std::to_string(partition); }
};

struct OffsetRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
};

struct Batch {
  std::string table;
  std::unique_ptr<BodyWriter> writer;            // while open
  LoadBody body;                                 // once sealed
  std::string label;                             // once sealed
  std::map<TopicPartition, OffsetRange> ranges;  // offsets of the records it holds, per partition
  /// With errors.tolerance = "all": every record's partition (a key of `ranges`) and offset, so
  /// that a batch StarRocks refuses for good can be read back and dead-lettered record by record.
  std::vector<std::pair<const TopicPartition*, std::int64_t>> members;
  std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now();
  std::size_t records = 0;

  /// Bytes the batch holds (open: the writer's size; sealed: the body).
  std::size_t bytes() const { return writer ? writer->size_bytes() : body.data.size(); }
  void note(const TopicPartition& tp, std::int64_t offset, bool keep_member) {
    auto [it, fresh] = ranges.try_emplace(tp, OffsetRange{offset, offset});
    if (!fresh) {
      it->second.first = std::min(it->second.first, offset);
      it->second.last = std::max(it->second.last, offset);
    }
    if (keep_member) members.emplace_back(&it->first, offset);
  }
  /// "orders/0@10-99, orders/1@5-7"
  std::string describe_ranges() const;
};

/// The Stream Load label of a batch: `<pipeline>-<table>-<digest of its offset ranges>`, matching
/// ^[-\w]{1,128}$. The same records give the same label, so a retried (or, after a crash, replayed
/// identical) batch is recognised by StarRocks as loaded already.
std::string batch_label(const std::string& pipeline, const Batch& batch);

}  // namespace sluice::engine
