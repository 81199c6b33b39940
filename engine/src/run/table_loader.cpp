#include "run/table_loader.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <random>

#include "log/logging.hpp"

namespace sluice::engine {

namespace {
std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

TableLoader::TableLoader(RunContext& ctx, std::string table, Done done, DeadLetter dead_letter)
    : ctx_(ctx),
      table_(std::move(table)),
      done_(std::move(done)),
      dead_letter_(std::move(dead_letter)),
      thread_([this] { run(); }) {}

TableLoader::State TableLoader::state() const {
  std::lock_guard lock(mu_);
  State s = state_;
  s.queued = queue_.size();
  return s;
}

TableLoader::~TableLoader() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void TableLoader::enqueue(std::shared_ptr<Batch> batch) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(batch));
  }
  cv_.notify_all();
}

bool TableLoader::idle() const {
  std::lock_guard lock(mu_);
  return dead_ || (queue_.empty() && !busy_);
}

void TableLoader::run() {
  while (true) {
    std::shared_ptr<Batch> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ || dead_) return;
      batch = queue_.front();
      busy_ = true;
    }
    bool ok = load_with_retries(batch);
    std::lock_guard lock(mu_);
    busy_ = false;
    if (!ok) {
      dead_ = true;
      return;
    }
    queue_.pop_front();
  }
}

bool TableLoader::load_with_retries(const std::shared_ptr<Batch>& batch) {
  const auto& sink_cfg = ctx_.pipeline.sink;
  std::mt19937_64 rng(std::random_device{}());
  Labels table_label{{"table", table_}};
  for (std::int64_t attempt = 0;; ++attempt) {
    if (ctx_.force_stop) return false;
    auto started = std::chrono::steady_clock::now();
    LoadResult r = ctx_.sink->load(LoadRequest{table_, batch->label, batch->body});
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    {
      std::lock_guard lock(mu_);
      state_.last_label = batch->label;
      state_.last_time_ms = now_ms();
      state_.last_result = r.status.is_ok() ? (r.already_loaded ? "already loaded" : "ok")
                                            : std::string(errc_name(r.status.code())) + ": " +
                                                  redact(r.status.message());
      if (r.status.is_ok())
        state_.outage_since_ms = 0;
      else if (r.status.code() == Errc::retryable && state_.outage_since_ms == 0)
        state_.outage_since_ms = state_.last_time_ms;
    }
    ctx_.metrics.observe("sluice_load_duration_seconds", table_label, secs);
    if (r.status.is_ok()) {
      ctx_.metrics.set("sluice_table_outage", table_label, 0);
      if (attempt > 0)
        spdlog::info("load of {} recovered after {} retries (label {})", table_, attempt,
                     batch->label);
      done_(batch, r);
      return true;
    }
    const bool retryable = r.status.code() == Errc::retryable;
    if (retryable && (sink_cfg.max_retries < 0 || attempt < sink_cfg.max_retries)) {
      ctx_.metrics.add("sluice_load_retries_total", table_label);
      ctx_.metrics.set("sluice_table_outage", table_label, 1);
      double base = std::min<double>(static_cast<double>(sink_cfg.retry_backoff_max_ms),
                                     static_cast<double>(sink_cfg.retry_backoff_ms) *
                                         std::pow(2.0, std::min<std::int64_t>(attempt, 30)));
      auto delay_ms =
          static_cast<std::int64_t>(std::uniform_real_distribution<double>(base / 2, base)(rng));
      spdlog::warn("load of {} failed ({} rows, label {}): {}; retry {} in {} ms", table_,
                   batch->body.rows, batch->label, redact(r.status.message()), attempt + 1,
                   delay_ms);
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(delay_ms),
                   [&] { return stopping_ || ctx_.force_stop.load(); });
      if (stopping_) return false;
      continue;
    }
    ctx_.metrics.add(
        "sluice_load_failures_total",
        {{"table", table_}, {"reason", retryable ? "retries_exhausted" : "permanent"}});
    const std::string why = redact(r.status.message());
    if (dead_letter_) {
      try {
        std::size_t n = dead_letter_(*batch, why);
        ctx_.metrics.add("sluice_records_dead_lettered_total",
                         {{"table", table_}, {"stage", "TASK_PUT"}}, static_cast<double>(n));
        spdlog::warn(
            "StarRocks refused the batch {} of {} ({} records, {}): {}; its records are in the "
            "dead-letter topic {}",
            batch->label, table_, n, batch->describe_ranges(), why,
            ctx_.pipeline.errors.dead_letter_topic);
        {
          std::lock_guard lock(mu_);
          state_.last_result = "dead-lettered: " + why;
          state_.outage_since_ms = 0;
        }
        LoadResult none;
        none.status = Status::ok();
        done_(batch, none);
        return true;
      } catch (const std::exception& e) {
        ctx_.fail("load into table '" + table_ + "' failed (label " + batch->label + "): " + why +
                  "; writing its records to the dead-letter topic failed too: " + e.what());
        return false;
      }
    }
    ctx_.fail("load into table '" + table_ + "' failed" +
              (retryable ? " after " + std::to_string(attempt) + " retries" : "") + " (label " +
              batch->label + ", records " + batch->describe_ranges() +
              "): " + redact(r.status.message()));
    return false;
  }
}

}  // namespace sluice::engine
