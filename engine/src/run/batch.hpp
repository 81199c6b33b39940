// A batch: the records of one table, from one worker, that are loaded in one sink request.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <sluice/formatter.hpp>

#include "run/plugin_call.hpp"

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

class Batch {
 public:
  std::string table;
  std::uint64_t seq = 0;                         // unique within the process
  std::unique_ptr<BodyWriter> writer;            // while open
  LoadBody body;                                 // once sealed
  std::string label;                             // once sealed
  std::map<TopicPartition, OffsetRange> ranges;  // offsets of the records it holds, per partition
  /// With errors.tolerance = "all": every record's partition (a key of `ranges`) and offset, so
  /// that a batch StarRocks refuses for good can be read back and dead-lettered record by record.
  std::vector<std::pair<const TopicPartition*, std::int64_t>> members;
  std::chrono::steady_clock::time_point opened = std::chrono::steady_clock::now();
  std::size_t records = 0;
  bool reserved = false;  // the writer was told the size the body will flush at

  /// Bytes the batch holds (open: the writer's size; sealed: the body).
  std::size_t bytes() const { return writer ? writer->size_bytes() : body.data.size(); }
  /// Adds the record at `offset` of `topic`/`partition` to `ranges` (and `members`). True when it
  /// is the batch's first record of that partition.
  bool note(const std::string& topic, std::int32_t partition, std::int64_t offset,
            bool keep_member) {
    bool first = false;
    // Records come in runs from one partition: look the map up only when the partition changes.
    if (!last_ || last_->first.partition != partition || last_->first.topic != topic) {
      auto [it, inserted] =
          ranges.try_emplace(TopicPartition{topic, partition}, OffsetRange{offset, offset});
      last_ = &*it;
      first = inserted;
    }
    last_->second.first = std::min(last_->second.first, offset);
    last_->second.last = std::max(last_->second.last, offset);
    if (keep_member) members.emplace_back(&last_->first, offset);
    return first;
  }
  /// "orders/0@10-99, orders/1@5-7"
  std::string describe_ranges() const;

 private:
  std::pair<const TopicPartition, OffsetRange>* last_ = nullptr;  // note(): the last range touched
};

/// The batch's first record (its first partition's first offset), as crash reports name it.
inline RecordAt first_record(const Batch& b) {
  if (b.ranges.empty()) return {};
  const auto& [tp, range] = *b.ranges.begin();
  return {tp.topic, tp.partition, range.first};
}

/// The Stream Load label of a batch: `<pipeline>-<table>-<digest of its offset ranges>`, matching
/// ^[-\w]{1,128}$. The same records give the same label, so a retried (or, after a crash, replayed
/// identical) batch is recognised by StarRocks as loaded already.
std::string batch_label(const std::string& pipeline, const Batch& batch);

/// The label base of an exactly-once transaction: `<pipeline>-<table>-<round>`; each attempt adds
/// `-<attempt>` (txn_attempt_label). `round` is "<owner>_<n>", unique per worker start, so
/// two owners of the same partitions never share a label.
std::string txn_label_base(const std::string& pipeline, const std::string& table,
                           const std::string& round);
std::string txn_attempt_label(const std::string& base, std::int64_t attempt);

}  // namespace sluice::engine
