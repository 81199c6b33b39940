// The worker driven by an in-memory source: commits follow loads (never past an unloaded record,
// whichever table loads first), bad records stop the run or go to the dead-letter writer, pausing
// follows the assignment, a shutdown during a retryable failure commits nothing at or past it.
#include <doctest/doctest.h>

#include <thread>

#include "worker_rig.hpp"

using namespace sluice::engine;
using namespace std::chrono_literals;

using namespace worker_rig;

namespace {

const TopicPartition tp0{"t", 0};

}  // namespace

TEST_CASE("a shutdown flushes, loads and commits everything handled") {
  Rig rig;
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 50);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.source->queued() == 0; }));
  rig.stop();
  CHECK(rig.loaded_rows() == 50);
  CHECK(rig.committed(tp0) == 50);
  CHECK(rig.source->closed);
  CHECK_FALSE(rig.ctx->failed());
}

TEST_CASE("nothing is committed past a record whose load has not finished") {
  Rig rig(false, 64);  // tiny buffer: batches seal every few records
  fakes::Gate gate;
  rig.sink->during = [&](const std::string&) { gate.wait(); };
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 40);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.sink->calls == 0 && rig.source->queued() < 40; }));
  // Loads are blocked: whatever was committed so far never passes the first record.
  for (const auto& c : rig.source->commits()) CHECK(c.at(tp0) <= 0);
  gate.open();
  rig.finish_40();
}

TEST_CASE("one partition into two tables, one slow: commits never pass its first unloaded record") {
  Rig rig(false, 64, /*route_by_parity=*/true);
  fakes::Gate gate;
  std::atomic<int> odd_loads{0};
  rig.sink->during = [&](const std::string& table) {
    if (table == "odd")
      ++odd_loads;
    else
      gate.wait();
  };
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 40);
  rig.start();
  // The odd table keeps loading while the even one hangs on its first batch (from offset 0).
  REQUIRE(rig.wait([&] { return odd_loads >= 2; }));
  for (const auto& c : rig.source->commits()) CHECK(c.at(tp0) <= 0);
  gate.open();
  rig.finish_40();
}

TEST_CASE(
    "a bad record with tolerance none stops the run naming where and what; nothing past it "
    "commits") {
  Rig rig;
  rig.value->bad = {7};
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 20);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.ctx->failed(); }));
  rig.stop();
  const std::string m = *rig.ctx->fatal();
  CHECK(m.find("topic t, partition 0, offset 7") != std::string::npos);
  CHECK(m.find("VALUE_CONVERTER (text)") != std::string::npos);
  CHECK(m.find("not text") != std::string::npos);
  CHECK(rig.committed(tp0) == 7);
  CHECK(rig.loaded_rows() == 7);
}

TEST_CASE("with tolerance all a bad record is dead-lettered and the run goes on") {
  Rig rig(true);
  rig.value->bad = {3};
  rig.value->throw_at = {5};
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 10);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.source->queued() == 0; }));
  rig.stop();
  REQUIRE(rig.dlq->records.size() == 2);
  CHECK(rig.dlq->records[0] == "t/0@3 VALUE_CONVERTER text: not text");
  CHECK(rig.dlq->records[1] ==
        "t/0@5 VALUE_CONVERTER text: plugin 'text' threw: converter blew up");
  CHECK(rig.loaded_rows() == 8);
  CHECK(rig.committed(tp0) == 10);
}

TEST_CASE("a failing dead-letter writer stops the run before the record") {
  Rig rig(true);
  rig.dlq->fail = true;
  rig.value->bad = {4};
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 10);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.ctx->failed(); }));
  rig.stop();
  CHECK(rig.ctx->fatal()->find(
            "cannot dead-letter the bad record at topic t, partition 0, offset 4") !=
        std::string::npos);
  CHECK(rig.committed(tp0) == 4);
}

TEST_CASE("a shutdown during a retryable converter failure commits nothing at or past the record") {
  Rig rig(true);  // even with tolerance = all: the record is good, only the registry is down
  rig.value->retryable = {6};
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 10);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.value->retryable_calls >= 2; }));
  rig.stop();
  CHECK(rig.dlq->records.empty());
  CHECK(rig.committed(tp0) == 6);
  CHECK(rig.loaded_rows() == 6);
  CHECK_FALSE(rig.ctx->failed());
}

TEST_CASE("partitions assigned while paused for memory stay paused") {
  Rig rig(false, 64);
  std::atomic<bool> release{false};
  rig.sink->during = [&](const std::string&) {
    while (!release) std::this_thread::sleep_for(1ms);
  };
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 100);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.source->paused(); }));
  const TopicPartition tp1{"t", 1};
  rig.produce("t", 1, 0, 100);
  rig.source->assign({tp1});
  // The worker takes the assignment inside poll() and stays within its bound meanwhile.
  REQUIRE(rig.wait([&] { return rig.worker->snapshot().partitions.size() == 2; }));
  CHECK(rig.source->paused());
  CHECK(rig.worker->snapshot().buffered_bytes <= 64 + 16);
  release = true;
  REQUIRE(rig.wait([&] { return rig.source->queued() == 0; }));
  rig.stop();
  CHECK(rig.loaded_rows() == 200);
  CHECK(rig.committed(tp0) == 100);
  CHECK(rig.committed(tp1) == 100);
}

TEST_CASE("a revoked partition is flushed and committed before it goes") {
  Rig rig;
  const TopicPartition tp1{"t", 1};
  rig.source->assign({tp0, tp1});
  rig.produce("t", 0, 0, 10);
  rig.produce("t", 1, 0, 10);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.source->queued() == 0; }));
  rig.source->revoke({tp1});
  REQUIRE(rig.wait([&] { return rig.committed(tp1) == 10; }));
  CHECK(rig.loaded_rows() == 20);  // everything held was flushed (batches mix partitions)
  rig.stop();
}

TEST_CASE("a refused commit is retried later, and the offsets get there") {
  Rig rig;
  rig.source->fail_commits = true;
  rig.source->assign({tp0});
  rig.produce("t", 0, 0, 10);
  rig.start();
  REQUIRE(rig.wait([&] { return rig.position(tp0) == 10; }));
  CHECK(rig.source->commits().empty());
  rig.source->fail_commits = false;
  rig.stop();  // the shutdown's commit carries every handled offset
  CHECK(rig.committed(tp0) == 10);
  CHECK(rig.loaded_rows() == 10);
}
