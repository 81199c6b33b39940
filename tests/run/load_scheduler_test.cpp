// The load pool: loads of one table never overlap and keep their order, whichever worker submits;
// tables load in parallel; retries reuse the label; a permanent failure stops the table.
#include <doctest/doctest.h>

#include <thread>

#include "fakes.hpp"
#include "metrics/metrics.hpp"
#include "run/batcher.hpp"
#include "run/load_scheduler.hpp"

using namespace sluice::engine;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<Batch> batch(const std::string& table, const std::string& label, std::string body) {
  auto b = std::make_shared<Batch>();
  b->table = table;
  b->label = label;
  b->seq = next_batch_seq();
  b->body.data = std::move(body);
  b->body.rows = 1;
  return b;
}

/// Collects outcomes, and waits for a number of them.
struct Outcomes {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<std::string, LoadOutcome::Kind>> got;  // label, kind
  LoadJob job(std::shared_ptr<Batch> b) {
    LoadJob j;
    j.batch = std::move(b);
    j.done = [this](const std::shared_ptr<Batch>& b, const LoadOutcome& o) {
      std::lock_guard lock(mu);
      got.emplace_back(b->label, o.kind);
      cv.notify_all();
    };
    return j;
  }
  bool wait_for(std::size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, 10s, [&] { return got.size() >= n; });
  }
};

LoadScheduler::Settings fast(std::size_t threads) {
  LoadScheduler::Settings s;
  s.threads = threads;
  s.backoff = 1ms;
  s.backoff_max = 5ms;
  return s;
}

}  // namespace

TEST_CASE("loads of one table never overlap and keep the order they were submitted in") {
  fakes::RecordingSink sink;
  sink.during = [](const std::string&) { std::this_thread::sleep_for(1ms); };  // widen the window
  sluice::engine::Metrics metrics;
  Outcomes out;
  std::string failed;
  LoadScheduler s(sink, {"rec", ""}, metrics, fast(4), [&](const std::string& m) { failed = m; });
  // Two "workers" submit to the same two tables at once.
  std::vector<std::thread> submitters;
  for (int w = 0; w < 2; ++w)
    submitters.emplace_back([&, w] {
      for (int i = 0; i < 20; ++i)
        for (const char* table : {"a", "b"})
          s.submit(out.job(
              batch(table, std::string(table) + "-" + std::to_string(w) + "-" + std::to_string(i),
                    std::to_string(i))));
    });
  for (auto& t : submitters) t.join();
  REQUIRE(out.wait_for(80));
  CHECK_FALSE(sink.overlapped);
  CHECK(failed.empty());
  // Per table and submitter, the loads came in submission order.
  std::map<std::string, int> last;
  for (const auto& l : sink.loads()) {
    const std::string who = l.label.substr(0, l.label.rfind('-'));
    const int i = std::stoi(l.body);
    CHECK(i == last[who]++);
  }
  CHECK(sink.loads().size() == 80);
}

TEST_CASE("different tables load in parallel") {
  fakes::RecordingSink sink;
  std::mutex mu;
  std::condition_variable cv;
  int inside = 0;
  bool both = false;
  sink.during = [&](const std::string&) {
    std::unique_lock lock(mu);
    ++inside;
    cv.notify_all();
    // Each load waits for the other table's load to start: only a parallel pool gets through.
    both = cv.wait_for(lock, 5s, [&] { return inside >= 2; }) || both;
  };
  sluice::engine::Metrics metrics;
  Outcomes out;
  LoadScheduler s(sink, {"rec", ""}, metrics, fast(2), [](const std::string&) {});
  s.submit(out.job(batch("a", "la", "1")));
  s.submit(out.job(batch("b", "lb", "1")));
  REQUIRE(out.wait_for(2));
  CHECK(both);
}

TEST_CASE("a retryable failure is retried under the same label until it loads") {
  fakes::RecordingSink sink;
  std::vector<std::string> labels;
  std::mutex mu;
  sink.answer = [&](const std::string&, const std::string& label, int attempt) {
    std::lock_guard lock(mu);
    labels.push_back(label);
    sluice::LoadResult r;
    if (attempt < 3) r.status = {sluice::Errc::retryable, "BE busy"};
    return r;
  };
  sluice::engine::Metrics metrics;
  Outcomes out;
  LoadScheduler s(sink, {"rec", ""}, metrics, fast(1), [](const std::string&) {});
  s.submit(out.job(batch("a", "l1", "x")));
  s.submit(out.job(batch("a", "l2", "y")));
  REQUIRE(out.wait_for(2));
  CHECK(labels == std::vector<std::string>{"l1", "l1", "l1", "l2", "l2", "l2"});
  CHECK(out.got[0] == std::make_pair(std::string("l1"), LoadOutcome::Kind::loaded));
  CHECK(s.tables().at("a").last_result == "ok");
  CHECK(metrics.render().find("sluice_load_retries_total{table=\"a\"} 4") != std::string::npos);
}

TEST_CASE("retries running out fail the run and nothing after the batch loads") {
  fakes::RecordingSink sink;
  sink.answer = [](const std::string& table, const std::string&, int) {
    sluice::LoadResult r;
    if (table == "a") r.status = {sluice::Errc::retryable, "FE unreachable"};
    return r;
  };
  sluice::engine::Metrics metrics;
  Outcomes out;
  std::mutex fmu;
  std::string failed;
  auto settings = fast(2);
  settings.max_retries = 2;
  LoadScheduler s(sink, {"rec", ""}, metrics, settings, [&](const std::string& m) {
    std::lock_guard lock(fmu);
    failed = m;
  });
  s.submit(out.job(batch("a", "a1", "x")));
  s.submit(out.job(batch("a", "a2", "y")));
  s.submit(out.job(batch("b", "b1", "z")));
  REQUIRE(out.wait_for(3));
  std::map<std::string, LoadOutcome::Kind> kinds(out.got.begin(), out.got.end());
  CHECK(kinds["a1"] == LoadOutcome::Kind::abandoned);
  CHECK(kinds["a2"] == LoadOutcome::Kind::abandoned);
  CHECK(kinds["b1"] == LoadOutcome::Kind::loaded);
  std::lock_guard lock(fmu);
  CHECK(failed.find("load into table 'a' failed after 2 retries (label a1") != std::string::npos);
  CHECK(failed.find("FE unreachable") != std::string::npos);
  CHECK(sink.calls == 4);  // a1 three times, b1 once; a2 never
}

TEST_CASE("a sink that throws is a permanent failure naming the plugin, not a crash") {
  fakes::RecordingSink sink;
  sink.during = [](const std::string&) { throw std::runtime_error("sink blew up"); };
  sluice::engine::Metrics metrics;
  Outcomes out;
  std::mutex fmu;
  std::string failed;
  LoadScheduler s(sink, {"starrocks", "/p/libsink.so"}, metrics, fast(1),
                  [&](const std::string& m) {
                    std::lock_guard lock(fmu);
                    failed = m;
                  });
  s.submit(out.job(batch("a", "a1", "x")));
  REQUIRE(out.wait_for(1));
  CHECK(out.got[0].second == LoadOutcome::Kind::abandoned);
  std::lock_guard lock(fmu);
  CHECK(failed.find("plugin 'starrocks' threw: sink blew up") != std::string::npos);
}

TEST_CASE("stop abandons what has not started and joins the pool") {
  fakes::RecordingSink sink;
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  sink.during = [&](const std::string&) {
    started = true;
    while (!release) std::this_thread::sleep_for(1ms);
  };
  sluice::engine::Metrics metrics;
  Outcomes out;
  auto s = std::make_unique<LoadScheduler>(sink, sluice::engine::PluginRef{"rec", ""}, metrics,
                                           fast(1), [](const std::string&) {});
  s->submit(out.job(batch("a", "a1", "x")));
  s->submit(out.job(batch("a", "a2", "y")));
  while (!started) std::this_thread::yield();
  std::thread stopper([&] { s->stop(); });
  // Once stopping, a submit is abandoned at once (inside submit()): probe until one is.
  while (true) {
    auto abandoned_at_once = std::make_shared<std::atomic<bool>>(false);
    LoadJob probe;
    probe.batch = batch("probe", "p", "");
    // Queued probes are abandoned later, on the stopping thread: only one done here counts.
    probe.done = [abandoned_at_once, me = std::this_thread::get_id()](const std::shared_ptr<Batch>&,
                                                                      const LoadOutcome&) {
      if (std::this_thread::get_id() == me) *abandoned_at_once = true;
    };
    s->submit(std::move(probe));
    if (*abandoned_at_once) break;
    std::this_thread::yield();
  }
  release = true;  // the attempt under way finishes
  stopper.join();
  REQUIRE(out.wait_for(2));
  std::map<std::string, LoadOutcome::Kind> kinds(out.got.begin(), out.got.end());
  CHECK(out.got.size() == 2);
  CHECK(kinds["a1"] == LoadOutcome::Kind::loaded);
  CHECK(kinds["a2"] == LoadOutcome::Kind::abandoned);
  CHECK(s->threads() == 0);
  s->submit(out.job(batch("a", "a3", "z")));  // after stop: abandoned at once
  REQUIRE(out.wait_for(3));
  CHECK(out.got[2].second == LoadOutcome::Kind::abandoned);
}
