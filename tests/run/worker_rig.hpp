// A worker on fakes, run on its own thread, for the worker and exactly-once tests.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "config/pipeline.hpp"
#include "fakes.hpp"
#include "run/worker.hpp"

namespace worker_rig {

using namespace sluice::engine;
using namespace std::chrono_literals;

/// Dead-letter writer that remembers what it got.
class MemoryDeadLetters final : public DeadLetterWriter {
 public:
  std::vector<std::string> records;  // "topic/partition@offset stage plugin: message"
  bool fail = false;
  void send(const SourceMessage& m, ErrorStage stage, const std::string& plugin,
            const std::string& message) override {
    if (fail) throw std::runtime_error("dead-letter topic missing");
    records.push_back(std::string(m.topic) + "/" + std::to_string(m.partition) + "@" +
                      std::to_string(m.offset) + " " + error_stage_name(stage) + " " + plugin +
                      ": " + message);
  }
  std::size_t send_batch(const Batch& b, const std::string&) override { return b.records; }
};

/// Routes even offsets to table "even", odd ones to "odd".
class ParityRouter final : public sluice::Transform {
 public:
  sluice::Status apply(sluice::Record&& r, std::vector<sluice::Record>& out) override {
    r.table = r.offset % 2 ? "odd" : "even";
    out.push_back(std::move(r));
    return {};
  }
};

/// A worker on fakes, run on its own thread.
struct Rig {
  Pipeline p;
  Metrics metrics;
  fakes::RecordingSink* sink = nullptr;
  fakes::TextConverter* value = nullptr;
  fakes::MemorySource* source = nullptr;
  MemoryDeadLetters* dlq = nullptr;
  std::unique_ptr<RunContext> ctx;
  std::unique_ptr<LoadScheduler> loads;
  std::unique_ptr<Worker> worker;
  std::thread thread;

  explicit Rig(bool tolerate_all = false, std::size_t buffer = 1 << 20,
               bool route_by_parity = false, std::unique_ptr<sluice::Sink> own_sink = nullptr,
               bool exactly_once = false) {
    p.name = "pipe";
    p.exactly_once = exactly_once;
    p.workers = 1;
    p.sink.flush_interval_ms = 3600 * 1000;  // tests seal by size, drain or shutdown
    p.sink.retry_backoff_ms = 1;
    p.sink.retry_backoff_max_ms = 2;
    p.sink.max_retries = -1;
    p.errors.tolerance = tolerate_all ? "all" : "none";
    p.errors.dead_letter_topic = "dlq";
    p.errors.log_max_per_second = 100;
    std::unique_ptr<sluice::Sink> s = std::move(own_sink);
    if (!s) {
      auto recording = std::make_unique<fakes::RecordingSink>();
      sink = recording.get();
      s = std::move(recording);
    }
    ctx = std::make_unique<RunContext>(p, metrics,
                                       sluice::PluginInstance<sluice::Formatter>(
                                           nullptr, std::make_unique<fakes::LineFormatter>()),
                                       PluginRef{"lines", ""},
                                       sluice::PluginInstance<sluice::Sink>(nullptr, std::move(s)),
                                       PluginRef{"rec", ""});
    ctx->buffer_limit = buffer;
    LoadScheduler::Settings ls;
    ls.threads = 2;
    ls.backoff = 1ms;
    ls.backoff_max = 2ms;
    loads = std::make_unique<LoadScheduler>(*ctx->sink, ctx->sink_ref, metrics, ls,
                                            [this](const std::string& m) { ctx->fail(m); });
    WorkerParts parts;
    auto k = std::make_unique<fakes::TextConverter>();
    auto v = std::make_unique<fakes::TextConverter>();
    value = v.get();
    parts.pipeline.key = {{"text", ""},
                          sluice::PluginInstance<sluice::Converter>(nullptr, std::move(k))};
    parts.pipeline.value = {{"text", ""},
                            sluice::PluginInstance<sluice::Converter>(nullptr, std::move(v))};
    parts.pipeline.topic_to_table = {{"t", "tbl"}};
    if (route_by_parity)
      parts.pipeline.transforms.push_back(
          {{"parity", ""},
           sluice::PluginInstance<sluice::Transform>(nullptr, std::make_unique<ParityRouter>())});
    parts.source = [this](AssignmentListener& l) {
      auto src = std::make_unique<fakes::MemorySource>(l);
      source = src.get();
      return src;
    };
    if (tolerate_all) {
      auto d = std::make_unique<MemoryDeadLetters>();
      dlq = d.get();
      parts.dead_letters = std::move(d);
    }
    worker = std::make_unique<Worker>(*ctx, 0, *loads, std::move(parts));
  }
  ~Rig() { stop(); }

  void start() {
    thread = std::thread([this] { worker->run(); });
  }
  void stop() {
    ctx->stop_requested = true;
    if (thread.joinable()) thread.join();
    loads->stop();
  }
  void produce(const std::string& topic, std::int32_t partition, std::int64_t from, int n) {
    for (int i = 0; i < n; ++i)
      source->push({topic, partition, from + i, std::nullopt, "r" + std::to_string(from + i)});
  }
  std::int64_t committed(const TopicPartition& tp) const {
    auto c = source->committed();
    auto it = c.find(tp);
    return it == c.end() ? -1 : it->second;
  }
  /// The next offset the worker will read, as it last published it.
  std::int64_t position(const TopicPartition& tp) const {
    for (const auto& p : worker->snapshot().partitions)
      if (p.tp == tp) return p.position;
    return -1;
  }
  bool wait(const std::function<bool()>& pred) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(2ms);
    }
    return pred();
  }
  /// After the loads were let go: commits move on as loads finish, and the last open batches
  /// load at shutdown; all 40 records of partition t/0 end loaded and committed.
  void finish_40() {
    const TopicPartition tp{"t", 0};
    REQUIRE(wait([&] { return committed(tp) >= 20 && position(tp) == 40; }));
    stop();
    CHECK(committed(tp) == 40);
    CHECK(loaded_rows() == 40);
  }
  std::size_t loaded_rows() const {
    std::size_t n = 0;
    for (const auto& l : sink->loads())
      n += static_cast<std::size_t>(std::count(l.body.begin(), l.body.end(), '\n'));
    return n;
  }
};

}  // namespace worker_rig
