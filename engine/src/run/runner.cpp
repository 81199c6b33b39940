#include "run/runner.hpp"

#include <csignal>
#include <fstream>
#include <iostream>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "crash/crash_handler.hpp"
#include "http/status_server.hpp"
#include "log/logging.hpp"
#include "plugin_host/host_services.hpp"
#include "run/kafka_source.hpp"
#include "run/status_report.hpp"
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

// The process's peak resident set (VmHWM), in kB; -1 when unknown. Logged at exit, so that the
// memory bound can be checked against what the process really held.
long peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

PluginRef ref_of(std::string_view stage, const PluginUse& use) {
  return make_plugin_ref(stage, use.name, use.library ? use.library->path().string() : "");
}

// Creates a plugin inside a CrashScope, so that a factory that crashes is named.
template <class T>
PluginInstance<T> create_named(const PluginUse& use, const PluginRef& ref, HostServices& host,
                               const Pipeline& p) {
  CrashScope scope(*ref.site);
  return create_plugin<T>(use.library, *use.descriptor, use.options, host.table(), p.name);
}

// delivery = "exactly_once": the sink must have transactions, and its destination support them
// (StarRocks 2.4+). A destination that cannot be reached now is not a refusal: the first
// transaction waits for it like a load does.
void check_transactions(RunContext& ctx) {
  TransactionalSink* txns = ctx.sink->transactions();
  if (!txns)
    throw std::runtime_error("delivery = \"exactly_once\" needs a sink with transactions; sink '" +
                             ctx.sink_ref.name + "' has none");
  Status st = call_plugin(ctx.sink_ref, Errc::permanent, [&] { return txns->check(); });
  if (st.code() == Errc::retryable)
    spdlog::warn("exactly_once: cannot check the destination's transactions yet: {}",
                 redact(st.message()));
  else if (!st)
    throw std::runtime_error("delivery = \"exactly_once\": " + st.message());
}

std::unique_ptr<RunContext> make_context(const Pipeline& p, Metrics& metrics, HostServices& host) {
  PluginRef formatter = ref_of("formatter", p.formatter), sink = ref_of("sink", p.sink.plugin);
  auto f = create_named<Formatter>(p.formatter, formatter, host, p);
  auto s = create_named<Sink>(p.sink.plugin, sink, host, p);
  auto ctx = std::make_unique<RunContext>(p, metrics, std::move(f), std::move(formatter),
                                          std::move(s), std::move(sink));
  ctx->buffer_limit = static_cast<std::size_t>(p.sink.buffer_max_bytes / p.workers);
  if (p.exactly_once) check_transactions(*ctx);
  return ctx;
}

std::unique_ptr<LoadScheduler> make_scheduler(RunContext& ctx) {
  const auto& s = ctx.pipeline.sink;
  LoadScheduler::Settings settings;
  settings.threads = static_cast<std::size_t>(s.max_concurrent_loads);
  settings.backoff = std::chrono::milliseconds(s.retry_backoff_ms);
  settings.backoff_max = std::chrono::milliseconds(s.retry_backoff_max_ms);
  settings.max_retries = s.max_retries;
  settings.dead_letter_topic = ctx.pipeline.errors.dead_letter_topic;
  return std::make_unique<LoadScheduler>(*ctx.sink, ctx.sink_ref, ctx.metrics, settings,
                                         [&ctx](const std::string& m) { ctx.fail(m); });
}

WorkerParts make_worker_parts(RunContext& ctx, HostServices& host, int index) {
  const Pipeline& p = ctx.pipeline;
  WorkerParts parts;
  parts.pipeline = RecordPipeline::make_parts(p, host, ctx.formatter->accepts_raw_json());
  parts.source = [&p, index](AssignmentListener& l) {
    return std::make_unique<KafkaSource>(p, index, l);
  };
  if (p.errors.tolerance == "all") parts.dead_letters = std::make_unique<DeadLetterQueue>(p, index);
  return parts;
}

WorkerProgress total_progress(const std::vector<std::unique_ptr<Worker>>& workers,
                              bool& all_drained) {
  WorkerProgress sum{};
  all_drained = true;
  for (const auto& w : workers) {
    const WorkerProgress pr = w->snapshot().progress;
    sum.records += pr.records;
    sum.bytes += pr.bytes;
    sum.rows_loaded += pr.rows_loaded;
    sum.loads += pr.loads;
    sum.drain_total += pr.drain_total;
    sum.drain_left += pr.drain_left;
    all_drained = all_drained && pr.drained;
  }
  return sum;
}

std::string progress_line(const WorkerProgress& now, const WorkerProgress& last, double secs,
                          bool drain) {
  std::string line = "progress: " + std::to_string(now.records) + " records (" +
                     format_rate(static_cast<double>(now.records - last.records) / secs) + "/s, " +
                     format_rate(static_cast<double>(now.bytes - last.bytes) / secs / 1e6) +
                     " MB/s), " + std::to_string(now.rows_loaded) + " rows loaded in " +
                     std::to_string(now.loads) + " loads";
  if (drain && now.drain_total > 0)
    line += ", drain " + std::to_string(100 - now.drain_left * 100 / now.drain_total) + "% (" +
            std::to_string(now.drain_left) + " left)";
  return line;
}

// The main thread while workers run: signals, the progress line, the end of a drain.
void supervise(RunContext& ctx, const std::vector<std::unique_ptr<Worker>>& workers,
               const RunOptions& options, const std::atomic<std::size_t>& finished) {
  auto last_report = std::chrono::steady_clock::now();
  WorkerProgress last{};
  bool finishing = false;
  while (finished.load() < workers.size()) {
    // The supervisor's tick, not a synchronisation.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const int sig = signals_received.load();
    if (sig >= 1 && !ctx.stop_requested) {
      spdlog::info("stopping: flushing and committing (signal again to leave at once)");
      ctx.stop_requested = true;
    }
    if (sig >= 2 && !ctx.force_stop) {
      spdlog::warn("second signal: leaving now; offsets of unloaded records are not committed");
      ctx.force_stop = true;
      std::cerr.flush();
      std::_Exit(exit_runtime);
    }
    bool all_drained = false;
    const WorkerProgress sum = total_progress(workers, all_drained);
    const auto now = std::chrono::steady_clock::now();
    if (options.progress_interval_s > 0 &&
        now - last_report >= std::chrono::seconds(options.progress_interval_s)) {
      spdlog::info(
          "{}", progress_line(sum, last, std::chrono::duration<double>(now - last_report).count(),
                              options.drain));
      last_report = now;
      last = sum;
    }
    if (options.drain && all_drained && !finishing) {
      finishing = true;
      spdlog::info("drained: {} records, {} rows loaded in {} loads", sum.records, sum.rows_loaded,
                   sum.loads);
      for (const auto& w : workers) w->finish();
    }
  }
}

// /metrics, /health and /status, when [http] listen is set; null otherwise. Throws when the
// address cannot be bound.
std::unique_ptr<StatusServer> start_status_server(const Pipeline& p, Metrics& metrics,
                                                  StatusReport& report) {
  if (p.http_listen.empty()) return nullptr;
  auto http = std::make_unique<StatusServer>(
      p.http_listen, StatusServer::Handlers{[&metrics] { return metrics.render(); },
                                            [&report] { return report.health(); },
                                            [&report] { return report.status(); }});
  spdlog::info("status server on http://{}:{} (/metrics, /health, /status)",
               p.http_listen.substr(0, p.http_listen.rfind(':')), http->port());
  return http;
}

// One thread per worker, supervised from the calling thread; returns once all are joined.
void run_workers(RunContext& ctx, std::vector<std::unique_ptr<Worker>>& workers,
                 const RunOptions& options) {
  std::vector<std::thread> threads;
  std::atomic<std::size_t> finished{0};
  for (auto& w : workers)
    threads.emplace_back([&w, &finished, &ctx] {
      CrashStackGuard signal_stack;  // a crash in plugin code on this thread can still report
      try {
        w->run();
      } catch (const std::exception& e) {
        ctx.fail(std::string("worker stopped: ") + e.what());
      }
      finished.fetch_add(1);
    });
  supervise(ctx, workers, options, finished);
  for (auto& t : threads) t.join();
}

}  // namespace

int run_pipeline(const std::string& file, const RunOptions& options) {
  // First: a SIGTERM while the pipeline starts (plugins load, the consumer joins) is a request to
  // stop once started, not a death by signal.
  install_signal_handlers();
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
  std::unique_ptr<LoadScheduler> loads;
  std::vector<std::unique_ptr<Worker>> workers;
  try {
    ctx = make_context(p, metrics, host);
    ctx->drain = options.drain;
    loads = make_scheduler(*ctx);
    for (int i = 0; i < p.workers; ++i)
      workers.push_back(
          std::make_unique<Worker>(*ctx, i, *loads, make_worker_parts(*ctx, host, i)));
  } catch (const std::exception& e) {
    std::cerr << "error: " << file << ": " << redact(e.what()) << "\n";
    return exit_config;
  } catch (...) {
    std::cerr << "error: " << file
              << ": a plugin factory threw an exception that is not a std::exception\n";
    return exit_config;
  }
  StatusReport report(*ctx, workers, *loads, p.health_outage_ms);
  std::unique_ptr<StatusServer> http;
  try {
    http = start_status_server(p, metrics, report);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_config;
  }
  spdlog::info("running pipeline '{}' from {}{}", p.name, file,
               options.drain ? " until drained" : "");

  run_workers(*ctx, workers, options);
  http.reset();   // its handlers read the workers and the scheduler
  loads->stop();  // every worker waited for its loads: nothing is pending but abandoned work
  workers.clear();
  loads.reset();
  spdlog::info("peak RSS {} kB (buffer_max_bytes {} bytes)", peak_rss_kb(),
               p.sink.buffer_max_bytes);
  if (auto fatal = ctx->fatal()) {
    spdlog::error("{}", *fatal);
    std::cerr << "error: " << redact(*fatal) << "\n";
    return exit_runtime;
  }
  spdlog::info("stopped cleanly");
  return exit_ok;
}

}  // namespace sluice::engine
