// The exactly-once side of a worker (docs/delivery.md, "Exactly-once: the protocol"): rounds cut
// from the open batches, their transactions prepared on the load threads, decided here by one
// offset commit with metadata, then committed; recovery of decided transactions at assignment.
// Everything here runs on the worker's polling thread.
#include <spdlog/spdlog.h>

#include "config/pipeline.hpp"
#include "run/eos_metadata.hpp"
#include "run/worker.hpp"

namespace sluice::engine {

namespace {
using Clock = std::chrono::steady_clock;
constexpr int kCommittedTimeoutMs = 10000;
constexpr int kCommittedAttempts = 6;
}  // namespace

void Worker::post_txn(const std::string& table, std::uint64_t seq, LoadStep step,
                      std::string label) {
  auto b = std::make_shared<Batch>();
  b->table = table;
  b->seq = seq;
  b->label = label;
  LoadJob job;
  job.batch = std::move(b);
  job.step = step;
  job.label = std::move(label);
  post_job(std::move(job), 0);
}

// A round: `sealed` and every other open batch, one transaction per table, ending at the
// worker's positions (every record handled so far is in it, or was filtered or dead-lettered).
void Worker::cut_round(std::vector<std::shared_ptr<Batch>> sealed) {
  for (auto& b : sealed_) sealed.push_back(std::move(b));  // left by a message that failed
  sealed_.clear();
  for (auto& b : batcher_.seal_all()) sealed.push_back(std::move(b));
  std::map<TopicPartition, std::int64_t> end;
  for (const auto& tp : tracker_.partitions()) {
    const std::int64_t pos = tracker_.position(tp);
    auto it = cut_at_.find(tp);
    if (pos >= 0 && (it == cut_at_.end() || pos > it->second)) end[tp] = pos;
  }
  last_cut_ = Clock::now();
  if (sealed.empty() && end.empty()) return;
  for (const auto& [tp, off] : end) cut_at_[tp] = off;
  Round& r = rounds_.cut(sealed, std::move(end));
  spdlog::debug("worker {}: round {} cut: {} transaction(s), {} partition(s)", index_, r.id,
                r.txns.size(), r.end.size());
  for (auto& b : sealed) {
    b->label = txn_label_base(ctx_.pipeline.name, b->table, r.id);
    const std::size_t bytes = b->bytes();
    LoadJob job;
    job.batch = std::move(b);
    job.step = LoadStep::txn_prepare;
    post_job(std::move(job), bytes);
  }
}

void Worker::on_txn_step(const Completion& c) {
  const bool ok = c.kind == LoadOutcome::Kind::loaded;
  switch (c.step) {
    case LoadStep::txn_prepare:
      if (abandoned_.erase(c.seq)) {  // its round will never be decided
        if (ok) post_txn(c.table, c.seq, LoadStep::txn_rollback, c.label);
        return;
      }
      if (ok) {
        rounds_.prepared(c.seq, c.label);
        progress_.rows_loaded += static_cast<std::uint64_t>(c.rows_loaded);
        progress_.loads++;
      } else if (c.kind == LoadOutcome::Kind::dead_lettered) {
        rounds_.dead_lettered(c.seq);
      }  // abandoned: the run stops, and the round is never decided
      if (c.kind != LoadOutcome::Kind::abandoned) tracker_.release(c.seq);
      return;
    case LoadStep::txn_commit:
      if (ok) rounds_.committed(c.seq);
      return;
    case LoadStep::txn_recover:
      --recovering_;
      return;
    case LoadStep::txn_rollback:
    case LoadStep::load:
      return;
  }
}

// The commit of a round's end offsets, with metadata naming its transactions, is the decision:
// once Kafka took it the transactions are committed; until then nothing of the round shows.
Worker::Decision Worker::decide(bool releasing) {
  const auto now = Clock::now();
  while (Round* r = rounds_.decidable()) {
    if (!releasing && now < commit_not_before_) return Decision::waiting;
    auto points = rounds_.decision(*r);
    try {
      source_->commit(points);
    } catch (const CommitDuringRebalance& e) {
      if (log_limiter_.allow())
        spdlog::info("worker {}: round {} not decided yet: {}", index_, r->id, e.what());
      commit_not_before_ = now + std::chrono::seconds(10);  // or the next assignment change
      return releasing ? Decision::refused : Decision::waiting;
    } catch (const CommitOutcomeUnknown& e) {
      r->maybe_written = true;  // never rolled back now: the next owner may find it decided
      spdlog::warn("worker {}: round {}: {}; sending the same decision again", index_, r->id,
                   e.what());
      commit_not_before_ = now + std::chrono::seconds(1);
      if (!releasing) return Decision::waiting;
      continue;  // the partitions are going: try at once while they are ours
    } catch (const std::exception& e) {
      if (log_limiter_.allow())
        spdlog::warn("worker {}: round {} not decided: {}; retrying in 1 s", index_, r->id,
                     e.what());
      commit_not_before_ = now + std::chrono::seconds(1);
      return releasing ? Decision::refused : Decision::waiting;
    }
    rounds_.decided(*r);
    std::map<TopicPartition, std::int64_t> offsets;
    for (const auto& [tp, p] : points) {
      offsets[tp] = p.offset;
      ctx_.metrics.set("sluice_committed_offset",
                       {{"topic", tp.topic}, {"partition", std::to_string(tp.partition)}},
                       static_cast<double>(p.offset));
    }
    tracker_.committed(offsets);
    for (const auto& [seq, t] : r->txns)
      if (t.state == RoundTxn::State::prepared)
        post_txn(t.table, seq, LoadStep::txn_commit, t.label);
  }
  return rounds_.any_undecided() ? Decision::waiting : Decision::all;
}

// Undecided rounds never will be: roll their prepared transactions back (unless a decision may
// have been written: the next owner then decides from the committed metadata), and the ones still
// preparing once they finish.
void Worker::abandon_rounds() {
  for (Round& r : rounds_.abandon_undecided()) {
    spdlog::info("worker {}: round {} abandoned ({} transaction(s){})", index_, r.id, r.txns.size(),
                 r.maybe_written ? ", left prepared: its decision may be written" : "");
    for (const auto& [seq, t] : r.txns) {
      if (t.state == RoundTxn::State::loading)
        abandoned_.insert(seq);
      else if (t.state == RoundTxn::State::prepared && !r.maybe_written)
        post_txn(t.table, seq, LoadStep::txn_rollback, t.label);
    }
  }
}

// After abandoning rounds while still owning partitions: read again, from the last decision,
// what those rounds and the open batches held.
void Worker::rewind() {
  for (const auto& b : batcher_.seal_all()) tracker_.release(b->seq);  // dropped unloaded
  held_ = SourceMessage{};
  std::map<TopicPartition, std::int64_t> to, committed;
  for (const auto& tp : tracker_.partitions()) {
    // Nothing decided yet for the partition: from the first record this worker read of it.
    const std::int64_t c = tracker_.committed(tp);
    if (c >= 0) committed[tp] = c;
    const std::int64_t from = c >= 0 ? c : tracker_.first_handled(tp);
    if (from >= 0) to[tp] = from;
  }
  source_->seek(to);
  for (const auto& [tp, off] : to) {
    tracker_.revoke(tp);
    tracker_.assign(tp);
    if (committed.count(tp)) tracker_.committed({{tp, committed[tp]}});
    cut_at_[tp] = off;
  }
  spdlog::info("worker {}: reading {} partition(s) again from their last decision", index_,
               to.size());
}

void Worker::recover(const std::vector<TopicPartition>& parts) {
  std::map<TopicPartition, CommitPoint> points;
  for (int attempt = 1;; ++attempt) {
    try {
      points = source_->committed(parts, kCommittedTimeoutMs);
      break;
    } catch (const std::exception& e) {
      if (attempt >= kCommittedAttempts || ctx_.force_stop) {
        ctx_.fail(std::string("exactly-once recovery at assignment: ") + e.what());
        return;
      }
      spdlog::warn("worker {}: {}; retrying", index_, e.what());
    }
  }
  std::set<std::pair<std::string, std::string>> named;
  for (const auto& [tp, p] : points) {
    if (p.offset >= 0) {
      tracker_.committed({{tp, p.offset}});
      cut_at_[tp] = p.offset;
    }
    if (auto d = decode_eos_metadata(p.metadata))
      for (const auto& t : d->txns) named.insert({t.table, t.label});
  }
  for (const auto& [table, label] : named) {
    ++recovering_;
    post_txn(table, next_batch_seq(), LoadStep::txn_recover, label);
  }
  while (recovering_ > 0 && !ctx_.failed() && !ctx_.force_stop) {
    collect_completions();
    if (recovering_ > 0) inbox_->wait(std::chrono::milliseconds(200));
  }
  if (!named.empty())
    spdlog::info("worker {}: recovery: {} transaction(s) named by the committed offsets checked",
                 index_, named.size());
}

void Worker::revoke_rounds(const std::vector<TopicPartition>& parts, bool lost) {
  bool abandon = lost;
  if (!lost) {
    // Decide what is held before the partitions go; a refusal now is final.
    cut_round({});
    while (!ctx_.failed() && !ctx_.force_stop) {
      collect_completions();
      const Decision d = decide(true);
      if (d == Decision::all) break;
      if (d == Decision::refused) {
        abandon = true;
        break;
      }
      inbox_->wait(std::chrono::milliseconds(200));
    }
    if (rounds_.any_undecided()) abandon = true;
  }
  if (abandon) {
    abandon_rounds();
    for (const auto& tp : parts) {
      tracker_.revoke(tp);
      cut_at_.erase(tp);
    }
    // What the abandoned rounds held of the partitions that stay is read again.
    if (!tracker_.partitions().empty()) {
      try {
        rewind();
      } catch (const std::exception& e) {
        ctx_.fail("exactly-once: cannot read the abandoned rounds again: " + std::string(e.what()));
      }
    } else {
      for (const auto& b : batcher_.seal_all()) tracker_.release(b->seq);
    }
  }
  for (const auto& tp : parts) {
    cut_at_.erase(tp);
    rounds_.forget(tp);
  }
}

void Worker::eos_tick(Clock::time_point now) {
  // Filtered records and partition ends move offsets too: a round is cut at the flush interval
  // even when no batch filled.
  if (now - last_cut_ >= std::chrono::milliseconds(ctx_.pipeline.sink.flush_interval_ms))
    cut_round({});
  decide(false);
  rounds_.retire();
  if (rounds_.any_undecided() || now < commit_not_before_) return;
  auto clean = rounds_.clean_points();
  if (clean.empty()) return;
  try {
    source_->commit(clean);
    rounds_.cleaned(clean);
  } catch (const std::exception& e) {
    spdlog::debug("worker {}: {} (the metadata still names committed transactions)", index_,
                  e.what());
    commit_not_before_ = now + std::chrono::seconds(1);
  }
}

void Worker::finish_rounds() {
  try {
    cut_round({});
  } catch (const std::exception& e) {
    ctx_.fail(e.what());
  }
  while (!rounds_.empty() && !ctx_.failed() && !ctx_.force_stop) {
    collect_completions();
    decide(false);
    rounds_.retire();
    if (!rounds_.empty()) inbox_->wait(std::chrono::milliseconds(200));
  }
  if (ctx_.failed() || ctx_.force_stop) {
    abandon_rounds();
  } else if (auto clean = rounds_.clean_points(); !clean.empty()) {
    try {
      source_->commit(clean);
    } catch (const std::exception&) {  // the next owner checks the transactions, harmless
    }
  }
  if (!ctx_.force_stop) wait_in_flight();
}

}  // namespace sluice::engine
