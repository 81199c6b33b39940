#include "run/worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "log/logging.hpp"

namespace sluice::engine {

namespace {
std::string_view bytes_of(const void* p, std::size_t n) {
  return {static_cast<const char*>(p), n};
}
}  // namespace

Worker::Worker(RunContext& ctx, int index) : ctx_(ctx), index_(index) {
  const Pipeline& p = ctx.pipeline;
  auto make_conv = [&](const PluginUse& u) {
    return create_plugin<Converter>(u.library, *u.descriptor, u.options, ctx.host.table(), p.name);
  };
  key_conv_ = make_conv(p.source.key);
  value_conv_ = make_conv(p.source.value);
  for (const auto& t : p.transforms)
    transforms_.push_back(
        create_plugin<Transform>(t.library, *t.descriptor, t.options, ctx.host.table(), p.name));
  for (const auto& [topic, table] : p.sink.topic_to_table) topic_to_table_[topic] = table;
  // JSON in, JSON out, and transforms (if any) that work on JSON text: validate the text and hand
  // it on untouched, no value tree.
  fast_path_ = value_conv_->can_pass_through() && ctx.formatter->accepts_raw_json() &&
               std::all_of(transforms_.begin(), transforms_.end(),
                           [](const auto& t) { return t->accepts_raw_json(); });
  if (p.errors.tolerance == "all") dlq_ = std::make_unique<DeadLetterQueue>(p, index);
  log_limiter_ = RateLimiter(static_cast<double>(p.errors.log_max_per_second));
  consumer_ = std::make_unique<KafkaConsumer>(
      p, index,
      KafkaConsumer::RebalanceHandler{
          [this](const auto& parts) { on_assigned(parts); },
          [this](const auto& parts, bool lost) { on_revoked(parts, lost); }});
  if (index == 0)
    spdlog::info("pipeline '{}': {} worker(s), fast path {}", p.name, p.workers,
                 fast_path_ ? "on" : "off");
}

Worker::~Worker() {
  // Loaders first (they call back into this object), then the consumer.
  std::map<std::string, std::unique_ptr<TableLoader>> loaders;
  {
    std::lock_guard lock(mu_);
    loaders.swap(loaders_);
  }
  loaders.clear();
}

// The table of a record: the name a transform routed it to, else its topic, then mapped through
// topic_to_table (as the Java connector looks up a RegexRouter-renamed topic in its map).
const std::string& Worker::route(const Record& r) const {
  const std::string& name = r.table.empty() ? r.topic : r.table;
  auto it = topic_to_table_.find(name);
  return it == topic_to_table_.end() ? name : it->second;
}

Worker::TopicSlot& Worker::topic_slot(const rd_kafka_topic_t* rkt) {
  TopicSlot& slot = topics_[rkt];
  // Checked on every use: a handle freed and reused for another topic must not keep the old name.
  const char* name = rd_kafka_topic_name(rkt);
  if (slot.name != name) {
    publish_counts();  // counts under the old name stay under it
    slot = TopicSlot{name, 0, {}};
  }
  return slot;
}

void Worker::publish_counts() {
  {
    std::lock_guard lock(mu_);
    const Labels worker{{"worker", std::to_string(index_)}};
    ctx_.metrics.set("sluice_buffered_bytes", worker, static_cast<double>(buffered_locked()));
    ctx_.metrics.set("sluice_buffered_bytes_peak", worker, static_cast<double>(buffered_peak_));
  }
  for (auto& [rkt, t] : topics_) {
    if (t.consumed > 0)
      ctx_.metrics.add("sluice_records_consumed_total", {{"topic", t.name}},
                       static_cast<double>(t.consumed));
    t.consumed = 0;
    for (auto& [table, n] : t.routed) {
      if (n > 0)
        ctx_.metrics.add("sluice_records_routed_total", {{"topic", t.name}, {"table", table}},
                         static_cast<double>(n));
      n = 0;
    }
  }
}

std::size_t Worker::buffered_locked() const {
  std::size_t n = 0;
  for (const auto& [t, b] : open_) n += b->bytes();
  for (const auto& b : in_flight_) n += b->bytes();
  return n;
}

// A record that cannot be loaded. tolerance = none: the pipeline stops (false). tolerance = all:
// the record goes to the dead-letter topic and consumption goes on (true).
bool Worker::record_error(const rd_kafka_message_t* m, ErrorStage stage, const std::string& plugin,
                          const Status& st) {
  const std::string topic = rd_kafka_topic_name(m->rkt);
  const std::string stage_text = std::string(error_stage_name(stage)) + " (" + plugin + ")";
  const std::string where = "topic " + topic + ", partition " + std::to_string(m->partition) +
                            ", offset " + std::to_string(m->offset);
  ctx_.metrics.add("sluice_records_failed_total",
                   {{"topic", topic}, {"stage", error_stage_name(stage)}});
  if (!dlq_) {
    ctx_.fail("bad record at " + topic + "/" + std::to_string(m->partition) + "@" +
              std::to_string(m->offset) + " (" + where + "), stage " + stage_text + ": " +
              redact(st.message()));
    return false;
  }
  try {
    dlq_->send(m, stage, plugin, st.message());
  } catch (const std::exception& e) {
    ctx_.fail("cannot dead-letter the bad record at " + where + ": " + e.what() +
              " (the record's error: " + redact(st.message()) + ")");
    return false;
  }
  ctx_.metrics.add("sluice_records_dead_lettered_total",
                   {{"topic", topic}, {"stage", error_stage_name(stage)}});
  if (log_limiter_.allow())
    spdlog::warn("dead-lettered the record at {} to {}: stage {}: {}", where,
                 ctx_.pipeline.errors.dead_letter_topic, stage_text, redact(st.message()));
  finish_message(m);
  return true;
}

void Worker::finish_message(const rd_kafka_message_t* m) {
  TopicSlot& topic = topic_slot(m->rkt);
  records_.fetch_add(1, std::memory_order_relaxed);
  bytes_.fetch_add(m->len, std::memory_order_relaxed);
  topic.consumed++;
  std::lock_guard lock(mu_);
  // Messages come in runs from one partition: look the map up only when the partition changes.
  if (!last_position_valid_ || last_position_->first.partition != m->partition ||
      last_position_->first.topic != topic.name) {
    last_position_ = next_offset_.try_emplace(TopicPartition{topic.name, m->partition}).first;
    last_position_valid_ = true;
  }
  last_position_->second = m->offset + 1;
}

// Calls a converter, waiting out retryable failures (a schema registry that is down) with backoff.
Status Worker::convert_with_retry(const std::function<Status()>& call) {
  Status st = call();
  for (int attempt = 0; st.code() == Errc::retryable && !ctx_.stop_requested && !ctx_.force_stop;
       ++attempt) {
    auto delay =
        std::min<std::int64_t>(ctx_.pipeline.sink.retry_backoff_max_ms,
                               ctx_.pipeline.sink.retry_backoff_ms << std::min(attempt, 20));
    spdlog::warn("converter: {}; retry {} in {} ms", redact(st.message()), attempt + 1, delay);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));  // backoff, not synchronisation
    st = call();
  }
  return st;
}

// Converts, transforms, routes and appends one message. False when the pipeline must stop.
bool Worker::process(rd_kafka_message_t* m) {
  TopicSlot& topic = topic_slot(m->rkt);
  const auto& p = ctx_.pipeline;
  Record rec;
  rec.topic = topic.name;
  rec.partition = m->partition;
  rec.offset = m->offset;
  rd_kafka_timestamp_type_t tstype;
  rec.timestamp_ms = rd_kafka_message_timestamp(m, &tstype);
  ConvertContext cc{rec.topic, rec.partition, rec.offset, false};
  if (!transforms_.empty()) {
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR && hdrs) {
      const char* name;
      const void* val;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
        rec.headers.push_back(
            {name,
             val ? std::optional<std::string>(std::string(bytes_of(val, size))) : std::nullopt});
    }
    if (m->key) {
      ConvertContext kc = cc;
      kc.is_key = true;
      Status st = convert_with_retry([&] {
        return key_conv_->convert(bytes_of(m->key, m->key_len), kc, rec.key, rec.key_schema);
      });
      if (!st) return record_error(m, ErrorStage::key_converter, p.source.key.name, st);
    }
  }
  if (m->payload) {
    std::string_view value = bytes_of(m->payload, m->len);
    Status st = fast_path_ ? value_conv_->validate(value, cc) : convert_with_retry([&] {
      return value_conv_->convert(value, cc, rec.value, rec.value_schema);
    });
    if (!st) return record_error(m, ErrorStage::value_converter, p.source.value.name, st);
    if (fast_path_) rec.raw_value.emplace(value);
  }
  if (transforms_.empty() && (!rec.value.is_null() || rec.raw_value)) {
    // Nothing to transform: straight to the batch.
    if (Status st = append(std::move(rec), topic); !st)
      return record_error(m, ErrorStage::task_put, p.formatter.name, st);
    finish_message(m);
    return true;
  }
  std::vector<Record> current;
  current.push_back(std::move(rec));
  for (std::size_t i = 0; i < transforms_.size() && !current.empty(); ++i) {
    std::vector<Record> next, out;
    for (auto& r : current) {
      out.clear();
      Status st = transforms_[i]->apply(std::move(r), out);
      if (!st) return record_error(m, ErrorStage::transformation, p.transforms[i].name, st);
      for (auto& o : out) next.push_back(std::move(o));
    }
    current.swap(next);
  }
  if (current.empty())
    ctx_.metrics.add("sluice_records_filtered_total",
                     {{"topic", topic.name}, {"reason", "transform"}});
  for (auto& r : current) {
    if (r.value.is_null() && !r.raw_value) {
      // A tombstone that no transform turned into a row: nothing to load.
      ctx_.metrics.add("sluice_records_filtered_total",
                       {{"topic", topic.name}, {"reason", "tombstone"}});
      continue;
    }
    Status st = append(std::move(r), topic);
    if (!st) return record_error(m, ErrorStage::task_put, p.formatter.name, st);
  }
  finish_message(m);
  return true;
}

Status Worker::append(Record&& rec, TopicSlot& topic) {
  const std::string& table = route(rec);
  std::lock_guard lock(mu_);
  auto& slot = open_[table];
  if (!slot) {
    slot = std::make_unique<Batch>();
    slot->table = table;
    slot->writer = ctx_.formatter->new_body(table);
  }
  const std::size_t before = slot->writer->size_bytes();
  Status st = slot->writer->append(rec);
  if (!st) {
    if (slot->writer->rows() == 0) open_.erase(table);
    return st;
  }
  slot->note(rec.topic, rec.partition, rec.offset, dlq_ != nullptr);
  slot->records++;
  auto routed = std::find_if(topic.routed.begin(), topic.routed.end(),
                             [&](const auto& r) { return r.first == table; });
  if (routed == topic.routed.end()) routed = topic.routed.insert(routed, {table, 0});
  routed->second++;
  largest_record_ = std::max(largest_record_, slot->writer->size_bytes() - before);
  if (!slot->reserved && slot->writer->size_bytes() >= (1u << 20)) {
    // A busy table: let the writer allocate the body once, at the size it flushes at (half the
    // buffer, plus a record's margin), instead of doubling it on the way there.
    slot->writer->reserve(ctx_.buffer_limit / 2 + 2 * largest_record_ + 4096);
    slot->reserved = true;
  }
  buffered_peak_ = std::max(buffered_peak_, buffered_locked());
  return st;
}

void Worker::seal(const std::string& table) {
  // mu_ held by the caller
  auto it = open_.find(table);
  if (it == open_.end()) return;
  std::shared_ptr<Batch> b(std::move(it->second));
  open_.erase(it);
  b->body = b->writer->finish();
  b->writer.reset();
  b->label = batch_label(ctx_.pipeline.name, *b);
  in_flight_.insert(b);
  auto& loader = loaders_[table];
  if (!loader)
    loader = std::make_unique<TableLoader>(
        ctx_, table,
        [this](const std::shared_ptr<Batch>& done, const LoadResult& r) { on_loaded(done, r); },
        dlq_ ? TableLoader::DeadLetter([this](const Batch& b, const std::string& why) {
          return dlq_->send_batch(b, why);
        })
             : TableLoader::DeadLetter());
  loader->enqueue(b);
}

void Worker::seal_all() {
  std::lock_guard lock(mu_);
  std::vector<std::string> tables;
  for (const auto& [t, b] : open_) tables.push_back(t);
  for (const auto& t : tables) seal(t);
}

void Worker::seal_largest() {
  std::lock_guard lock(mu_);
  std::string best;
  std::size_t best_size = 0;
  for (const auto& [t, b] : open_)
    if (b->bytes() >= best_size) best = t, best_size = b->bytes();
  if (!best.empty()) seal(best);
}

// Seals the batches that reached half the buffer, and (`check_age`) those older than the flush
// interval.
void Worker::seal_expired(std::chrono::steady_clock::time_point now, bool check_age) {
  std::lock_guard lock(mu_);
  const auto interval = std::chrono::milliseconds(ctx_.pipeline.sink.flush_interval_ms);
  std::vector<std::string> due;
  for (const auto& [t, b] : open_)
    if (b->bytes() >= ctx_.buffer_limit / 2 || (check_age && now - b->opened >= interval))
      due.push_back(t);
  for (const auto& t : due) seal(t);
}

void Worker::on_loaded(const std::shared_ptr<Batch>& batch, const LoadResult& r) {
  Labels tl{{"table", batch->table}};
  ctx_.metrics.add("sluice_rows_loaded_total", tl, static_cast<double>(r.loaded_rows));
  ctx_.metrics.add("sluice_rows_filtered_by_starrocks_total", tl,
                   static_cast<double>(r.filtered_rows));
  ctx_.metrics.add("sluice_bytes_loaded_total", tl, static_cast<double>(batch->body.data.size()));
  ctx_.metrics.add("sluice_loads_total", {{"table", batch->table},
                                          {"result", r.already_loaded ? "already_loaded" : "ok"}});
  if (r.filtered_rows > 0)
    spdlog::warn("StarRocks filtered {} of {} rows loading {} (label {}){}{}", r.filtered_rows,
                 batch->body.rows, batch->table, batch->label,
                 r.error_url.empty() ? "" : "; rejected rows: " + r.error_url,
                 r.status.message().empty() ? "" : "; " + redact(r.status.message()));
  rows_loaded_ += static_cast<std::uint64_t>(r.loaded_rows);
  loads_++;
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(batch);
    dirty_ = true;
  }
  cv_.notify_all();
  consumer_->wake();  // commit now, not when the poll times out
}

void Worker::wait_loads_idle() {
  std::unique_lock lock(mu_);
  // A loader that dies does not notify: re-check a few times a second.
  auto idle = [&] {
    if (ctx_.force_stop) return true;
    if (in_flight_.empty()) return true;
    // A loader that died (permanent failure) keeps its batches: nothing more will finish.
    for (const auto& b : in_flight_) {
      auto it = loaders_.find(b->table);
      if (it != loaders_.end() && !it->second->dead()) return false;
    }
    return true;
  };
  while (!cv_.wait_for(lock, std::chrono::milliseconds(100), idle)) {
  }
}

// Commits, synchronously, the safe offset of every assigned partition that moved (`force`: every
// one, for revocation and shutdown). Only an acknowledged commit counts: --drain relies on it, and
// an asynchronous commit can fail unseen during a rebalance.
void Worker::commit(bool force) {
  std::map<TopicPartition, std::int64_t> offsets;
  {
    std::lock_guard lock(mu_);
    for (const auto& tp : assigned_) {
      auto it = next_offset_.find(tp);
      if (it == next_offset_.end()) continue;
      std::int64_t safe = it->second;
      for (const auto& [t, b] : open_)
        if (auto r = b->ranges.find(tp); r != b->ranges.end())
          safe = std::min(safe, r->second.first);
      for (const auto& b : in_flight_)
        if (auto r = b->ranges.find(tp); r != b->ranges.end())
          safe = std::min(safe, r->second.first);
      auto c = committed_.find(tp);
      if (force || c == committed_.end() || safe > c->second) offsets[tp] = safe;
    }
    dirty_ = false;
  }
  if (offsets.empty()) return;
  try {
    consumer_->commit(offsets, true);
    std::lock_guard lock(mu_);
    for (const auto& [tp, off] : offsets) {
      committed_[tp] = off;
      ctx_.metrics.set("sluice_committed_offset",
                       {{"topic", tp.topic}, {"partition", std::to_string(tp.partition)}},
                       static_cast<double>(off));
    }
  } catch (const std::exception& e) {
    spdlog::warn("{}; retrying", e.what());  // the next commit carries the same or later offsets
    std::lock_guard lock(mu_);
    dirty_ = true;
  }
}

void Worker::on_assigned(const std::vector<TopicPartition>& parts) {
  for (const auto& tp : parts) {
    std::int64_t end = ctx_.drain ? consumer_->end_offset(tp) : -1;
    std::lock_guard lock(mu_);
    assigned_.insert(tp);
    if (ctx_.drain && !end_offsets_.count(tp)) end_offsets_[tp] = end;
  }
  std::lock_guard lock(mu_);
  assigned_once_ = true;
  spdlog::info("worker {}: assigned {} partition(s), {} in total", index_, parts.size(),
               assigned_.size());
}

void Worker::on_revoked(const std::vector<TopicPartition>& parts, bool lost) {
  spdlog::info("worker {}: {} {} partition(s); flushing first", index_, lost ? "lost" : "revoked",
               parts.size());
  // Flush everything we hold (batches mix partitions) and commit before letting them go.
  seal_all();
  wait_loads_idle();
  if (!lost) commit(true);
  std::lock_guard lock(mu_);
  last_position_valid_ = false;
  for (const auto& tp : parts) {
    assigned_.erase(tp);
    next_offset_.erase(tp);
    committed_.erase(tp);
  }
  if (held_ &&
      std::find(parts.begin(), parts.end(),
                TopicPartition{rd_kafka_topic_name(held_->rkt), held_->partition}) != parts.end())
    held_.reset();  // the new owner reads it from the committed offset
}

void Worker::update_drained() {
  if (!ctx_.drain) return;
  std::lock_guard lock(mu_);
  if (!assigned_once_ || !open_.empty() || !in_flight_.empty() || held_) {
    drained_ = false;
    return;
  }
  for (const auto& tp : assigned_) {
    auto end = end_offsets_.find(tp);
    if (end == end_offsets_.end() || end->second < 0) return;
    auto pos = next_offset_.find(tp);
    if (end->second > 0 && (pos == next_offset_.end() || pos->second < end->second)) return;
    auto c = committed_.find(tp);
    if (end->second > 0 && (c == committed_.end() || c->second < end->second)) return;
  }
  drained_ = true;
}

void Worker::handle(rd_kafka_message_t* m) {
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    TopicPartition tp{rd_kafka_topic_name(m->rkt), m->partition};
    std::lock_guard lock(mu_);
    auto& pos = next_offset_[tp];
    pos = std::max(pos, m->offset);
    dirty_ = true;
    eof_seen_ = true;
    return;
  }
  if (m->err) {
    if (m->err == RD_KAFKA_RESP_ERR__FATAL) {
      char buf[512];
      rd_kafka_fatal_error(nullptr, buf, sizeof buf);
      ctx_.fail(std::string("Kafka consumer fatal error: ") + rd_kafka_message_errstr(m));
    } else {
      spdlog::warn("Kafka: {}", rd_kafka_message_errstr(m));
    }
    return;
  }
  process(m);
}

void Worker::run() {
  const auto limit = ctx_.buffer_limit;
  while (!ctx_.failed() && !ctx_.force_stop && !finish_) {
    if (ctx_.stop_requested) break;
    // Room in the buffer? Otherwise flush and pause until loads free it.
    bool full;
    {
      std::lock_guard lock(mu_);
      full = buffered_locked() >= limit;
    }
    if (full) {
      seal_largest();
      if (!paused_) {
        consumer_->pause_all();
        paused_ = true;
        ctx_.metrics.set("sluice_paused", {{"worker", std::to_string(index_)}}, 1);
      }
    } else {
      if (paused_) {
        consumer_->resume_all();
        paused_ = false;
        ctx_.metrics.set("sluice_paused", {{"worker", std::to_string(index_)}}, 0);
      }
      if (held_) {
        KafkaMessage m = std::move(held_);
        handle(m.get());
      }
    }
    KafkaMessage m = consumer_->poll(full ? 50 : 100);
    if (m) {
      if (full && !held_ && m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        held_ = std::move(m);  // read before the pause took effect
      } else {
        // Keep consumption order: a held message goes first (the buffer may pass its limit by two).
        if (held_) {
          KafkaMessage h = std::move(held_);
          handle(h.get());
        }
        handle(m.get());
      }
    }
    // What need not run per message (flush interval, metrics, the drain and lag checks that walk
    // every assigned partition) runs on a tick, every 50 ms.
    const auto now = std::chrono::steady_clock::now();
    const bool tick = now - last_tick_ >= std::chrono::milliseconds(50);
    if (tick) last_tick_ = now;
    seal_expired(now, tick);
    bool dirty;
    {
      std::lock_guard lock(mu_);
      dirty = dirty_;
    }
    if (tick) publish_counts();
    // --drain: a partition reaching its end (EOF) may complete the set; check at once.
    if (ctx_.drain && (tick || eof_seen_)) {
      eof_seen_ = false;
      // Flush what is left once every partition reached its end offset.
      bool at_end = assigned_once_;
      {
        std::lock_guard lock(mu_);
        for (const auto& tp : assigned_) {
          auto end = end_offsets_.find(tp);
          auto pos = next_offset_.find(tp);
          if (end == end_offsets_.end() ||
              (end->second > 0 && (pos == next_offset_.end() || pos->second < end->second)))
            at_end = false;
        }
      }
      if (at_end) seal_all();
    }
    if (dirty) commit(false);
    if (tick || (ctx_.drain && dirty)) update_drained();
    if (tick) update_lag_metrics();
  }
  // Stop: flush what we hold, wait for the loads, commit, leave the group.
  if (!ctx_.force_stop) {
    seal_all();
    wait_loads_idle();
    commit(true);
  }
  publish_counts();
  {
    std::lock_guard lock(mu_);
    held_.reset();
    spdlog::info("worker {}: peak buffered bytes {} (limit {}, largest record {})", index_,
                 buffered_peak_, ctx_.buffer_limit, largest_record_);
  }
  if (!ctx_.force_stop) consumer_->close();
}

void Worker::update_lag_metrics() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_lag_update_ < std::chrono::seconds(1)) return;
  last_lag_update_ = now;
  std::vector<std::pair<TopicPartition, std::int64_t>> positions;
  {
    std::lock_guard lock(mu_);
    for (const auto& tp : assigned_) {
      auto pos = next_offset_.find(tp);
      positions.emplace_back(tp, pos == next_offset_.end() ? -1 : pos->second);
    }
  }
  for (const auto& [tp, pos] : positions) {
    std::int64_t end = consumer_->cached_end_offset(tp);
    if (end < 0) end = consumer_->end_offset(tp, 1000);  // not seen in a fetch yet: ask the broker
    if (end >= 0 && pos >= 0)
      ctx_.metrics.set("sluice_consumer_lag",
                       {{"topic", tp.topic}, {"partition", std::to_string(tp.partition)}},
                       static_cast<double>(std::max<std::int64_t>(0, end - pos)));
  }
  ctx_.metrics.set("sluice_paused_partitions", {{"worker", std::to_string(index_)}},
                   paused_ ? static_cast<double>(positions.size()) : 0);
}

Value Worker::status() const {
  Value out = {{"tables", Value::object()}, {"partitions", Value::array()}};
  std::vector<std::pair<TopicPartition, std::int64_t>> positions;
  std::map<std::string, TableLoader*> loaders;
  {
    std::lock_guard lock(mu_);
    auto add_pending = [&](const std::string& t, std::size_t n) {
      Value& tv = out["tables"][t];
      tv["pending_bytes"] =
          (tv.is_object() && tv.contains("pending_bytes") ? tv["pending_bytes"].get<std::size_t>()
                                                          : 0) +
          n;
    };
    for (const auto& [t, b] : open_) add_pending(t, b->bytes());
    for (const auto& b : in_flight_) add_pending(b->table, b->bytes());
    for (const auto& [t, l] : loaders_) loaders[t] = l.get();
    for (const auto& tp : assigned_) {
      auto pos = next_offset_.find(tp);
      auto c = committed_.find(tp);
      Value part = {{"topic", tp.topic}, {"partition", tp.partition}, {"worker", index_}};
      part["position"] = pos == next_offset_.end() ? Value(nullptr) : Value(pos->second);
      part["committed"] = c == committed_.end() ? Value(nullptr) : Value(c->second);
      out["partitions"].push_back(part);
    }
  }
  for (auto& part : out["partitions"]) {
    std::int64_t end = consumer_->cached_end_offset(
        {part["topic"].get<std::string>(), part["partition"].get<std::int32_t>()});
    part["end"] = end < 0 ? Value(nullptr) : Value(end);
    if (end >= 0 && part["position"].is_number())
      part["lag"] = std::max<std::int64_t>(0, end - part["position"].get<std::int64_t>());
  }
  for (const auto& [t, l] : loaders) {
    auto st = l->state();
    Value& tv = out["tables"][t];
    if (!tv.contains("pending_bytes")) tv["pending_bytes"] = 0;
    tv["last_label"] = st.last_label;
    tv["last_result"] = st.last_result;
    tv["last_load_time_ms"] = st.last_time_ms;
    tv["queued_batches"] = st.queued;
    if (st.outage_since_ms) tv["failing_since_ms"] = st.outage_since_ms;
  }
  return out;
}

std::vector<std::string> Worker::outages(std::int64_t since_ms) const {
  std::vector<std::string> out;
  std::lock_guard lock(mu_);
  for (const auto& [t, l] : loaders_) {
    auto st = l->state();
    if (st.outage_since_ms && st.outage_since_ms <= since_ms)
      out.push_back("table " + t + " failing to load since " + std::to_string(st.outage_since_ms) +
                    " ms (epoch): " + st.last_result);
  }
  return out;
}

WorkerProgress Worker::progress() const {
  WorkerProgress p;
  p.records = records_;
  p.bytes = bytes_;
  p.rows_loaded = rows_loaded_;
  p.loads = loads_;
  p.drained = drained_;
  std::lock_guard lock(mu_);
  for (const auto& [tp, end] : end_offsets_) {
    if (end <= 0 || !assigned_.count(tp)) continue;
    auto pos = next_offset_.find(tp);
    std::int64_t at = pos == next_offset_.end() ? 0 : pos->second;
    p.drain_total += end;
    p.drain_left += std::max<std::int64_t>(0, end - at);
  }
  return p;
}

}  // namespace sluice::engine
