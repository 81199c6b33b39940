#include "run/runner.hpp"

#include <csignal>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "log/logging.hpp"
#include "run/worker.hpp"

namespace sluice::engine {

namespace {

std::atomic<int> signals_received{0};

extern "C" void on_signal(int) { signals_received.fetch_add(1); }

void install_signal_handlers() {
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

std::string format_rate(double v) {
  char buf[32];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
  else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

int run_pipeline(const std::string& file, const RunOptions& options) {
  LoadedPipeline loaded;
  try {
    loaded = load_pipeline(file);
  } catch (const ConfigError& e) {
    for (const auto& m : e.messages()) std::cerr << "error: " << redact(m) << "\n";
    return exit_config;
  }
  const Pipeline& p = loaded.pipeline;
  add_secrets(p.secrets());
  Metrics metrics;
  HostServices host(metrics);
  std::unique_ptr<RunContext> ctx;
  std::vector<std::unique_ptr<Worker>> workers;
  try {
    ctx = std::make_unique<RunContext>(
        p, metrics, host,
        create_plugin<Formatter>(p.formatter.library, *p.formatter.descriptor, p.formatter.options, host.table(), p.name),
        create_plugin<Sink>(p.sink.plugin.library, *p.sink.plugin.descriptor, p.sink.plugin.options, host.table(), p.name));
    ctx->buffer_limit = static_cast<std::size_t>(p.sink.buffer_max_bytes / p.workers);
    ctx->drain = options.drain;
    for (int i = 0; i < p.workers; ++i) workers.push_back(std::make_unique<Worker>(*ctx, i));
  } catch (const std::exception& e) {
    std::cerr << "error: " << file << ": " << redact(e.what()) << "\n";
    return exit_config;
  }
  install_signal_handlers();
  spdlog::info("running pipeline '{}' from {}{}", p.name, file, options.drain ? " until drained" : "");

  std::vector<std::thread> threads;
  std::atomic<std::size_t> finished{0};
  for (auto& w : workers)
    threads.emplace_back([&w, &finished, &ctx] {
      try {
        w->run();
      } catch (const std::exception& e) {
        ctx->fail(std::string("worker stopped: ") + e.what());
      }
      finished.fetch_add(1);
    });

  auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  WorkerProgress last{};
  bool finishing = false;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the supervisor's tick, not a synchronisation
    int sig = signals_received.load();
    if (sig >= 1 && !ctx->stop_requested) {
      spdlog::info("stopping: flushing and committing (signal again to leave at once)");
      ctx->stop_requested = true;
    }
    if (sig >= 2 && !ctx->force_stop) {
      spdlog::warn("second signal: leaving now; offsets of unloaded records are not committed");
      ctx->force_stop = true;
      std::cerr.flush();
      std::_Exit(exit_runtime);
    }
    WorkerProgress sum{};
    bool all_drained = true;
    for (auto& w : workers) {
      auto pr = w->progress();
      sum.records += pr.records;
      sum.bytes += pr.bytes;
      sum.rows_loaded += pr.rows_loaded;
      sum.loads += pr.loads;
      sum.drain_total += pr.drain_total;
      sum.drain_left += pr.drain_left;
      all_drained = all_drained && pr.drained;
    }
    auto now = std::chrono::steady_clock::now();
    if (options.progress_interval_s > 0 && now - last_report >= std::chrono::seconds(options.progress_interval_s)) {
      double secs = std::chrono::duration<double>(now - last_report).count();
      std::string line = "progress: " + std::to_string(sum.records) + " records (" +
                         format_rate(static_cast<double>(sum.records - last.records) / secs) + "/s, " +
                         format_rate(static_cast<double>(sum.bytes - last.bytes) / secs / 1e6) + " MB/s), " +
                         std::to_string(sum.rows_loaded) + " rows loaded in " + std::to_string(sum.loads) + " loads";
      if (options.drain && sum.drain_total > 0)
        line += ", drain " + std::to_string(100 - sum.drain_left * 100 / sum.drain_total) + "% (" + std::to_string(sum.drain_left) + " left)";
      spdlog::info("{}", line);
      last_report = now;
      last = sum;
    }
    if (options.drain && all_drained && !finishing) {
      finishing = true;
      spdlog::info("drained: {} records, {} rows loaded in {} loads", sum.records, sum.rows_loaded, sum.loads);
      for (auto& w : workers) w->finish();
    }
    if (finished.load() == workers.size()) break;
  }
  for (auto& t : threads) t.join();
  workers.clear();
  if (auto fatal = ctx->fatal()) {
    spdlog::error("{}", *fatal);
    std::cerr << "error: " << redact(*fatal) << "\n";
    return exit_runtime;
  }
  spdlog::info("stopped cleanly");
  return exit_ok;
}

}  // namespace sluice::engine
