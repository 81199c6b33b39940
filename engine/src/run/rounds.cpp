#include "run/rounds.hpp"

#include <algorithm>
#include <cstdio>
#include <random>

#include "run/eos_metadata.hpp"

namespace sluice::engine {

bool Round::prepared() const {
  return std::all_of(txns.begin(), txns.end(),
                     [](const auto& t) { return t.second.state != RoundTxn::State::loading; });
}

bool Round::done() const {
  return decided && std::all_of(txns.begin(), txns.end(), [](const auto& t) {
           return t.second.state == RoundTxn::State::committed ||
                  t.second.state == RoundTxn::State::dead_lettered;
         });
}

Rounds::Rounds(std::string owner) : owner_(std::move(owner)) {}

Round& Rounds::cut(const std::vector<std::shared_ptr<Batch>>& batches,
                   std::map<TopicPartition, std::int64_t> end) {
  Round r;
  r.id = owner_ + "_" + std::to_string(next_++);
  r.end = std::move(end);
  for (const auto& b : batches) {
    RoundTxn t;
    t.table = b->table;
    for (const auto& [tp, range] : b->ranges) t.partitions.push_back(tp);
    r.txns.emplace(b->seq, std::move(t));
  }
  rounds_.push_back(std::move(r));
  return rounds_.back();
}

RoundTxn* Rounds::find(std::uint64_t seq) {
  for (auto& r : rounds_)
    if (auto it = r.txns.find(seq); it != r.txns.end()) return &it->second;
  return nullptr;
}

void Rounds::prepared(std::uint64_t seq, std::string label) {
  if (RoundTxn* t = find(seq)) {
    t->state = RoundTxn::State::prepared;
    t->label = std::move(label);
  }
}

void Rounds::dead_lettered(std::uint64_t seq) {
  if (RoundTxn* t = find(seq)) t->state = RoundTxn::State::dead_lettered;
}

void Rounds::committed(std::uint64_t seq) {
  if (RoundTxn* t = find(seq)) t->state = RoundTxn::State::committed;
}

Round* Rounds::decidable() {
  for (auto& r : rounds_) {
    if (r.decided) continue;
    return r.prepared() ? &r : nullptr;  // the oldest undecided one, or none
  }
  return nullptr;
}

std::map<TopicPartition, CommitPoint> Rounds::decision(const Round& r) const {
  std::map<TopicPartition, CommitPoint> out;
  // A partition's metadata replaces its last one: it names the prepared transactions of this
  // round and those of earlier decided rounds not committed yet, or a crash now would leave
  // those for nobody to commit.
  for (const auto& [tp, offset] : r.end) {
    EosDecision d{r.id, {}};
    for (const Round& older : rounds_) {
      if (&older != &r && !older.decided) continue;
      for (const auto& [seq, t] : older.txns)
        if (t.state == RoundTxn::State::prepared &&
            std::find(t.partitions.begin(), t.partitions.end(), tp) != t.partitions.end())
          d.txns.push_back({t.table, t.label});
      if (&older == &r) break;
    }
    out.emplace(tp, CommitPoint{offset, encode_eos_metadata(d)});
  }
  return out;
}

void Rounds::decided(Round& r) {
  r.decided = true;
  for (const auto& [tp, offset] : r.end) {
    LastDecision& last = last_[tp];
    last.offset = offset;
    last.round = r.id;
    last.named_txns = std::any_of(r.txns.begin(), r.txns.end(), [&](const auto& t) {
      return t.second.state == RoundTxn::State::prepared &&
             std::find(t.second.partitions.begin(), t.second.partitions.end(), tp) !=
                 t.second.partitions.end();
    });
  }
}

void Rounds::retire() {
  while (!rounds_.empty() && rounds_.front().done()) rounds_.pop_front();
}

std::vector<Round> Rounds::abandon_undecided() {
  std::vector<Round> out;
  for (auto it = rounds_.begin(); it != rounds_.end();) {
    if (it->decided) {
      ++it;
    } else {
      out.push_back(std::move(*it));
      it = rounds_.erase(it);
    }
  }
  return out;
}

bool Rounds::holds(const TopicPartition& tp) const {
  return std::any_of(rounds_.begin(), rounds_.end(),
                     [&](const Round& r) { return !r.done() && r.end.count(tp) != 0; });
}

std::map<TopicPartition, CommitPoint> Rounds::clean_points() const {
  std::map<TopicPartition, CommitPoint> out;
  for (const auto& [tp, last] : last_)
    if (last.named_txns && !holds(tp))
      out.emplace(tp, CommitPoint{last.offset, encode_eos_metadata({last.round, {}})});
  return out;
}

void Rounds::cleaned(const std::map<TopicPartition, CommitPoint>& points) {
  for (const auto& [tp, point] : points)
    if (auto it = last_.find(tp); it != last_.end() && it->second.offset == point.offset)
      it->second.named_txns = false;
}

void Rounds::forget(const TopicPartition& tp) {
  last_.erase(tp);
}

bool Rounds::any_undecided() const {
  return std::any_of(rounds_.begin(), rounds_.end(), [](const Round& r) { return !r.decided; });
}

std::string random_owner_id() {
  std::random_device rd;
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
  return buf;
}

}  // namespace sluice::engine
