// Per-table batches: size and time triggers, partition holds, formatter failures.
#include <doctest/doctest.h>

#include "fakes.hpp"
#include "run/batcher.hpp"

using namespace sluice::engine;

namespace {

sluice::Record rec(std::int32_t partition, std::int64_t offset, std::string v = "x") {
  sluice::Record r;
  r.topic = "t";
  r.partition = partition;
  r.offset = offset;
  r.value = sluice::Value{{"v", std::move(v)}};
  return r;
}

Batcher::Settings settings(std::size_t flush_bytes,
                           std::chrono::milliseconds interval = std::chrono::hours(1)) {
  Batcher::Settings s;
  s.label_prefix = "p";
  s.flush_bytes = flush_bytes;
  s.flush_interval = interval;
  return s;
}

}  // namespace

TEST_CASE("one open batch per table, sealed when it reaches its size") {
  fakes::LineFormatter f;
  Batcher b(f, {"lines", ""}, settings(20));
  Batcher::Appended w;
  REQUIRE(b.append("a", rec(0, 0), w));
  CHECK(w.first_of_partition);
  CHECK_FALSE(w.sealed);
  REQUIRE(b.append("b", rec(0, 1), w));
  CHECK(w.first_of_partition);  // first of the partition in table b's batch
  REQUIRE(b.append("a", rec(0, 2), w));
  CHECK_FALSE(w.first_of_partition);
  CHECK(b.open().size() == 2);
  CHECK(b.open_bytes() == 12);
  // "0:x\n2:x\n" is 8 bytes; two more records of 4 pass 20 bytes at the fifth.
  for (int o = 3; o < 6 && !w.sealed; ++o) REQUIRE(b.append("a", rec(0, o), w));
  REQUIRE(w.sealed);
  CHECK(w.sealed->table == "a");
  CHECK(w.sealed->body.rows == 5);
  CHECK(w.sealed->label.rfind("p-a-", 0) == 0);
  CHECK(w.sealed->describe_ranges() == "t/0@0-5");
  CHECK(b.open().size() == 1);
  CHECK(b.open_bytes() == 4);
}

TEST_CASE("the same records give the same label") {
  fakes::LineFormatter f;
  Batcher b1(f, {"lines", ""}, settings(1 << 20)), b2(f, {"lines", ""}, settings(1 << 20));
  Batcher::Appended w;
  for (int o = 0; o < 3; ++o) {
    REQUIRE(b1.append("a", rec(1, o), w));
    REQUIRE(b2.append("a", rec(1, o), w));
  }
  auto s1 = b1.seal_all(), s2 = b2.seal_all();
  REQUIRE(s1.size() == 1);
  REQUIRE(s2.size() == 1);
  CHECK(s1[0]->label == s2[0]->label);
  CHECK(s1[0]->seq != s2[0]->seq);
}

TEST_CASE("batches older than the flush interval are sealed, younger ones stay open") {
  fakes::LineFormatter f;
  Batcher b(f, {"lines", ""}, settings(1 << 20, std::chrono::milliseconds(100)));
  Batcher::Appended w;
  REQUIRE(b.append("a", rec(0, 0), w));
  const auto opened = b.open().at("a")->opened;
  CHECK(b.seal_expired(opened + std::chrono::milliseconds(50)).empty());
  REQUIRE(b.append("b", rec(0, 1), w));
  auto sealed = b.seal_expired(opened + std::chrono::milliseconds(100));
  REQUIRE(sealed.size() >= 1);
  CHECK(sealed[0]->table == "a");
}

TEST_CASE("seal_largest takes the biggest batch") {
  fakes::LineFormatter f;
  Batcher b(f, {"lines", ""}, settings(1 << 20));
  Batcher::Appended w;
  REQUIRE(b.append("small", rec(0, 0), w));
  REQUIRE(b.append("big", rec(0, 1, std::string(100, 'y')), w));
  auto s = b.seal_largest();
  REQUIRE(s);
  CHECK(s->table == "big");
  CHECK(b.open().count("small") == 1);
  CHECK(b.seal_all().size() == 1);
  CHECK(b.seal_largest() == nullptr);
  CHECK(b.open_bytes() == 0);
}

TEST_CASE("a record the formatter refuses leaves every batch as it was") {
  fakes::LineFormatter f;
  f.refuse = {1};
  Batcher b(f, {"lines", ""}, settings(1 << 20));
  Batcher::Appended w;
  REQUIRE(b.append("a", rec(0, 0), w));
  sluice::Status st = b.append("a", rec(0, 1), w);
  CHECK(st.code() == sluice::Errc::bad_record);
  CHECK(b.open().at("a")->records == 1);
  CHECK(b.open().at("a")->ranges.at({"t", 0}).last == 0);
  sluice::Status st2 = b.append("new", rec(0, 1), w);
  CHECK_FALSE(st2);
  CHECK(b.open().count("new") == 0);
}

TEST_CASE("a formatter that throws on finish names itself, and its records are not sealed") {
  fakes::LineFormatter f;
  Batcher b(f, {"lines", "/x/liblines.so"}, settings(1 << 20));
  Batcher::Appended w;
  REQUIRE(b.append("a", rec(0, 0), w));
  f.throw_on_finish = true;
  try {
    b.seal_all();
    FAIL("seal_all did not throw");
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    CHECK(m.find("lines") != std::string::npos);
    CHECK(m.find("finish blew up") != std::string::npos);
  }
}
