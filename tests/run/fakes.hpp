// In-memory stand-ins for the run-core unit tests: a Source fed from a vector, and plugins whose
// behaviour a test sets (a converter that fails on chosen offsets, a formatter of one line per
// record, a sink that records what it loaded and answers as told).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <sluice/converter.hpp>
#include <sluice/formatter.hpp>
#include <sluice/sink.hpp>
#include <sluice/transform.hpp>

#include "run/source.hpp"

namespace fakes {

using namespace sluice;
using namespace sluice::engine;

/// Holds the threads that wait() until open().
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }
  void open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

/// A message the test wants consumed.
struct Message {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  std::optional<std::string> key;
  std::optional<std::string> value;
};

/// Serves queued messages in order; rebalances and EOFs when the test says so.
class MemorySource final : public Source {
 public:
  explicit MemorySource(AssignmentListener& l) : listener_(l) {}

  // Test side (the polling thread, between polls, or from inside a hook).
  void push(Message m) {
    std::lock_guard lock(mu_);
    log_.push_back(m);
    queue_.push_back(std::move(m));
  }
  void assign(std::vector<TopicPartition> parts) {
    std::lock_guard lock(mu_);
    pending_assign_.push_back(std::move(parts));
  }
  void revoke(std::vector<TopicPartition> parts, bool lost = false) {
    std::lock_guard lock(mu_);
    pending_revoke_.push_back({std::move(parts), lost});
  }
  std::map<TopicPartition, std::int64_t> committed() const {
    std::lock_guard lock(mu_);
    return committed_;
  }
  std::vector<std::map<TopicPartition, std::int64_t>> commits() const {
    std::lock_guard lock(mu_);
    return commits_;
  }
  bool paused() const { return paused_; }
  std::size_t queued() const {
    std::lock_guard lock(mu_);
    return queue_.size();
  }
  std::atomic<bool> fail_commits{false};
  std::function<void()> on_poll;  // runs at the start of every poll (the polling thread)

  SourceEvent poll(int timeout_ms) override {
    if (on_poll) on_poll();
    SourceEvent ev;
    std::vector<TopicPartition> assign, revoke;
    bool lost = false;
    {
      std::unique_lock lock(mu_);
      if (!pending_revoke_.empty()) {
        revoke = pending_revoke_.front().first;
        lost = pending_revoke_.front().second;
        pending_revoke_.pop_front();
      } else if (!pending_assign_.empty()) {
        assign = pending_assign_.front();
        pending_assign_.pop_front();
        for (auto& tp : assign) assigned_.insert(tp);
      }
    }
    if (!revoke.empty()) {
      listener_.on_revoked(revoke, lost);
      std::lock_guard lock(mu_);
      for (auto& tp : revoke) assigned_.erase(tp);
      return ev;
    }
    if (!assign.empty()) {
      listener_.on_assigned(assign);
      return ev;
    }
    std::unique_lock lock(mu_);
    if (!paused_) {
      for (auto it = queue_.begin(); it != queue_.end(); ++it) {
        if (!assigned_.count({it->topic, it->partition})) continue;
        auto owned = std::make_unique<Message>(std::move(*it));
        queue_.erase(it);
        ev.kind = SourceEvent::Kind::message;
        auto& m = ev.message;
        m.topic = owned->topic;
        m.partition = owned->partition;
        m.offset = owned->offset;
        if (owned->key) m.key = std::string_view(*owned->key);
        if (owned->value) m.value = std::string_view(*owned->value);
        m.owner =
            SourceMessage::Owner(owned.release(), [](void* p) { delete static_cast<Message*>(p); });
        return ev;
      }
    }
    woken_cv_.wait_for(lock, std::chrono::milliseconds(std::min(timeout_ms, 20)),
                       [&] { return woken_; });
    woken_ = false;
    return ev;
  }
  void pause() override { paused_ = true; }
  void resume() override { paused_ = false; }
  void commit(const std::map<TopicPartition, std::int64_t>& offsets) override {
    if (fail_commits || dead) throw std::runtime_error("offset commit failed: test");
    std::lock_guard lock(mu_);
    for (const auto& [tp, off] : offsets) committed_[tp] = off;
    commits_.push_back(offsets);
  }
  /// Exactly-once decisions: the offsets and their metadata, written together.
  void commit(const std::map<TopicPartition, CommitPoint>& points) override {
    if (commit_hook) commit_hook(points);
    if (dead) throw std::runtime_error("offset commit failed: the process is gone");
    {
      std::lock_guard lock(mu_);
      std::map<TopicPartition, std::int64_t> offsets;
      for (const auto& [tp, p] : points) {
        committed_[tp] = offsets[tp] = p.offset;
        metadata_[tp] = p.metadata;
      }
      commits_.push_back(offsets);
    }
    if (after_commit) after_commit(points);
  }
  /// What the "cluster" keeps: every message, the group's commits. A new source restored from
  /// it serves each partition from its committed offset, as a new group member would.
  struct State {
    std::deque<Message> log;
    std::map<TopicPartition, std::int64_t> committed;
    std::map<TopicPartition, std::string> metadata;
  };
  State state() const {
    std::lock_guard lock(mu_);
    return {log_, committed_, metadata_};
  }
  void restore(const State& st) {
    std::lock_guard lock(mu_);
    log_ = st.log;
    committed_ = st.committed;
    metadata_ = st.metadata;
    queue_.clear();
    for (const auto& m : log_) {
      auto it = committed_.find({m.topic, m.partition});
      if (it == committed_.end() || m.offset >= it->second) queue_.push_back(m);
    }
  }
  /// A crashed process: its commits fail and change nothing.
  std::atomic<bool> dead{false};
  std::function<void(const std::map<TopicPartition, CommitPoint>&)> after_commit;
  std::map<TopicPartition, CommitPoint> committed(const std::vector<TopicPartition>& parts,
                                                  int) override {
    std::lock_guard lock(mu_);
    std::map<TopicPartition, CommitPoint> out;
    for (const auto& tp : parts) {
      CommitPoint p;
      if (auto it = committed_.find(tp); it != committed_.end()) p.offset = it->second;
      if (auto it = metadata_.find(tp); it != metadata_.end()) p.metadata = it->second;
      out.emplace(tp, std::move(p));
    }
    return out;
  }
  /// Serves the partitions again from the given offsets (from every message ever pushed).
  void seek(const std::map<TopicPartition, std::int64_t>& offsets) override {
    std::lock_guard lock(mu_);
    for (const auto& [tp, off] : offsets) {
      std::erase_if(queue_, [&](const Message& m) {
        return m.topic == tp.topic && m.partition == tp.partition;
      });
      std::deque<Message> again;
      for (const auto& m : log_)
        if (m.topic == tp.topic && m.partition == tp.partition && m.offset >= off)
          again.push_back(m);
      queue_.insert(queue_.begin(), again.begin(), again.end());
    }
    seeks_.push_back(offsets);
  }
  std::vector<std::map<TopicPartition, std::int64_t>> seeks() const {
    std::lock_guard lock(mu_);
    return seeks_;
  }
  /// Runs before a metadata commit is written; may throw to refuse it.
  std::function<void(const std::map<TopicPartition, CommitPoint>&)> commit_hook;
  std::map<TopicPartition, std::string> metadata() const {
    std::lock_guard lock(mu_);
    return metadata_;
  }
  std::int64_t end_offset(const TopicPartition& tp, int) override { return cached_end_offset(tp); }
  std::int64_t cached_end_offset(const TopicPartition& tp) override {
    std::lock_guard lock(mu_);
    auto it = ends_.find(tp);
    return it == ends_.end() ? -1 : it->second;
  }
  void set_end(const TopicPartition& tp, std::int64_t end) {
    std::lock_guard lock(mu_);
    ends_[tp] = end;
  }
  void wake() noexcept override {
    std::lock_guard lock(mu_);
    woken_ = true;
    woken_cv_.notify_all();
  }
  void close() override { closed = true; }
  std::atomic<bool> closed{false};

 private:
  AssignmentListener& listener_;
  mutable std::mutex mu_;
  std::condition_variable woken_cv_;
  bool woken_ = false;
  std::deque<Message> queue_, log_;
  std::vector<std::map<TopicPartition, std::int64_t>> seeks_;
  std::deque<std::vector<TopicPartition>> pending_assign_;
  std::deque<std::pair<std::vector<TopicPartition>, bool>> pending_revoke_;
  std::set<TopicPartition> assigned_;
  std::map<TopicPartition, std::int64_t> committed_, ends_;
  std::map<TopicPartition, std::string> metadata_;
  std::vector<std::map<TopicPartition, std::int64_t>> commits_;
  std::atomic<bool> paused_{false};
};

/// Bytes → {"v": "<bytes>"}; fails (bad record, or retryable) on the offsets a test names; throws
/// when `throw_at` matches.
class TextConverter final : public Converter {
 public:
  std::set<std::int64_t> bad, retryable, throw_at;
  std::atomic<int> retryable_calls{0};
  int retryable_times = 1 << 30;  // how many times an offset in `retryable` fails
  Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                 Value& schema) override {
    if (throw_at.count(ctx.offset)) throw std::runtime_error("converter blew up");
    if (bad.count(ctx.offset)) return {Errc::bad_record, "not text"};
    if (retryable.count(ctx.offset) && retryable_calls < retryable_times) {
      ++retryable_calls;
      return {Errc::retryable, "registry unreachable"};
    }
    value = Value{{"v", std::string(bytes)}};
    schema = nullptr;
    return {};
  }
};

/// One line per record: "<offset>:<value.v>\n".
class LineFormatter final : public Formatter {
 public:
  std::set<std::int64_t> refuse;  // offsets append() refuses
  bool throw_on_finish = false;
  class Writer final : public BodyWriter {
   public:
    explicit Writer(LineFormatter& f) : f_(f) {}
    Status append(const Record& r) override {
      if (f_.refuse.count(r.offset)) return {Errc::bad_record, "formatter refused"};
      std::string v = r.value.is_object() && r.value.contains("v") ? r.value["v"].get<std::string>()
                                                                   : r.value.dump();
      body_.data += std::to_string(r.offset) + ":" + v + "\n";
      ++body_.rows;
      return {};
    }
    std::size_t size_bytes() const noexcept override { return body_.data.size(); }
    std::size_t rows() const noexcept override { return body_.rows; }
    LoadBody finish() override {
      if (f_.throw_on_finish) throw std::runtime_error("finish blew up");
      return std::move(body_);
    }

   private:
    LineFormatter& f_;
    LoadBody body_;
  };
  std::unique_ptr<BodyWriter> new_body(std::string_view) override {
    return std::make_unique<Writer>(*this);
  }
};

/// Records every load; answers with `answer(table, label, attempt)` (default ok). Tracks how many
/// loads of one table ran at once.
class RecordingSink final : public Sink {
 public:
  struct Load {
    std::string table, label, body;
  };
  std::function<LoadResult(const std::string& table, const std::string& label, int attempt)> answer;
  std::function<void(const std::string& table)> during;  // runs inside load(), e.g. to block

  LoadResult load(const LoadRequest& rq) override {
    const std::string table(rq.table), label(rq.label);
    int attempt;
    {
      std::lock_guard lock(mu_);
      if (++running_[table] > 1) overlapped = true;
      attempt = ++attempts_[label];
    }
    if (during) during(table);
    LoadResult r;
    if (answer) r = answer(table, label, attempt);
    r.loaded_rows = r.status ? static_cast<std::int64_t>(rq.body.rows) : 0;
    std::lock_guard lock(mu_);
    --running_[table];
    if (r.status) loads_.push_back({table, label, rq.body.data});
    calls++;
    return r;
  }
  std::vector<Load> loads() const {
    std::lock_guard lock(mu_);
    return loads_;
  }
  std::atomic<bool> overlapped{false};
  std::atomic<int> calls{0};

 private:
  mutable std::mutex mu_;
  std::map<std::string, int> running_;
  std::map<std::string, int> attempts_;
  std::vector<Load> loads_;
};

}  // namespace fakes
