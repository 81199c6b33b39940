#include "run/table_loader.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <random>

#include "log/logging.hpp"

namespace sluice::engine {

TableLoader::TableLoader(RunContext& ctx, std::string table, Done done)
    : ctx_(ctx), table_(std::move(table)), done_(std::move(done)), thread_([this] { run(); }) {}

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
    ctx_.metrics.add("sluice_load_seconds_total", table_label, secs);
    if (r.status.is_ok()) {
      ctx_.metrics.set("sluice_table_outage", table_label, 0);
      if (attempt > 0) spdlog::info("load of {} recovered after {} retries (label {})", table_, attempt, batch->label);
      done_(batch, r);
      return true;
    }
    const bool retryable = r.status.code() == Errc::retryable;
    if (retryable && (sink_cfg.max_retries < 0 || attempt < sink_cfg.max_retries)) {
      ctx_.metrics.add("sluice_load_retries_total", table_label);
      ctx_.metrics.set("sluice_table_outage", table_label, 1);
      double base = std::min<double>(static_cast<double>(sink_cfg.retry_backoff_max_ms),
                                     static_cast<double>(sink_cfg.retry_backoff_ms) * std::pow(2.0, std::min<std::int64_t>(attempt, 30)));
      auto delay_ms = static_cast<std::int64_t>(std::uniform_real_distribution<double>(base / 2, base)(rng));
      spdlog::warn("load of {} failed ({} rows, label {}): {}; retry {} in {} ms", table_, batch->body.rows, batch->label,
                   redact(r.status.message()), attempt + 1, delay_ms);
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(delay_ms), [&] { return stopping_ || ctx_.force_stop.load(); });
      if (stopping_) return false;
      continue;
    }
    ctx_.metrics.add("sluice_load_failures_total", {{"table", table_}, {"reason", retryable ? "retries_exhausted" : "permanent"}});
    ctx_.fail("load into table '" + table_ + "' failed" + (retryable ? " after " + std::to_string(attempt) + " retries" : "") +
              " (label " + batch->label + ", records " + batch->describe_ranges() + "): " + redact(r.status.message()));
    return false;
  }
}

}  // namespace sluice::engine
