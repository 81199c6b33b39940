// The two transforms together, in both orders: every upsert reaches StarRocks with __op 0 and
// every delete as a row with __op 1.
#include <doctest/doctest.h>

#include "debezium_events.hpp"

using namespace dbz_test;
using sluice::testing::Harness;

namespace {
/// A stream as Debezium writes it for one row's life: snapshot read, create, update, delete, the
/// delete's tombstone, a truncate, and a heartbeat.
std::vector<Record> stream(bool with_schema) {
  Value s = with_schema ? envelope_schema() : Value(nullptr);
  std::vector<Record> v;
  v.push_back(rec(read_event(), s));
  v.push_back(rec(create_event(), s));
  v.push_back(rec(update_event(), s));
  v.push_back(rec(delete_event(), s));
  v.push_back(tombstone());
  v.push_back(rec(truncate_event(), s));
  v.push_back(rec(
      heartbeat(),
      with_schema ? Value{{"type", "struct"}, {"name", "io.debezium.connector.common.Heartbeat"}}
                  : Value(nullptr)));
  return v;
}

/// The values that come out of `chain_of` for the stream, one JSON text per line.
std::string run(std::initializer_list<sluice::Transform*> chain_of, bool with_schema) {
  std::string rows;
  for (auto& r : stream(with_schema))
    for (auto& out : chain(chain_of, std::move(r))) rows += out.value.dump() + "\n";
  return rows;
}

std::string lines(std::initializer_list<std::string> rows) {
  std::string s;
  for (const auto& r : rows) s += r + "\n";
  return s;
}

std::vector<std::string> split(const std::string& rows) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = rows.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(rows.substr(start, nl - start));
  return out;
}

const std::string kRead =
    R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org")";
const std::string kUpdate =
    R"({"id":1,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org")";
const std::string kHeartbeat = R"({"ts_ms":1714000000000})";
}  // namespace

TEST_CASE("documented order: debezium_op, then debezium_unwrap (transforms=addfield,unwrap)") {
  Harness h(PLUGIN_FILE);
  auto op = h.transform("debezium_op");
  SUBCASE(
      "StarRocks's documented unwrap options: drop.tombstones=true, delete.handling.mode=rewrite") {
    for (bool with_schema : {false, true}) {
      CAPTURE(with_schema);
      auto unwrap = h.transform("debezium_unwrap",
                                {{"drop.tombstones", true}, {"delete.handling.mode", "rewrite"}});
      // debezium_op already made rows, so unwrap only drops the tombstone (and the truncate).
      CHECK(run({op.get(), unwrap.get()}, with_schema) ==
            lines({kRead + R"(,"__op":0})", kRead + R"(,"__op":0})", kUpdate + R"(,"__op":0})",
                   R"({"id":1,"__op":1})", kHeartbeat}));
    }
  }
  SUBCASE("unwrap's defaults: the delete still arrives") {
    for (bool with_schema : {false, true}) {
      CAPTURE(with_schema);
      auto unwrap = h.transform("debezium_unwrap");
      auto rows = split(run({op.get(), unwrap.get()}, with_schema));
      REQUIRE(rows.size() == 5);
      CHECK(rows[3] == R"({"id":1,"__op":1})");
    }
  }
}

TEST_CASE("debezium_op (envelope = keep), then debezium_unwrap with rewrite and add.fields") {
  Harness h(PLUGIN_FILE);
  auto op = h.transform("debezium_op", {{"envelope", "keep"}});
  auto unwrap = h.transform(
      "debezium_unwrap", {{"delete.tombstone.handling.mode", "rewrite"}, {"add.fields", "table"}});
  CHECK(run({op.get(), unwrap.get()}, false) ==
        lines({kRead + R"(,"__op":0,"__deleted":"false","__table":"customers"})",
               kRead + R"(,"__op":0,"__deleted":"false","__table":"customers"})",
               kUpdate + R"(,"__op":0,"__deleted":"false","__table":"customers"})",
               R"({"id":1,"__op":1,"__deleted":"true","__table":"customers"})", kHeartbeat}));
  SUBCASE("with schemas the row schema carries both fields") {
    auto out = chain({op.get(), unwrap.get()}, rec(delete_event(), envelope_schema()));
    REQUIRE(out.size() == 1);
    CHECK(out[0].value.dump() == R"({"id":1,"__op":1,"__deleted":"true","__table":"customers"})");
    CHECK(field_names(out[0].value_schema) ==
          "id,first_name,last_name,email,__op,__deleted,__table");
  }
}

TEST_CASE("other order: debezium_unwrap, then debezium_op") {
  Harness h(PLUGIN_FILE);
  auto op = h.transform("debezium_op");
  SUBCASE("rewrite: __deleted=\"true\" becomes __op 1") {
    for (bool with_schema : {false, true}) {
      CAPTURE(with_schema);
      auto unwrap = h.transform("debezium_unwrap", {{"delete.handling.mode", "rewrite"}});
      CHECK(run({unwrap.get(), op.get()}, with_schema) ==
            lines({kRead + R"(,"__deleted":"false","__op":0})",
                   kRead + R"(,"__deleted":"false","__op":0})",
                   kUpdate + R"(,"__deleted":"false","__op":0})",
                   R"({"id":1,"__deleted":"true","__op":1})", kHeartbeat}));
    }
  }
  SUBCASE("rewrite with add.fields=op: the op code becomes 0/1 in place") {
    for (bool with_schema : {false, true}) {
      CAPTURE(with_schema);
      auto unwrap = h.transform(
          "debezium_unwrap", {{"delete.tombstone.handling.mode", "rewrite"}, {"add.fields", "op"}});
      auto rows = split(run({unwrap.get(), op.get()}, with_schema));
      REQUIRE(rows.size() == 5);
      CHECK(rows[0] == kRead + R"(,"__deleted":"false","__op":0})");
      CHECK(rows[3] == R"({"id":1,"__deleted":"true","__op":1})");
    }
  }
  SUBCASE("delete-to-tombstone with tombstones_as_deletes: the key becomes the delete row") {
    for (bool with_schema : {false, true}) {
      CAPTURE(with_schema);
      auto unwrap = h.transform("debezium_unwrap",
                                {{"delete.tombstone.handling.mode", "delete-to-tombstone"}});
      auto op_t = h.transform("debezium_op", {{"tombstones_as_deletes", true}});
      auto rows = split(run({unwrap.get(), op_t.get()}, with_schema));
      REQUIRE(rows.size() == 5);
      CHECK(rows[2] == kUpdate + R"(,"__op":0})");
      CHECK(rows[3] == R"({"id":1,"__op":1})");
    }
  }
  SUBCASE("unwrap's drop mode removes deletes before debezium_op sees them") {
    for (bool with_schema : {false, true}) {
      CAPTURE(with_schema);
      auto unwrap = h.transform("debezium_unwrap");
      CHECK(split(run({unwrap.get(), op.get()}, with_schema)).size() == 4);
    }
  }
}
