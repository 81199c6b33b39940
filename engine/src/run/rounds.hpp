// The exactly-once rounds of one worker (docs/delivery.md, "Exactly-once: the protocol"): what
// each round holds (one transaction per table, the end offset of each partition), which
// transactions are prepared and committed, and what may be decided. Bookkeeping only, no I/O:
// the worker does the calls. Owned by the worker's polling thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "run/batch.hpp"
#include "run/source.hpp"

namespace sluice::engine {

struct RoundTxn {
  enum class State { loading, prepared, dead_lettered, committed };
  std::string table;
  std::string label;  // the label its prepared attempt had; empty while loading
  State state = State::loading;
  std::vector<TopicPartition> partitions;  // whose records it holds
};

struct Round {
  std::string id;                              // "<owner>_<n>"
  std::map<TopicPartition, std::int64_t> end;  // per partition, the next offset after the round
  std::map<std::uint64_t, RoundTxn> txns;      // by batch seq
  bool decided = false;
  bool maybe_written = false;  // a decision commit got no answer: it may have been written

  /// Every transaction prepared (or its records dead-lettered).
  bool prepared() const;
  /// Decided, and every transaction committed (or dead-lettered).
  bool done() const;
};

class Rounds {
 public:
  /// `owner`: unique per worker and start (random), so labels never repeat across owners.
  explicit Rounds(std::string owner);

  /// A new round of `batches` (sealed, one per table, each with its label base set) ending at
  /// `end`. A round may hold no batch (only filtered records): its decision just moves offsets.
  Round& cut(const std::vector<std::shared_ptr<Batch>>& batches,
             std::map<TopicPartition, std::int64_t> end);
  /// What became of the transaction of batch `seq`. Unknown seqs are ignored.
  void prepared(std::uint64_t seq, std::string label);
  void dead_lettered(std::uint64_t seq);
  void committed(std::uint64_t seq);

  /// The oldest undecided round if it may be decided now (all prepared, every older one
  /// decided); else null.
  Round* decidable();
  /// The commit that decides `r`: per partition its end offset, and metadata naming the prepared
  /// transactions holding records of that partition, of `r` and of earlier decided rounds whose
  /// commit has not come back yet.
  std::map<TopicPartition, CommitPoint> decision(const Round& r) const;
  /// `r` was decided by its commit.
  void decided(Round& r);
  /// Drops the done rounds at the front.
  void retire();
  /// Removes every undecided round and returns them (their transactions are to be rolled back,
  /// unless maybe_written).
  std::vector<Round> abandon_undecided();

  /// Commits that say "nothing left to commit" for partitions whose last decision named
  /// transactions that are all committed now, and that no open round holds.
  std::map<TopicPartition, CommitPoint> clean_points() const;
  void cleaned(const std::map<TopicPartition, CommitPoint>& points);
  /// The partition went (revoked or lost).
  void forget(const TopicPartition& tp);

  bool empty() const noexcept { return rounds_.empty(); }
  bool any_undecided() const;
  const std::deque<Round>& all() const noexcept { return rounds_; }
  const std::string& owner() const noexcept { return owner_; }

 private:
  RoundTxn* find(std::uint64_t seq);
  bool holds(const TopicPartition& tp) const;  // an unfinished round holds records of tp

  struct LastDecision {
    std::int64_t offset = -1;
    std::string round;
    bool named_txns = false;
  };
  std::string owner_;
  std::uint64_t next_ = 1;
  std::deque<Round> rounds_;
  std::map<TopicPartition, LastDecision> last_;
};

/// A random owner id: 8 hex digits.
std::string random_owner_id();

}  // namespace sluice::engine
