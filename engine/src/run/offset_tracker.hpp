// What may be committed, per partition. The at-least-once rule lives here and only here: the
// offset committed for a partition never passes the first record of that partition that is not
// yet loaded (or dead-lettered), in any table it was routed to.
//
// Per partition it knows the next offset to read (after the last message handled), and for every
// batch still open or loading that holds records of the partition, the first such record. The safe
// offset is the smaller of the two. Owned by the worker's polling thread.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "run/batch.hpp"

namespace sluice::engine {

class OffsetTracker {
 public:
  void assign(const TopicPartition& tp);
  /// Forgets the partition (after its last commit, or when it was lost).
  void revoke(const TopicPartition& tp);
  bool assigned(const TopicPartition& tp) const { return parts_.count(tp) != 0; }
  std::vector<TopicPartition> partitions() const;

  /// The message at `offset` was handled (appended, filtered or dead-lettered).
  void handled(std::string_view topic, std::int32_t partition, std::int64_t offset);
  /// The partition has nothing before `end` (its end offset, at a partition EOF).
  void reached(const TopicPartition& tp, std::int64_t end);
  /// Batch `seq` holds records of `tp` from `first` on: nothing at or past `first` may be committed
  /// until release(seq).
  void hold(std::uint64_t seq, const TopicPartition& tp, std::int64_t first);
  /// Batch `seq` is loaded (or dead-lettered): its holds go.
  void release(std::uint64_t seq);

  /// The next offset to read, or -1 when nothing was handled yet.
  std::int64_t position(const TopicPartition& tp) const;
  /// What may be committed now, or -1 when nothing.
  std::int64_t safe(const TopicPartition& tp) const;
  /// The first offset handled since the partition was assigned, or -1.
  std::int64_t first_handled(const TopicPartition& tp) const;
  /// The last acknowledged commit, or -1.
  std::int64_t committed(const TopicPartition& tp) const;

  /// The safe offsets of the assigned partitions that moved past their last commit (`all`: every
  /// partition with a safe offset, as a rebalance or shutdown commits).
  std::map<TopicPartition, std::int64_t> to_commit(bool all) const;
  /// The broker acknowledged these.
  void committed(const std::map<TopicPartition, std::int64_t>& offsets);

 private:
  struct Partition {
    std::int64_t next = -1;
    std::int64_t first = -1;
    std::int64_t committed = -1;
    std::map<std::uint64_t, std::int64_t> holds;  // batch seq → its first offset here
  };
  Partition* find(const TopicPartition& tp);
  const Partition* find(const TopicPartition& tp) const;

  std::map<TopicPartition, Partition> parts_;
  std::map<std::uint64_t, std::vector<TopicPartition>> batches_;  // seq → partitions it holds
  // handled(): the partition last seen (messages come in runs from one partition).
  Partition* last_ = nullptr;
  const TopicPartition* last_tp_ = nullptr;
};

}  // namespace sluice::engine
