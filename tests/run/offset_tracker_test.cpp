// The at-least-once rule: what may be committed per partition while batches load out of order.
#include <doctest/doctest.h>

#include "run/offset_tracker.hpp"

using sluice::engine::OffsetTracker;
using sluice::engine::TopicPartition;

namespace {
const TopicPartition p0{"orders", 0}, p1{"orders", 1};
}

TEST_CASE("nothing is committed before a message is handled") {
  OffsetTracker t;
  t.assign(p0);
  CHECK(t.safe(p0) == -1);
  CHECK(t.to_commit(true).empty());
}

TEST_CASE("a partition commits past its handled messages when nothing holds it") {
  OffsetTracker t;
  t.assign(p0);
  for (int o = 0; o < 5; ++o) t.handled("orders", 0, o);
  CHECK(t.position(p0) == 5);
  CHECK(t.safe(p0) == 5);
}

TEST_CASE("a batch still loading holds its partition at its first record") {
  OffsetTracker t;
  t.assign(p0);
  t.hold(1, p0, 10);
  for (int o = 10; o < 20; ++o) t.handled("orders", 0, o);
  CHECK(t.safe(p0) == 10);
  t.release(1);
  CHECK(t.safe(p0) == 20);
}

TEST_CASE("loads finishing out of order never move the commit past the first unloaded record") {
  // One partition routed to two tables: batch 1 (table a) holds from 0, batch 2 (table b) from 3.
  OffsetTracker t;
  t.assign(p0);
  t.hold(1, p0, 0);
  t.hold(2, p0, 3);
  for (int o = 0; o < 8; ++o) t.handled("orders", 0, o);
  t.release(2);  // the later batch loads first
  CHECK(t.safe(p0) == 0);
  t.hold(3, p0, 8);  // a new batch of table b
  t.handled("orders", 0, 8);
  t.release(1);
  CHECK(t.safe(p0) == 8);
  t.release(3);
  CHECK(t.safe(p0) == 9);
}

TEST_CASE("a batch that spans partitions holds each of them") {
  OffsetTracker t;
  t.assign(p0);
  t.assign(p1);
  t.hold(7, p0, 4);
  t.hold(7, p1, 2);
  t.handled("orders", 0, 4);
  t.handled("orders", 1, 2);
  CHECK(t.safe(p0) == 4);
  CHECK(t.safe(p1) == 2);
  t.release(7);
  CHECK(t.safe(p0) == 5);
  CHECK(t.safe(p1) == 3);
}

TEST_CASE("to_commit lists only partitions that moved, unless all are asked for") {
  OffsetTracker t;
  t.assign(p0);
  t.assign(p1);
  t.handled("orders", 0, 0);
  t.handled("orders", 1, 0);
  auto first = t.to_commit(false);
  CHECK(first.size() == 2);
  t.committed(first);
  CHECK(t.to_commit(false).empty());
  CHECK(t.to_commit(true).size() == 2);
  t.handled("orders", 1, 1);
  auto second = t.to_commit(false);
  REQUIRE(second.size() == 1);
  CHECK(second.at(p1) == 2);
  CHECK(t.committed(p0) == 1);
}

TEST_CASE("a revoked partition is forgotten, and messages of partitions not ours are ignored") {
  OffsetTracker t;
  t.assign(p0);
  t.hold(1, p0, 0);
  t.handled("orders", 0, 0);
  t.revoke(p0);
  CHECK_FALSE(t.assigned(p0));
  CHECK(t.safe(p0) == -1);
  t.handled("orders", 0, 1);  // late message of a partition that moved
  CHECK(t.to_commit(true).empty());
  t.release(1);  // its batch finishing later harms nothing
  t.assign(p0);
  CHECK(t.safe(p0) == -1);
}

TEST_CASE("a partition end lets an idle partition commit its end offset") {
  OffsetTracker t;
  t.assign(p0);
  t.reached(p0, 42);
  CHECK(t.safe(p0) == 42);
  t.hold(2, p0, 42);
  t.handled("orders", 0, 42);
  CHECK(t.safe(p0) == 42);
}
