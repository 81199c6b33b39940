#include "run/load_scheduler.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <random>

#include "crash/crash_handler.hpp"
#include "log/logging.hpp"

namespace sluice::engine {

namespace {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using Done = std::pair<LoadJob, LoadOutcome>;

void deliver(std::vector<Done>& done) {
  for (auto& [job, outcome] : done)
    if (job.done) job.done(job.batch, outcome);
  done.clear();
}

}  // namespace

LoadScheduler::LoadScheduler(Sink& sink, PluginRef sink_ref, Metrics& metrics, Settings settings,
                             FailRun fail)
    : sink_(sink),
      txns_(sink.transactions()),
      ref_(std::move(sink_ref)),
      metrics_(metrics),
      settings_(std::move(settings)),
      fail_(std::move(fail)) {
  const std::size_t n = std::max<std::size_t>(1, settings_.threads);
  for (std::size_t i = 0; i < n; ++i)
    threads_.emplace_back([this] {
      CrashStackGuard signal_stack;  // sink calls run here
      run();
    });
}

LoadScheduler::~LoadScheduler() {
  stop();
}

void LoadScheduler::submit(LoadJob job) {
  std::vector<Done> abandoned;
  {
    std::lock_guard lock(mu_);
    const std::string& name = job.batch->table;
    Table& t = tables_[name];
    if (t.name.empty()) t.name = name;
    if (t.failed || stopping_) {
      abandoned.emplace_back(std::move(job), LoadOutcome{});
    } else {
      t.jobs.push_back(std::move(job));
      if (t.jobs.size() == 1 && !t.busy) ready_.push_back(t.name);
    }
  }
  cv_.notify_one();
  deliver(abandoned);
}

void LoadScheduler::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& th : threads_)
    if (th.joinable()) th.join();
  threads_.clear();
  std::vector<Done> abandoned;
  {
    std::lock_guard lock(mu_);
    for (auto& [name, t] : tables_) {
      for (auto& job : t.jobs) abandoned.emplace_back(std::move(job), LoadOutcome{});
      t.jobs.clear();
    }
    ready_.clear();
    timers_.clear();
  }
  deliver(abandoned);
}

std::map<std::string, LoadScheduler::TableState> LoadScheduler::tables() const {
  std::map<std::string, TableState> out;
  std::lock_guard lock(mu_);
  for (const auto& [name, t] : tables_) {
    TableState s = t.state;
    s.queued = t.jobs.size();
    out.emplace(name, std::move(s));
  }
  return out;
}

// The next table whose front job may start: ready in turn, or whose retry wait is over. Waits;
// null once stopping.
LoadScheduler::Table* LoadScheduler::next_ready(std::unique_lock<std::mutex>& lock) {
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      ready_.push_back(timers_.begin()->second);
      timers_.erase(timers_.begin());
    }
    if (!ready_.empty()) {
      Table& t = tables_[ready_.front()];
      ready_.pop_front();
      if (!t.busy && !t.failed && !t.jobs.empty()) return &t;
      continue;
    }
    if (timers_.empty())
      cv_.wait(lock);
    else
      cv_.wait_until(lock, timers_.begin()->first);
  }
  return nullptr;
}

void LoadScheduler::run() {
  std::vector<Done> done;
  while (true) {
    std::unique_lock lock(mu_);
    Table* t = next_ready(lock);
    if (!t) return;
    t->busy = true;
    const LoadJob& job = t->jobs.front();  // stays put while busy (only the back grows)
    const std::int64_t attempt_no = t->attempt;
    lock.unlock();

    LoadOutcome outcome;
    std::chrono::milliseconds delay{0};
    const Next next = attempt(*t, job, attempt_no, outcome, delay);

    lock.lock();
    t->busy = false;
    if (next == Next::retry) {
      t->attempt++;
      t->not_before = std::chrono::steady_clock::now() + delay;
      timers_.emplace(t->not_before, t->name);
    } else {
      t->attempt = 0;
      done.emplace_back(std::move(t->jobs.front()), outcome);
      t->jobs.pop_front();
      if (next == Next::fail) {
        // Nothing after a batch that failed for good may load: order per table is the rule.
        t->failed = true;
        for (auto& j : t->jobs) done.emplace_back(std::move(j), LoadOutcome{});
        t->jobs.clear();
      } else if (!t->jobs.empty()) {
        ready_.push_back(t->name);
      }
    }
    lock.unlock();
    cv_.notify_all();
    deliver(done);
  }
}

void LoadScheduler::set_state(Table& t, const std::string& label, const std::string& result,
                              bool ok, bool retryable) {
  std::lock_guard lock(mu_);
  t.state.last_label = label;
  t.state.last_time_ms = wall_ms();
  t.state.last_result = result;
  if (ok)
    t.state.outage_since_ms = 0;
  else if (retryable && t.state.outage_since_ms == 0)
    t.state.outage_since_ms = t.state.last_time_ms;
}

// Exponential, with jitter: uniform in [base / 2, base].
std::chrono::milliseconds LoadScheduler::backoff(std::int64_t attempt) const {
  const double base =
      std::min<double>(static_cast<double>(settings_.backoff_max.count()),
                       static_cast<double>(settings_.backoff.count()) *
                           std::pow(2.0, static_cast<double>(std::min<std::int64_t>(attempt, 30))));
  thread_local std::mt19937_64 rng(std::random_device{}());
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(std::uniform_real_distribution<double>(base / 2, base)(rng)));
}

LoadScheduler::Next LoadScheduler::attempt(Table& t, const LoadJob& job, std::int64_t attempt,
                                           LoadOutcome& outcome, std::chrono::milliseconds& delay) {
  if (job.step != LoadStep::load) return txn_attempt(t, job, attempt, outcome, delay);
  const Batch& batch = *job.batch;
  const Labels table_label{{"table", t.name}};
  const auto started = std::chrono::steady_clock::now();
  LoadResult r;
  Status call = call_plugin(ref_, Errc::permanent, first_record(batch), [&] {
    r = sink_.load(LoadRequest{t.name, batch.label, batch.body});
    return Status::ok();
  });
  if (!call) r.status = call;
  metrics_.observe(
      "sluice_load_duration_seconds", table_label,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  const std::string result = r.status.is_ok() ? (r.already_loaded ? "already loaded" : "ok")
                                              : std::string(errc_name(r.status.code())) + ": " +
                                                    redact(r.status.message());
  set_state(t, batch.label, result, r.status.is_ok(), r.status.code() == Errc::retryable);
  if (r.status.is_ok()) {
    metrics_.set("sluice_table_outage", table_label, 0);
    metrics_.add("sluice_rows_loaded_total", table_label, static_cast<double>(r.loaded_rows));
    metrics_.add("sluice_rows_filtered_by_sink_total", table_label,
                 static_cast<double>(r.filtered_rows));
    metrics_.add("sluice_bytes_loaded_total", table_label,
                 static_cast<double>(batch.body.data.size()));
    metrics_.add("sluice_loads_total",
                 {{"table", t.name}, {"result", r.already_loaded ? "already_loaded" : "ok"}});
    if (r.filtered_rows > 0)
      spdlog::warn("the sink filtered {} of {} rows loading {} (label {}){}{}", r.filtered_rows,
                   batch.body.rows, t.name, batch.label,
                   r.error_url.empty() ? "" : "; rejected rows: " + r.error_url,
                   r.status.message().empty() ? "" : "; " + redact(r.status.message()));
    if (attempt > 0)
      spdlog::info("load of {} recovered after {} retries (label {})", t.name, attempt,
                   batch.label);
    outcome = {LoadOutcome::Kind::loaded, std::move(r), {}};
    return Next::done;
  }
  const bool retryable = r.status.code() == Errc::retryable;
  if (retryable && (settings_.max_retries < 0 || attempt < settings_.max_retries)) {
    metrics_.add("sluice_load_retries_total", table_label);
    metrics_.set("sluice_table_outage", table_label, 1);
    delay = backoff(attempt);
    spdlog::warn("load of {} failed ({} rows, label {}): {}; retry {} in {} ms", t.name,
                 batch.body.rows, batch.label, redact(r.status.message()), attempt + 1,
                 delay.count());
    return Next::retry;
  }
  return refused(t, job, r, retryable, attempt, outcome);
}

// A batch the sink refused for good (or after the last retry): dead-lettered, or the run fails.
LoadScheduler::Next LoadScheduler::refused(Table& t, const LoadJob& job, const LoadResult& r,
                                           bool retryable, std::int64_t attempt,
                                           LoadOutcome& outcome) {
  const Batch& batch = *job.batch;
  metrics_.add("sluice_load_failures_total",
               {{"table", t.name}, {"reason", retryable ? "retries_exhausted" : "permanent"}});
  const std::string why = redact(r.status.message());
  if (job.dead_letters) {
    try {
      const std::size_t n = job.dead_letters->send_batch(batch, why);
      // Labelled by topic and stage, as a record dead-lettered by the worker is.
      std::map<std::string, double> per_topic;
      for (const auto& [tp, offset] : batch.members) per_topic[tp->topic] += 1;
      for (const auto& [topic, count] : per_topic)
        metrics_.add("sluice_records_dead_lettered_total",
                     {{"topic", topic}, {"stage", error_stage_name(ErrorStage::task_put)}}, count);
      spdlog::warn(
          "the sink refused the batch {} of {} ({} records, {}): {}; its records are in the "
          "dead-letter topic {}",
          batch.label, t.name, n, batch.describe_ranges(), why, settings_.dead_letter_topic);
      set_state(t, batch.label, "dead-lettered: " + why, true, false);
      outcome = {LoadOutcome::Kind::dead_lettered, r, {}};
      return Next::done;
    } catch (const std::exception& e) {
      fail_("load into table '" + t.name + "' failed (label " + batch.label + "): " + why +
            "; writing its records to the dead-letter topic failed too: " + e.what());
      return Next::fail;
    }
  }
  fail_("load into table '" + t.name + "' failed" +
        (retryable ? " after " + std::to_string(attempt) + " retries" : "") + " (label " +
        batch.label + ", records " + batch.describe_ranges() + "): " + why);
  return Next::fail;
}

}  // namespace sluice::engine
