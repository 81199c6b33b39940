#include "run/runner.hpp"

#include <csignal>
#include <iostream>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "http/status_server.hpp"
#include "log/logging.hpp"
#include "run/worker.hpp"

namespace sluice::engine {

namespace {

std::atomic<int> signals_received{0};

extern "C" void on_signal(int) {
  signals_received.fetch_add(1);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

std::string format_rate(double v) {
  char buf[32];
  if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "%.2fM", v / 1e6);
  else if (v >= 1e3)
    std::snprintf(buf, sizeof buf, "%.1fk", v / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// Load bodies grow to tens of MiB and are freed after each load. glibc raises its mmap threshold
// to the size of each mmapped block freed (up to 32 MiB), after which such bodies come from the
// heap, whose freed pages stay resident: the process then holds ~30 MiB more than it buffers. A
// fixed threshold keeps large blocks in their own mappings, returned to the system when freed.
void keep_large_blocks_out_of_the_heap() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
}

}  // namespace

int run_pipeline(const std::string& file, const RunOptions& options) {
  keep_large_blocks_out_of_the_heap();
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
        create_plugin<Formatter>(p.formatter.library, *p.formatter.descriptor, p.formatter.options,
                                 host.table(), p.name),
        create_plugin<Sink>(p.sink.plugin.library, *p.sink.plugin.descriptor, p.sink.plugin.options,
                            host.table(), p.name));
    ctx->buffer_limit = static_cast<std::size_t>(p.sink.buffer_max_bytes / p.workers);
    ctx->drain = options.drain;
    for (int i = 0; i < p.workers; ++i) workers.push_back(std::make_unique<Worker>(*ctx, i));
  } catch (const std::exception& e) {
    std::cerr << "error: " << file << ": " << redact(e.what()) << "\n";
    return exit_config;
  }
  std::unique_ptr<StatusServer> http;
  if (!p.http_listen.empty()) {
    try {
      http = std::make_unique<StatusServer>(
          p.http_listen,
          StatusServer::Handlers{
              [&metrics] { return metrics.render(); },
              [&] {
                if (auto fatal = ctx->fatal()) return "stopped: " + redact(*fatal);
                auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count() -
                             p.health_outage_ms;
                std::string reasons;
                for (auto& w : workers)
                  for (const auto& o : w->outages(since))
                    reasons += (reasons.empty() ? "" : "; ") + o;
                return reasons.empty() ? std::string() : "StarRocks outage: " + reasons;
              },
              [&] {
                Value st = {{"pipeline", p.name},
                            {"state", ctx->failed()         ? "failed"
                                      : ctx->stop_requested ? "stopping"
                                                            : "running"},
                            {"tables", Value::object()},
                            {"partitions", Value::array()}};
                if (auto fatal = ctx->fatal()) st["error"] = redact(*fatal);
                for (auto& w : workers) {
                  Value ws = w->status();
                  for (auto& [t, v] : ws["tables"].items()) {
                    Value& dst = st["tables"][t];
                    if (!dst.is_object()) dst = Value::object();
                    std::size_t pending = dst.value("pending_bytes", std::size_t{0}) +
                                          v.value("pending_bytes", std::size_t{0});
                    if (v.contains("last_load_time_ms") &&
                        v["last_load_time_ms"].get<std::int64_t>() >=
                            dst.value("last_load_time_ms", std::int64_t{0}))
                      dst.update(v);
                    dst["pending_bytes"] = pending;
                  }
                  for (auto& part : ws["partitions"]) st["partitions"].push_back(part);
                }
                return st;
              }});
      spdlog::info("status server on http://{}:{} (/metrics, /health, /status)",
                   p.http_listen.substr(0, p.http_listen.rfind(':')), http->port());
    } catch (const std::exception& e) {
      std::cerr << "error: " << e.what() << "\n";
      return exit_config;
    }
  }
  install_signal_handlers();
  spdlog::info("running pipeline '{}' from {}{}", p.name, file,
               options.drain ? " until drained" : "");

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
    std::this_thread::sleep_for(
        std::chrono::milliseconds(100));  // the supervisor's tick, not a synchronisation
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
    if (options.progress_interval_s > 0 &&
        now - last_report >= std::chrono::seconds(options.progress_interval_s)) {
      double secs = std::chrono::duration<double>(now - last_report).count();
      std::string line = "progress: " + std::to_string(sum.records) + " records (" +
                         format_rate(static_cast<double>(sum.records - last.records) / secs) +
                         "/s, " +
                         format_rate(static_cast<double>(sum.bytes - last.bytes) / secs / 1e6) +
                         " MB/s), " + std::to_string(sum.rows_loaded) + " rows loaded in " +
                         std::to_string(sum.loads) + " loads";
      if (options.drain && sum.drain_total > 0)
        line += ", drain " + std::to_string(100 - sum.drain_left * 100 / sum.drain_total) + "% (" +
                std::to_string(sum.drain_left) + " left)";
      spdlog::info("{}", line);
      last_report = now;
      last = sum;
    }
    if (options.drain && all_drained && !finishing) {
      finishing = true;
      spdlog::info("drained: {} records, {} rows loaded in {} loads", sum.records, sum.rows_loaded,
                   sum.loads);
      for (auto& w : workers) w->finish();
    }
    if (finished.load() == workers.size()) break;
  }
  for (auto& t : threads) t.join();
  http.reset();  // its handlers read the workers
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
