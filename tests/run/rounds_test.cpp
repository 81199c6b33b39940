// Rounds bookkeeping and the decision metadata (docs/delivery.md).
#include <doctest/doctest.h>

#include "run/eos_metadata.hpp"
#include "run/rounds.hpp"

using namespace sluice::engine;

namespace {
std::shared_ptr<Batch> batch(std::uint64_t seq, const std::string& table,
                             std::vector<TopicPartition> parts) {
  auto b = std::make_shared<Batch>();
  b->seq = seq;
  b->table = table;
  for (const auto& tp : parts) b->ranges[tp] = {0, 1};
  return b;
}
const TopicPartition p0{"t", 0}, p1{"t", 1};
}  // namespace

TEST_CASE("metadata round-trips, and metadata that is not ours names nothing") {
  EosDecision d{"ab12cd34_7", {{"orders", "pipe-orders-ab12cd34_7-0"}, {"db.x", "l2"}}};
  auto back = decode_eos_metadata(encode_eos_metadata(d));
  REQUIRE(back);
  CHECK(back->round == d.round);
  CHECK(back->txns == d.txns);
  CHECK_FALSE(decode_eos_metadata(""));
  CHECK_FALSE(decode_eos_metadata("written by another tool"));
  auto clean = decode_eos_metadata(encode_eos_metadata({"r_1", {}}));
  REQUIRE(clean);
  CHECK(clean->txns.empty());
}

TEST_CASE("a round is decided only when every transaction is prepared, oldest first") {
  Rounds rounds("owner1");
  Round& r1 = rounds.cut({batch(1, "a", {p0}), batch(2, "b", {p0, p1})}, {{p0, 10}, {p1, 5}});
  rounds.cut({batch(3, "a", {p1})}, {{p1, 9}});
  CHECK(r1.id == "owner1_1");
  CHECK(rounds.decidable() == nullptr);
  rounds.prepared(3, "l3");  // the younger round is ready first: it waits
  CHECK(rounds.decidable() == nullptr);
  rounds.prepared(1, "l1");
  rounds.prepared(2, "l2");
  Round* d = rounds.decidable();
  REQUIRE(d == &r1);
  // Each partition's metadata names the transactions holding its records.
  auto points = rounds.decision(*d);
  CHECK(points.at(p0).offset == 10);
  CHECK(decode_eos_metadata(points.at(p0).metadata)->txns ==
        std::vector<EosTxnRef>{{"a", "l1"}, {"b", "l2"}});
  CHECK(decode_eos_metadata(points.at(p1).metadata)->txns == std::vector<EosTxnRef>{{"b", "l2"}});
  rounds.decided(*d);
  CHECK(rounds.decidable() != nullptr);  // the second round now
}

TEST_CASE("clean points follow committed transactions; abandoned rounds leave") {
  Rounds rounds("o");
  Round& r = rounds.cut({batch(1, "a", {p0})}, {{p0, 4}});
  rounds.prepared(1, "l1");
  rounds.decided(r);
  CHECK(rounds.clean_points().empty());  // its transaction is not committed yet
  rounds.committed(1);
  rounds.retire();
  CHECK(rounds.empty());
  auto clean = rounds.clean_points();
  REQUIRE(clean.count(p0));
  CHECK(clean.at(p0).offset == 4);
  CHECK(decode_eos_metadata(clean.at(p0).metadata)->txns.empty());
  rounds.cleaned(clean);
  CHECK(rounds.clean_points().empty());

  rounds.cut({batch(2, "a", {p0})}, {{p0, 8}});
  auto gone = rounds.abandon_undecided();
  CHECK(gone.size() == 1);
  CHECK(rounds.empty());
}
