// End to end: Kafka → sluice run --drain → StarRocks emulator; the table equals the source.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <set>

#include "e2e_support.hpp"

using namespace e2e;

namespace {

// n orders over `partitions` partitions; every 7th id is updated later (a second message).
std::vector<sluice::tools::ProduceRecord> orders(const std::string& topic, int n, int partitions) {
  std::vector<sluice::tools::ProduceRecord> out;
  for (int i = 1; i <= n; ++i) {
    json v = {{"id", i}, {"name", "customer " + std::to_string(i)}, {"amount", i * 1.5}};
    out.push_back({topic, std::to_string(i), v.dump(), i % partitions, {}});
  }
  for (int i = 7; i <= n; i += 7) {
    json v = {{"id", i}, {"name", "updated " + std::to_string(i)}, {"amount", -1.0}};
    out.push_back({topic, std::to_string(i), v.dump(), i % partitions, {}});
  }
  return out;
}

std::vector<std::string> order_cols() {
  return {"id bigint", "name varchar", "amount double"};
}

}  // namespace

TEST_CASE("JSON into a Primary Key table and a duplicate-key table: the tables equal the source") {
  Stage s({table("orders_pk", true, order_cols()), table("orders_dup", false, order_cols())});
  s.kafka.create_topic("orders", 3);
  auto recs = orders("orders", 300, 3);
  REQUIRE(s.kafka.produce_batch(recs).ok());
  for (std::string target : {"orders_pk", "orders_dup"}) {
    auto file = s.pipeline(
        target, "name = \"e2e-" + target +
                    "\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"orders\"]\n" +
                    sink_block("topic_to_table = { orders = \"" + target + "\" }"));
    int rc = s.drain(file, target);
    INFO(s.last_err);
    REQUIRE(rc == 0);
  }
  // Primary Key: one row per id, the last message per id wins (same partition, so in order).
  json pk = s.sr.table_rows("shop", "orders_pk");
  REQUIRE(pk.size() == 300);
  for (const auto& row : pk) {
    int id = row["id"].get<int>();
    bool updated = id % 7 == 0;
    CHECK(row["name"] == (updated ? "updated " : "customer ") + std::to_string(id));
    CHECK(row["amount"].get<double>() == (updated ? -1.0 : id * 1.5));
  }
  // Duplicate key: every message is a row.
  json dup = s.sr.table_rows("shop", "orders_dup");
  CHECK(dup.size() == recs.size());
  std::multiset<std::string> want, got;
  for (const auto& r : recs) want.insert(json::parse(*r.value).dump());
  for (const auto& row : dup)
    got.insert(json{{"id", row["id"]}, {"name", row["name"]}, {"amount", row["amount"]}}.dump());
  CHECK(got == want);
  // Offsets committed to the end.
  auto committed = s.kafka.committed_offsets("sluice-e2e-orders_pk", "orders");
  CHECK(committed == s.kafka.end_offsets("orders"));
}

TEST_CASE("CSV into a Primary Key table: the table equals the source") {
  Stage s({table("orders", true, order_cols())});
  s.kafka.create_topic("orders", 2);
  auto recs = orders("orders", 200, 2);
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "csv",
      "name = \"e2e-csv\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"orders\"]\n"
      "[formatter]\ncolumn_separator = \",\"\nenclose = \"\\\"\"\nescape = \"\\\\\"\n" +
          sink_block("format = \"csv\""));
  int rc = s.drain(file, "csv");
  INFO(s.last_err);
  REQUIRE(rc == 0);
  json rows = s.sr.table_rows("shop", "orders");
  REQUIRE(rows.size() == 200);
  for (const auto& row : rows) {
    int id = row["id"].get<int>();
    CHECK(row["name"] == (id % 7 == 0 ? "updated " : "customer ") + std::to_string(id));
  }
  auto loads = s.sr.loads();
  REQUIRE(!loads.empty());
  CHECK(loads.front().headers.at("format") == "csv");
}

TEST_CASE("three topics into three tables, by topic_to_table and by topics_regex") {
  Stage s({table("t_a", false, {"id bigint", "v varchar"}),
           table("t_b", false, {"id bigint", "v varchar"}),
           table("t_c", false, {"id bigint", "v varchar"}),
           table("shop_a", false, {"id bigint", "v varchar"}),
           table("shop_b", false, {"id bigint", "v varchar"}),
           table("shop_c", false, {"id bigint", "v varchar"})});
  std::vector<sluice::tools::ProduceRecord> recs;
  for (std::string t : {"a", "b", "c"}) {
    s.kafka.create_topic("shop_" + t, 2);
    for (int i = 0; i < 50; ++i)
      recs.push_back(
          {"shop_" + t, std::nullopt, json{{"id", i}, {"v", t}}.dump(), std::nullopt, {}});
  }
  s.kafka.create_topic("other", 1);
  recs.push_back({"other", std::nullopt, json{{"id", 1}, {"v", "x"}}.dump(), std::nullopt, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());

  auto mapped = s.pipeline(
      "mapped",
      "name = \"e2e-mapped\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\n"
      "topics = [\"shop_a\", \"shop_b\", \"shop_c\"]\n" +
          sink_block("topic_to_table = { shop_a = \"t_a\", shop_b = \"t_b\", shop_c = \"t_c\" }"));
  REQUIRE(s.drain(mapped, "mapped") == 0);
  for (std::string t : {"a", "b", "c"}) {
    json rows = s.sr.table_rows("shop", "t_" + t);
    CHECK(rows.size() == 50);
    for (const auto& r : rows) CHECK(r["v"] == t);
  }
  // By regex, tables named after the topics; 'other' does not match.
  auto regex = s.pipeline("regex",
                          "name = \"e2e-regex\"\n[source]\nbootstrap_servers = "
                          "\"{BOOTSTRAP}\"\ntopics_regex = 'shop_.*'\n" +
                              sink_block());
  int rc = s.drain(regex, "regex");
  INFO(s.last_err);
  REQUIRE(rc == 0);
  for (std::string t : {"a", "b", "c"}) CHECK(s.sr.table_rows("shop", "shop_" + t).size() == 50);
  for (const auto& l : s.sr.loads()) CHECK(l.table != "other");
}
