#include "run/batcher.hpp"

#include <atomic>
#include <stdexcept>

namespace sluice::engine {

std::uint64_t next_batch_seq() noexcept {
  static std::atomic<std::uint64_t> seq{0};
  return ++seq;
}

Batcher::Batcher(Formatter& formatter, PluginRef formatter_ref, Settings settings)
    : formatter_(formatter), ref_(std::move(formatter_ref)), settings_(std::move(settings)) {}

Status Batcher::append(const std::string& table, const Record& r, Appended& where) {
  auto it = open_.find(table);
  if (it == open_.end()) {
    auto b = std::make_unique<Batch>();
    b->table = table;
    b->seq = next_batch_seq();
    Status st = call_plugin(ref_, Errc::bad_record, {r.topic, r.partition, r.offset}, [&] {
      b->writer = formatter_.new_body(table);
      return b->writer ? Status::ok() : Status::bad_record("new_body() returned no writer");
    });
    if (!st) return st;
    it = open_.emplace(table, std::move(b)).first;
  }
  Batch& b = *it->second;
  const std::size_t before = b.writer->size_bytes();
  Status st = call_plugin(ref_, Errc::bad_record, {r.topic, r.partition, r.offset},
                          [&] { return b.writer->append(r); });
  if (!st) {
    if (b.writer->rows() == 0) open_.erase(it);
    return st;
  }
  const std::size_t after = b.writer->size_bytes();
  open_bytes_ += after - before;
  largest_record_ = std::max(largest_record_, after - before);
  where.batch = &b;
  where.first_of_partition = b.note(r.topic, r.partition, r.offset, settings_.keep_members);
  where.sealed.reset();
  b.records++;
  if (!b.reserved && after >= (1u << 20)) {
    // A busy table: let the writer allocate the body once, at the size it flushes at (plus a
    // record's margin), instead of doubling it on the way there.
    const std::size_t hint = settings_.flush_bytes + 2 * largest_record_ + 4096;
    call_plugin(ref_, Errc::bad_record, [&] {
      b.writer->reserve(hint);
      return Status::ok();
    });
    b.reserved = true;
  }
  if (after >= settings_.flush_bytes) where.sealed = seal(it);
  return Status::ok();
}

std::shared_ptr<Batch> Batcher::seal(std::map<std::string, std::unique_ptr<Batch>>::iterator it) {
  std::shared_ptr<Batch> b(std::move(it->second));
  open_.erase(it);
  open_bytes_ -= b->writer->size_bytes();
  Status st = call_plugin(ref_, Errc::permanent, first_record(*b), [&] {
    b->body = b->writer->finish();
    return Status::ok();
  });
  b->writer.reset();
  if (!st)
    throw std::runtime_error("formatter '" + ref_.name + "' failed to finish the batch of table '" +
                             b->table + "' (records " + b->describe_ranges() +
                             "): " + st.message());
  b->label = batch_label(settings_.label_prefix, *b);
  return b;
}

std::vector<std::shared_ptr<Batch>> Batcher::seal_expired(
    std::chrono::steady_clock::time_point now) {
  std::vector<std::shared_ptr<Batch>> out;
  for (auto it = open_.begin(); it != open_.end();) {
    auto here = it++;
    if (now - here->second->opened >= settings_.flush_interval) out.push_back(seal(here));
  }
  return out;
}

std::vector<std::shared_ptr<Batch>> Batcher::seal_all() {
  std::vector<std::shared_ptr<Batch>> out;
  while (!open_.empty()) out.push_back(seal(open_.begin()));
  return out;
}

std::shared_ptr<Batch> Batcher::seal_largest() {
  auto best = open_.end();
  for (auto it = open_.begin(); it != open_.end(); ++it)
    if (best == open_.end() || it->second->bytes() >= best->second->bytes()) best = it;
  return best == open_.end() ? nullptr : seal(best);
}

}  // namespace sluice::engine
