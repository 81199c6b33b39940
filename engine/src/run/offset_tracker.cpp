#include "run/offset_tracker.hpp"

#include <algorithm>

namespace sluice::engine {

void OffsetTracker::assign(const TopicPartition& tp) {
  parts_.try_emplace(tp);
}

void OffsetTracker::revoke(const TopicPartition& tp) {
  auto it = parts_.find(tp);
  if (it == parts_.end()) return;
  for (const auto& [seq, first] : it->second.holds) {
    auto b = batches_.find(seq);
    if (b == batches_.end()) continue;
    std::erase(b->second, tp);
    if (b->second.empty()) batches_.erase(b);
  }
  parts_.erase(it);
  last_ = nullptr;
  last_tp_ = nullptr;
}

std::vector<TopicPartition> OffsetTracker::partitions() const {
  std::vector<TopicPartition> out;
  for (const auto& [tp, p] : parts_) out.push_back(tp);
  return out;
}

OffsetTracker::Partition* OffsetTracker::find(const TopicPartition& tp) {
  auto it = parts_.find(tp);
  return it == parts_.end() ? nullptr : &it->second;
}

const OffsetTracker::Partition* OffsetTracker::find(const TopicPartition& tp) const {
  auto it = parts_.find(tp);
  return it == parts_.end() ? nullptr : &it->second;
}

void OffsetTracker::handled(std::string_view topic, std::int32_t partition, std::int64_t offset) {
  if (!last_ || last_tp_->partition != partition || last_tp_->topic != topic) {
    auto it = parts_.find(TopicPartition{std::string(topic), partition});
    if (it == parts_.end()) return;  // not ours (any more): nothing to commit for it
    last_ = &it->second;
    last_tp_ = &it->first;
  }
  if (last_->first < 0) last_->first = offset;
  last_->next = std::max(last_->next, offset + 1);
}

std::int64_t OffsetTracker::first_handled(const TopicPartition& tp) const {
  const Partition* p = find(tp);
  return p ? p->first : -1;
}

void OffsetTracker::reached(const TopicPartition& tp, std::int64_t end) {
  if (Partition* p = find(tp)) p->next = std::max(p->next, end);
}

void OffsetTracker::hold(std::uint64_t seq, const TopicPartition& tp, std::int64_t first) {
  Partition* p = find(tp);
  if (!p) return;
  auto [it, inserted] = p->holds.try_emplace(seq, first);
  if (!inserted) {
    it->second = std::min(it->second, first);
    return;
  }
  batches_[seq].push_back(tp);
}

void OffsetTracker::release(std::uint64_t seq) {
  auto b = batches_.find(seq);
  if (b == batches_.end()) return;
  for (const auto& tp : b->second)
    if (Partition* p = find(tp)) p->holds.erase(seq);
  batches_.erase(b);
}

std::int64_t OffsetTracker::position(const TopicPartition& tp) const {
  const Partition* p = find(tp);
  return p ? p->next : -1;
}

std::int64_t OffsetTracker::safe(const TopicPartition& tp) const {
  const Partition* p = find(tp);
  if (!p || p->next < 0) return -1;
  std::int64_t s = p->next;
  for (const auto& [seq, first] : p->holds) s = std::min(s, first);
  return s;
}

std::int64_t OffsetTracker::committed(const TopicPartition& tp) const {
  const Partition* p = find(tp);
  return p ? p->committed : -1;
}

std::map<TopicPartition, std::int64_t> OffsetTracker::to_commit(bool all) const {
  std::map<TopicPartition, std::int64_t> out;
  for (const auto& [tp, p] : parts_) {
    const std::int64_t s = safe(tp);
    if (s < 0) continue;
    if (all || s > p.committed) out[tp] = s;
  }
  return out;
}

void OffsetTracker::committed(const std::map<TopicPartition, std::int64_t>& offsets) {
  for (const auto& [tp, off] : offsets)
    if (Partition* p = find(tp)) p->committed = std::max(p->committed, off);
}

}  // namespace sluice::engine
