// Exactly-once (docs/delivery.md, "Exactly-once: the protocol") on an in-memory source and a
// fake transactional destination: a crash at every point between begin and the last commit, and
// a zombie before and after its decision, each end with every record visible exactly once.
#include <doctest/doctest.h>

#include "run/eos_metadata.hpp"
#include "txn_fakes.hpp"
#include "worker_rig.hpp"

using namespace sluice::engine;
using namespace worker_rig;
using namespace std::chrono_literals;
using sluice::TxnState;

namespace {

const TopicPartition tp0{"t", 0};
constexpr int kRecords = 30;

/// A worker on `store` with exactly-once; a 64-byte buffer cuts a round every few records.
struct EosRig {
  fakes::TxnSink* sink = nullptr;
  std::unique_ptr<Rig> rig;
  explicit EosRig(const std::shared_ptr<fakes::TxnStore>& store, std::size_t buffer = 64) {
    auto s = std::make_unique<fakes::TxnSink>(store);
    sink = s.get();
    rig = std::make_unique<Rig>(false, buffer, false, std::move(s), true);
  }
  Rig* operator->() { return rig.get(); }
};

/// Every offset 0..kRecords-1 visible once in "tbl".
void check_exactly_once(const fakes::TxnStore& store) {
  auto seen = store.visible_offsets("tbl");
  CHECK(seen.size() == kRecords);
  for (const auto& [offset, n] : seen) {
    INFO("offset " << offset);
    CHECK(n == 1);
  }
}

/// A second process takes the partition over from what Kafka kept and runs it to the end.
void take_over(const std::shared_ptr<fakes::TxnStore>& store,
               const fakes::MemorySource::State& kept) {
  EosRig b(store);
  b->source->restore(kept);
  b->source->assign({tp0});
  b->start();
  REQUIRE(b->wait([&] { return b->position(tp0) == kRecords; }));
  b->stop();  // cuts, decides and commits the last round
  CHECK(b->committed(tp0) == kRecords);
  CHECK_FALSE(b->ctx->failed());
}

}  // namespace

TEST_CASE("exactly once: every record visible once, offsets committed with the decisions") {
  auto store = std::make_shared<fakes::TxnStore>();
  EosRig a(store);
  a->source->assign({tp0});
  a->produce("t", 0, 0, kRecords);
  a->start();
  // The last records stay in an open round until the shutdown cuts it.
  REQUIRE(a->wait([&] { return a->position(tp0) == kRecords; }));
  a->stop();
  CHECK(a->committed(tp0) == kRecords);
  check_exactly_once(*store);
  CHECK_FALSE(a->ctx->failed());
  CHECK(store->count(TxnState::committed) >= 3);  // several rounds
  CHECK(store->count(TxnState::open) == 0);
  CHECK(store->count(TxnState::prepared) == 0);
  // The last commit names no transaction: all of them are committed.
  auto d = decode_eos_metadata(a->source->metadata().at(tp0));
  REQUIRE(d);
  CHECK(d->txns.empty());
}

TEST_CASE("exactly once: a crash at any point, then a new owner: each record once") {
  for (const std::string point : {"begin", "load", "prepare", "after prepare", "decision",
                                  "after decision", "commit", "after commit"}) {
    SUBCASE(point.c_str()) {
      auto store = std::make_shared<fakes::TxnStore>();
      fakes::MemorySource::State kept;
      {
        EosRig a(store);
        std::atomic<int> seen{0};
        std::atomic<bool> crashed{false};
        auto crash = [&] {
          a.sink->dead = true;
          a->source->dead = true;
          crashed = true;
        };
        auto at = [&](const std::string& step) {
          if (step == point && ++seen == 2) crash();  // the second time: a round was done before
        };
        a.sink->hook = [&](const std::string& step, const std::string&) { at(step); };
        a->source->commit_hook = [&](const auto&) { at("decision"); };
        a->source->after_commit = [&](const auto&) { at("after decision"); };
        a->source->assign({tp0});
        a->produce("t", 0, 0, kRecords);
        a->start();
        REQUIRE(a->wait([&] { return crashed.load(); }));
        a->ctx->force_stop = true;
        a->stop();
        kept = a->source->state();
      }
      take_over(store, kept);
      check_exactly_once(*store);
    }
  }
}

TEST_CASE("exactly once: a zombie whose decision is refused never commits its transactions") {
  auto store = std::make_shared<fakes::TxnStore>();
  EosRig a(store);
  fakes::Gate stopped;
  std::atomic<int> decisions{0};
  std::atomic<bool> fenced{false}, frozen{false};
  a->source->commit_hook = [&](const auto&) {
    if (fenced)
      throw CommitDuringRebalance(
          "offset commit failed: Broker: Specified group generation id is not valid");
    if (++decisions == 2) {
      frozen = true;
      stopped.wait();  // SIGSTOP, past the session timeout
      fenced = true;
      throw CommitDuringRebalance(
          "offset commit failed: Broker: Specified group generation id is not valid");
    }
  };
  a->source->assign({tp0});
  a->produce("t", 0, 0, kRecords);
  a->start();
  REQUIRE(a->wait([&] { return frozen.load(); }));
  take_over(store, a->source->state());  // the partition's new owner
  a->source->revoke({tp0}, /*lost=*/true);
  stopped.open();  // the zombie wakes
  REQUIRE(a->wait([&] { return a->worker->snapshot().partitions.empty(); }));
  a->stop();
  check_exactly_once(*store);
  CHECK(store->count(TxnState::aborted) >= 1);  // the zombie's prepared round, rolled back
  CHECK(store->count(TxnState::prepared) == 0);
}

TEST_CASE("exactly once: a zombie stopped after its decision is committed for by the new owner") {
  auto store = std::make_shared<fakes::TxnStore>();
  EosRig a(store);
  fakes::Gate stopped;
  std::atomic<int> decisions{0}, commits{0};
  std::atomic<bool> fenced{false}, frozen{false};
  a->source->commit_hook = [&](const auto&) {
    if (fenced) throw CommitDuringRebalance("offset commit failed: fenced");
    ++decisions;
  };
  a.sink->hook = [&](const std::string& step, const std::string&) {
    if (step == "commit" && decisions >= 2 && ++commits == 1) {
      frozen = true;
      stopped.wait();  // stopped between the decision and the commit of its transactions
    }
  };
  a->source->assign({tp0});
  a->produce("t", 0, 0, kRecords);
  a->start();
  REQUIRE(a->wait([&] { return frozen.load(); }));
  fenced = true;
  auto kept = a->source->state();
  REQUIRE(decode_eos_metadata(kept.metadata.at(tp0)));
  CHECK_FALSE(decode_eos_metadata(kept.metadata.at(tp0))->txns.empty());  // decided, uncommitted
  take_over(store, kept);  // recovery commits the zombie's decided transactions
  a->source->revoke({tp0}, /*lost=*/true);
  stopped.open();  // the zombie commits too: already committed, harmless
  REQUIRE(a->wait([&] { return a->worker->snapshot().partitions.empty(); }));
  a->stop();
  check_exactly_once(*store);
}

TEST_CASE("exactly once: a failed step rolls back and retries under a new label") {
  auto store = std::make_shared<fakes::TxnStore>();
  EosRig a(store);
  std::atomic<int> loads{0};
  a.sink->fault = [&](const std::string& step, const std::string&) {
    if (step == "load" && ++loads == 2) return sluice::Status::retryable("connection reset");
    return sluice::Status::ok();
  };
  a->source->assign({tp0});
  a->produce("t", 0, 0, kRecords);
  a->start();
  // The last records stay in an open round until the shutdown cuts it.
  REQUIRE(a->wait([&] { return a->position(tp0) == kRecords; }));
  a->stop();
  CHECK(a->committed(tp0) == kRecords);
  check_exactly_once(*store);
  CHECK(store->count(TxnState::aborted) == 1);
}
