// The seam between the run core and Kafka: a Source delivers messages and partition events and
// takes commits; nothing above it sees librdkafka. KafkaSource is the real one; tests drive the
// core with an in-memory source (tests/run/memory_source.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/record.hpp>

#include "run/batch.hpp"

namespace sluice::engine {

/// One consumed message. Its views stay valid as long as the message lives (it owns the source's
/// buffer through `owner`). Move-only.
struct SourceMessage {
  using Owner = std::unique_ptr<void, void (*)(void*)>;
  /// Reads the message's headers, on demand (most pipelines never look at them).
  using HeaderReader = void (*)(const void* owner, std::vector<Header>& out);

  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::int64_t timestamp_ms = -1;
  std::optional<std::string_view> key;    // absent: no key
  std::optional<std::string_view> value;  // absent: a tombstone
  Owner owner{nullptr, [](void*) {}};
  HeaderReader header_reader = nullptr;

  explicit operator bool() const noexcept { return owner != nullptr; }
  std::vector<Header> headers() const {
    std::vector<Header> out;
    if (header_reader && owner) header_reader(owner.get(), out);
    return out;
  }
  /// "topic t, partition 3, offset 42"
  std::string where() const {
    return "topic " + std::string(topic) + ", partition " + std::to_string(partition) +
           ", offset " + std::to_string(offset);
  }
};

/// What poll() returned.
struct SourceEvent {
  enum class Kind {
    none,           // nothing within the timeout (or woken)
    message,        // `message`
    partition_end,  // `tp` reached its end: `offset` is the next offset to be written
    error,          // transient: logged, consumption goes on
    fatal,          // the consumer cannot go on: the pipeline stops
  };
  Kind kind = Kind::none;
  SourceMessage message;
  TopicPartition tp;
  std::int64_t offset = -1;
  std::string error;
};

/// A commit the group refused because it is rebalancing (or moved on to a newer generation): it
/// cannot succeed until poll() has served the rebalance, so the caller waits for the next
/// assignment change before committing again.
class CommitDuringRebalance : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A commit whose answer did not come (a timeout, a broken connection): the broker may have
/// written it. Exactly-once sends the same commit again rather than assume either way.
class CommitOutcomeUnknown : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A committed position with its commit metadata (exactly-once keeps its decisions there).
struct CommitPoint {
  std::int64_t offset = -1;  // the next offset to read; -1: nothing committed
  std::string metadata;
  bool operator==(const CommitPoint&) const = default;
};

/// Told of assignment changes, from inside Source::poll() on the polling thread.
class AssignmentListener {
 public:
  virtual ~AssignmentListener() = default;
  virtual void on_assigned(const std::vector<TopicPartition>& parts) = 0;
  /// Called before the partitions go: flush and commit what is held for them (unless `lost`, when
  /// a commit can no longer succeed).
  virtual void on_revoked(const std::vector<TopicPartition>& parts, bool lost) = 0;
};

/// A consumer in a group. Every call but wake() comes from the one thread that polls.
class Source {
 public:
  virtual ~Source() = default;
  virtual SourceEvent poll(int timeout_ms) = 0;
  /// Stops fetching every assigned partition, and every partition assigned while paused, until
  /// resume(); poll() keeps serving rebalances.
  virtual void pause() = 0;
  virtual void resume() = 0;
  /// Commits `offsets` (the next offset to read, per partition), synchronously. Throws
  /// CommitDuringRebalance when the group is rebalancing, std::runtime_error on other failures.
  virtual void commit(const std::map<TopicPartition, std::int64_t>& offsets) = 0;
  /// The same with commit metadata per partition, in one request (Kafka writes it all or none).
  /// Also throws CommitOutcomeUnknown when the answer did not come.
  virtual void commit(const std::map<TopicPartition, CommitPoint>& points) = 0;
  /// The group's committed positions of `parts`, asking the coordinator. Throws
  /// std::runtime_error when they cannot be read.
  virtual std::map<TopicPartition, CommitPoint> committed(const std::vector<TopicPartition>& parts,
                                                          int timeout_ms) = 0;
  /// Fetching of each partition goes on from the given offset; messages already read past it are
  /// dropped (exactly-once reads a round again whose decision failed). Throws on failure.
  virtual void seek(const std::map<TopicPartition, std::int64_t>& offsets) = 0;
  /// End offset (high watermark) of a partition, asking the broker; -1 when it cannot be read.
  virtual std::int64_t end_offset(const TopicPartition& tp, int timeout_ms) = 0;
  /// End offset last seen, without a request; -1 when unknown.
  virtual std::int64_t cached_end_offset(const TopicPartition& tp) = 0;
  /// Makes a poll() blocked in another thread return at once. Thread-safe.
  virtual void wake() noexcept = 0;
  /// Leaves the group (after the last commit).
  virtual void close() = 0;
};

}  // namespace sluice::engine
