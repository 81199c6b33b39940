#include "run/worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "config/pipeline.hpp"
#include "log/logging.hpp"

namespace sluice::engine {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto tick_period = std::chrono::milliseconds(50);

Batcher::Settings batcher_settings(const RunContext& ctx, bool keep_members) {
  Batcher::Settings s;
  s.label_prefix = ctx.pipeline.name;
  // A table flushes at half the worker's buffer, so that another can fill meanwhile.
  s.flush_bytes = std::max<std::size_t>(1, ctx.buffer_limit / 2);
  s.flush_interval = std::chrono::milliseconds(ctx.pipeline.sink.flush_interval_ms);
  s.keep_members = keep_members;
  return s;
}

RecordPipeline::Retry converter_retry(const RunContext& ctx) {
  RecordPipeline::Retry r;
  r.backoff = std::chrono::milliseconds(ctx.pipeline.sink.retry_backoff_ms);
  r.backoff_max = std::chrono::milliseconds(ctx.pipeline.sink.retry_backoff_max_ms);
  r.stopping = [&ctx] { return ctx.stop_requested || ctx.force_stop || ctx.failed(); };
  return r;
}

}  // namespace

Worker::Worker(RunContext& ctx, int index, LoadScheduler& loads, WorkerParts parts)
    : ctx_(ctx),
      index_(index),
      loads_(loads),
      pipeline_(std::move(parts.pipeline), converter_retry(ctx)),
      batcher_(*ctx.formatter, ctx.formatter_ref,
               batcher_settings(ctx, parts.dead_letters != nullptr)),
      dlq_(std::move(parts.dead_letters)),
      log_limiter_(static_cast<double>(ctx.pipeline.errors.log_max_per_second)),
      eos_(ctx.pipeline.exactly_once),
      rounds_(random_owner_id()) {
  source_ = parts.source(*this);
  inbox_ = std::make_shared<CompletionInbox>(source_.get());
  snapshot_.worker = index;
  if (index == 0)
    spdlog::info("pipeline '{}': {} worker(s), fast path {}{}", ctx.pipeline.name,
                 ctx.pipeline.workers, pipeline_.fast_path() ? "on" : "off",
                 pipeline_.converts_key() ? "" : ", keys not converted (no transform reads them)");
}

Worker::~Worker() {
  // Load callbacks still pending post into the inbox, which outlives us; they must not wake the
  // source we are about to destroy.
  inbox_->detach();
}

Worker::TopicCounts& Worker::counts_for(std::string_view topic) {
  if (!last_counts_ || last_topic_ != topic) {
    auto it = counts_.find(topic);
    if (it == counts_.end()) it = counts_.emplace(std::string(topic), TopicCounts{}).first;
    last_counts_ = &it->second;
    last_topic_ = std::string(topic);
  }
  return *last_counts_;
}

// A record that cannot be loaded. tolerance = none: the pipeline stops (false), with nothing at
// or after the record committed. tolerance = all: it goes to the dead-letter topic, and on (true).
bool Worker::record_error(const SourceMessage& m, const RecordFailure& f) {
  const std::string topic(m.topic);
  const std::string stage = std::string(error_stage_name(f.stage)) + " (" + f.plugin.name + ")";
  ctx_.metrics.add("sluice_records_failed_total",
                   {{"topic", topic}, {"stage", error_stage_name(f.stage)}});
  if (!dlq_) {
    ctx_.fail("bad record at " + topic + "/" + std::to_string(m.partition) + "@" +
              std::to_string(m.offset) + " (" + m.where() + "), stage " + stage + ": " +
              redact(f.status.message()));
    return false;
  }
  try {
    dlq_->send(m, f.stage, f.plugin.name, f.status.message());
  } catch (const std::exception& e) {
    ctx_.fail("cannot dead-letter the bad record at " + m.where() + ": " + e.what() +
              " (the record's error: " + redact(f.status.message()) + ")");
    return false;
  }
  ctx_.metrics.add("sluice_records_dead_lettered_total",
                   {{"topic", topic}, {"stage", error_stage_name(f.stage)}});
  if (log_limiter_.allow())
    spdlog::warn("dead-lettered the record at {} to {}: stage {}: {}", m.where(),
                 ctx_.pipeline.errors.dead_letter_topic, stage, redact(f.status.message()));
  return true;
}

bool Worker::append(const SourceMessage& m, Record& rec) {
  const std::string& table = pipeline_.route(rec);
  Batcher::Appended where;
  if (Status st = batcher_.append(table, rec, where); !st)
    return record_error(m, {ErrorStage::task_put, ctx_.formatter_ref, std::move(st)});
  if (where.first_of_partition)
    tracker_.hold(where.batch->seq, TopicPartition{rec.topic, rec.partition}, rec.offset);
  counts_for(m.topic).routed[table]++;
  buffered_peak_ = std::max(buffered_peak_, buffered());
  if (where.sealed) {
    if (eos_)  // the round is cut once the whole message is handled: its end must include it
      sealed_.push_back(std::move(where.sealed));
    else
      submit(std::move(where.sealed));
  }
  return true;
}

// Converts, transforms, routes and appends one message. False when the pipeline must stop before
// it (it is then not handled, so never committed).
bool Worker::process(const SourceMessage& m) {
  out_.clear();
  RecordFailure failure;
  switch (pipeline_.process(m, out_, failure)) {
    case RecordPipeline::Result::interrupted:
      interrupted_ = true;
      return false;
    case RecordPipeline::Result::failed:
      if (!record_error(m, failure)) return false;
      break;
    case RecordPipeline::Result::ok: {
      if (out_.filtered || out_.tombstones) {
        const std::string topic(m.topic);
        if (out_.filtered)
          ctx_.metrics.add("sluice_records_filtered_total",
                           {{"topic", topic}, {"reason", "transform"}});
        if (out_.tombstones)
          ctx_.metrics.add("sluice_records_filtered_total",
                           {{"topic", topic}, {"reason", "tombstone"}},
                           static_cast<double>(out_.tombstones));
      }
      for (auto& rec : out_.records)
        if (!append(m, rec)) return false;
    }
  }
  tracker_.handled(m.topic, m.partition, m.offset);
  if (!sealed_.empty()) cut_round(std::move(sealed_));
  counts_for(m.topic).consumed++;
  progress_.records++;
  progress_.bytes += m.value ? m.value->size() : 0;
  return true;
}

// Every job goes through here: its bytes count as in flight until its completion comes back.
void Worker::post_job(LoadJob job, std::size_t bytes) {
  in_flight_[job.batch->seq] = job.batch->table;
  in_flight_bytes_ += bytes;
  in_flight_bytes_by_table_[job.batch->table] += bytes;
  job.dead_letters = dlq_.get();
  job.done = [inbox = inbox_, bytes, step = job.step](const std::shared_ptr<Batch>& b,
                                                      const LoadOutcome& o) {
    inbox->post({b->seq, b->table, bytes, b->records, o.kind, o.result.loaded_rows, step, o.label});
  };
  loads_.submit(std::move(job));
}

void Worker::submit(std::shared_ptr<Batch> batch) {
  const std::size_t bytes = batch->bytes();
  LoadJob job;
  job.batch = std::move(batch);
  post_job(std::move(job), bytes);
}

void Worker::submit_all(std::vector<std::shared_ptr<Batch>> batches) {
  for (auto& b : batches) submit(std::move(b));
}

void Worker::flush(std::vector<std::shared_ptr<Batch>> sealed) {
  if (!eos_)
    submit_all(std::move(sealed));
  else if (!sealed.empty())
    cut_round(std::move(sealed));
}

// Applies what the load threads finished: a loaded or dead-lettered batch releases its holds on
// the partitions' offsets; an abandoned one keeps them, so nothing past it is ever committed.
void Worker::collect_completions() {
  for (auto& c : inbox_->take()) {
    in_flight_.erase(c.seq);
    in_flight_bytes_ -= c.bytes;
    if (auto it = in_flight_bytes_by_table_.find(c.table); it != in_flight_bytes_by_table_.end()) {
      it->second -= c.bytes;
      if (it->second == 0) in_flight_bytes_by_table_.erase(it);
    }
    if (c.step != LoadStep::load) {
      on_txn_step(c);
      continue;
    }
    if (c.kind == LoadOutcome::Kind::abandoned) continue;
    tracker_.release(c.seq);
    dirty_ = true;
    if (c.kind == LoadOutcome::Kind::loaded) {
      progress_.rows_loaded += static_cast<std::uint64_t>(c.rows_loaded);
      progress_.loads++;
    }
  }
}

void Worker::wait_in_flight() {
  while (true) {
    collect_completions();
    if (in_flight_.empty() || ctx_.force_stop) return;
    inbox_->wait(std::chrono::milliseconds(200));
  }
}

// Commits, synchronously, the safe offset of every partition that moved (`all`: every one, for a
// rebalance or shutdown). Only an acknowledged commit counts: --drain relies on it.
void Worker::commit(bool all) {
  collect_completions();
  dirty_ = false;
  auto offsets = tracker_.to_commit(all);
  if (offsets.empty()) return;
  try {
    source_->commit(offsets);
  } catch (const CommitDuringRebalance& e) {
    // Retrying cannot succeed before poll() serves the rebalance, and a commit blocks the poll
    // loop for as long as the coordinator holds it: a member that keeps committing misses its
    // rejoin, is fenced, loses its partitions, and the group never settles. Wait for the next
    // assignment change (or 10 s).
    if (log_limiter_.allow()) spdlog::info("{}; committing after the rebalance", e.what());
    dirty_ = true;
    commit_not_before_ = Clock::now() + std::chrono::seconds(10);
    return;
  } catch (const std::exception& e) {
    // The next commit carries the same or later offsets.
    if (log_limiter_.allow()) spdlog::warn("{}; retrying in 1 s", e.what());
    dirty_ = true;
    commit_not_before_ = Clock::now() + std::chrono::seconds(1);
    return;
  }
  tracker_.committed(offsets);
  for (const auto& [tp, off] : offsets)
    ctx_.metrics.set("sluice_committed_offset",
                     {{"topic", tp.topic}, {"partition", std::to_string(tp.partition)}},
                     static_cast<double>(off));
}

void Worker::on_assigned(const std::vector<TopicPartition>& parts) {
  commit_not_before_ = {};  // a new generation: a refused commit may go through now
  for (const auto& tp : parts) {
    tracker_.assign(tp);
    if (ctx_.drain && !end_offsets_.count(tp)) end_offsets_[tp] = source_->end_offset(tp, 5000);
  }
  if (eos_) recover(parts);
  assigned_once_ = true;
  spdlog::info("worker {}: assigned {} partition(s), {} in total", index_, parts.size(),
               tracker_.partitions().size());
}

void Worker::on_revoked(const std::vector<TopicPartition>& parts, bool lost) {
  commit_not_before_ = {};  // the rebalance is being served: commits may go through
  if (std::none_of(parts.begin(), parts.end(),
                   [&](const auto& tp) { return tracker_.assigned(tp); }))
    return;
  spdlog::info("worker {}: {} {} partition(s); flushing first", index_, lost ? "lost" : "revoked",
               parts.size());
  // Batches mix partitions: flush everything held, and commit before letting them go (a lost
  // assignment cannot commit: its new owner reads from the last commit). Called from inside
  // librdkafka: nothing may be thrown through it.
  try {
    if (eos_) {
      revoke_rounds(parts, lost);
    } else {
      submit_all(batcher_.seal_all());
      wait_in_flight();
      if (!lost) commit(true);
    }
  } catch (const std::exception& e) {
    ctx_.fail("worker " + std::to_string(index_) + ": flushing before a rebalance: " + e.what());
  }
  for (const auto& tp : parts) tracker_.revoke(tp);
  if (held_ && std::find(parts.begin(), parts.end(),
                         TopicPartition{std::string(held_.topic), held_.partition}) != parts.end())
    held_ = SourceMessage{};  // its new owner reads it from the committed offset
}

void Worker::handle(SourceEvent& ev) {
  switch (ev.kind) {
    case SourceEvent::Kind::none:
      return;
    case SourceEvent::Kind::message:
      process(ev.message);
      return;
    case SourceEvent::Kind::partition_end:
      tracker_.reached(ev.tp, ev.offset);
      dirty_ = true;
      eof_seen_ = true;
      return;
    case SourceEvent::Kind::error:
      if (log_limiter_.allow()) spdlog::warn("Kafka: {}", ev.error);
      return;
    case SourceEvent::Kind::fatal:
      ctx_.fail("Kafka consumer fatal error: " + ev.error);
      return;
  }
}

// The memory bound: when buffers are full, flush the largest table and pause fetching until loads
// free room. True while full.
bool Worker::bounded() {
  const bool full = buffered() >= ctx_.buffer_limit;
  if (full) {
    if (eos_) {
      if (!batcher_.empty()) cut_round({});
    } else if (auto b = batcher_.seal_largest()) {
      submit(std::move(b));
    }
    if (!paused_) source_->pause();
  } else if (paused_) {
    source_->resume();
  }
  if (full != paused_) {
    ctx_.metrics.set("sluice_paused", {{"worker", std::to_string(index_)}}, full ? 1 : 0);
    spdlog::debug("worker {}: {} fetching ({} of {} bytes buffered)", index_,
                  full ? "paused" : "resumed", buffered(), ctx_.buffer_limit);
  }
  paused_ = full;
  return full;
}

void Worker::run() {
  try {
    while (!ctx_.failed() && !ctx_.force_stop && !ctx_.stop_requested && !finish_ &&
           !interrupted_) {
      collect_completions();
      const bool full = bounded();
      if (!full && held_) {
        SourceMessage m = std::move(held_);
        if (!process(m)) continue;
      }
      SourceEvent ev = source_->poll(full ? 50 : 100);
      if (ev.kind == SourceEvent::Kind::message && full && !held_)
        held_ = std::move(ev.message);  // read before the pause took effect
      else
        handle(ev);
      on_tick(Clock::now());
    }
  } catch (const std::exception& e) {
    ctx_.fail("worker " + std::to_string(index_) + " stopped: " + e.what());
  }
  shut_down();
}

// What need not run per message (flush interval, metrics, the walks over every partition) runs
// every 50 ms; the drain check also at once after a partition end.
void Worker::on_tick(Clock::time_point now) {
  const bool tick = now - last_tick_ >= tick_period;
  if (tick) {
    last_tick_ = now;
    flush(batcher_.seal_expired(now));
  }
  if (ctx_.drain && (tick || eof_seen_)) {
    eof_seen_ = false;
    if (at_end_offsets()) {
      if (eos_)
        cut_round({});
      else
        submit_all(batcher_.seal_all());
    }
  }
  collect_completions();
  const bool committed = !eos_ && dirty_ && now >= commit_not_before_;
  if (committed) commit(false);
  if (eos_ && tick) eos_tick(now);
  if (tick || (ctx_.drain && committed)) update_drained();
  if (tick) publish(now - last_lag_ >= std::chrono::seconds(1));
}

void Worker::shut_down() {
  // Stop: flush what we hold, wait for the loads, commit, leave the group.
  if (!ctx_.force_stop && eos_) {
    finish_rounds();
  } else if (!ctx_.force_stop) {
    try {
      submit_all(batcher_.seal_all());
    } catch (const std::exception& e) {
      ctx_.fail(e.what());
    }
    wait_in_flight();
    commit(true);
  }
  publish(false);
  held_ = SourceMessage{};
  spdlog::info("worker {}: peak buffered bytes {} (limit {}, largest record {})", index_,
               buffered_peak_, ctx_.buffer_limit, batcher_.largest_record());
  inbox_->detach();
  if (!ctx_.force_stop) source_->close();
}

}  // namespace sluice::engine
