// End to end: Protobuf messages in Confluent wire format (schema in the registry) → sluice →
// the emulator's table equals the source.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sluice_tools/schema_registry.hpp>

#include "e2e_support.hpp"
#include "order.pb.h"

using namespace e2e;

namespace {

std::string confluent_frame(int schema_id, const std::string& message) {
  std::string out(1, '\0');
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((schema_id >> shift) & 0xff);
  out += '\0';  // message indexes: [0], the first message of the file
  return out + message;
}

}  // namespace

TEST_CASE(
    "Protobuf (Confluent wire format, schema registry) into a Primary Key table: the table equals "
    "the source") {
  sluice::tools::SchemaRegistry registry;
  int id =
      registry.register_schema("orders-value", read_file(fs::path(E2E_SOURCE_DIR) / "order.proto"),
                               sluice::tools::SchemaType::Protobuf);
  auto t =
      table("orders", true, {"id bigint", "customer varchar", "amount double", "status varchar"});
  t.columns.push_back({"created_at", sluice_tools::ColumnType::kDatetime, false});
  t.columns.push_back({"tags", sluice_tools::ColumnType::kJson, false});
  Stage s({t});
  s.kafka.create_topic("orders", 3);
  const int n = 300;
  std::vector<sluice::tools::ProduceRecord> recs;
  std::map<long, json> expected;
  for (int i = 1; i <= n; ++i) {
    shop::Order o;
    o.set_id(i);
    o.set_customer(i % 10 == 0 ? ""
                               : "customer " +
                                     std::to_string(i));  // "" is proto3's default: present, empty
    o.set_amount(i * 0.25);
    o.set_status(i % 3 == 0 ? shop::Order::SHIPPED : shop::Order::NEW);
    o.mutable_created_at()->set_seconds(1764236400 + i);  // 2025-11-27 09:40:00 UTC + i s
    o.mutable_created_at()->set_nanos(i % 2 ? 250000000 : 0);
    for (int k = 0; k < i % 3; ++k) o.add_tags("t" + std::to_string(k));
    std::string bytes;
    REQUIRE(o.SerializeToString(&bytes));
    recs.push_back({"orders", std::to_string(i), confluent_frame(id, bytes), i % 3, {}});
    std::time_t secs = 1764236400 + i;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char when[40];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    json tags = json::array();
    for (int k = 0; k < i % 3; ++k) tags.push_back("t" + std::to_string(k));
    expected[i] = {{"id", i},
                   {"customer", o.customer()},
                   {"amount", i * 0.25},
                   {"status", i % 3 == 0 ? "SHIPPED" : "NEW"},
                   {"created_at", std::string(when) + (i % 2 ? ".250000" : "")},
                   {"tags", tags}};
  }
  REQUIRE(s.kafka.produce_batch(recs).ok());
  auto file = s.pipeline(
      "pb",
      "name = \"e2e-pb\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"orders\"]\n"
      "[source.value]\nconverter = \"protobuf\"\nschema_registry_url = \"" +
          registry.url() + "\"\n" + sink_block());
  int rc = s.drain(file, "pb");
  INFO(s.last_err);
  REQUIRE(rc == 0);
  json rows = s.sr.table_rows("shop", "orders");
  REQUIRE(rows.size() == static_cast<std::size_t>(n));
  int mismatches = 0;
  for (const auto& row : rows) {
    const json& want = expected.at(row["id"].get<long>());
    json got = {{"id", row["id"]},
                {"customer", row["customer"]},
                {"amount", row["amount"]},
                {"status", row["status"]},
                {"created_at", row["created_at"]},
                {"tags", row["tags"].is_string() ? json::parse(row["tags"].get<std::string>())
                                                 : row["tags"]}};
    if (got != want && mismatches++ < 3) CHECK(got == want);
  }
  CHECK(mismatches == 0);
  MESSAGE(n << " Protobuf records loaded in " << s.sr.loads().size()
            << " load(s); schema fetched from the registry");
}
