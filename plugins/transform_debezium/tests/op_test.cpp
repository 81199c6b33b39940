#include <doctest/doctest.h>

#include "debezium_events.hpp"

using namespace dbz_test;
using sluice::testing::apply;
using sluice::testing::Harness;

TEST_CASE("debezium_op on change events (envelope = unwrap, the default)") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_op");
  CHECK(
      only(apply(*t, rec(create_event()))) ==
      R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org","__op":0})");
  CHECK(
      only(apply(*t, rec(update_event()))) ==
      R"({"id":1,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org","__op":0})");
  // Snapshot reads are upserts (the Java transform leaves them without __op).
  CHECK(
      only(apply(*t, rec(read_event()))) ==
      R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org","__op":0})");
  CHECK(only(apply(*t, rec(delete_event()))) == R"({"id":1,"__op":1})");
  CHECK(apply(*t, rec(truncate_event())).empty());
  // A tombstone passes unchanged (debezium_unwrap decides about it).
  CHECK(only(apply(*t, tombstone())) == "null");
}

TEST_CASE("debezium_op with schemas: the row schema gets an int32 __op") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_op");
  auto out = apply(*t, rec(delete_event(), envelope_schema()));
  REQUIRE(out.size() == 1);
  CHECK(out[0].value.dump() == R"({"id":1,"__op":1})");
  CHECK(out[0].value_schema["name"] == "PostgreSQL_server.inventory.customers.Value");
  CHECK(field_names(out[0].value_schema) == "id,first_name,last_name,email,__op");
  CHECK(out[0].value_schema["fields"][4].dump() ==
        R"({"type":"int32","optional":false,"field":"__op"})");
}

TEST_CASE("debezium_op envelope = keep: __op goes inside after / before") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_op", {{"envelope", "keep"}});
  auto c = apply(*t, rec(create_event(), envelope_schema()));
  REQUIRE(c.size() == 1);
  Value expected = create_event();
  expected["after"]["__op"] = 0;
  CHECK(c[0].value == expected);
  CHECK(field_names(row_schema()) == "id,first_name,last_name,email");
  CHECK(c[0].value_schema["name"] == "PostgreSQL_server.inventory.customers.Envelope");
  CHECK(field_names(c[0].value_schema["fields"][0]) == "id,first_name,last_name,email,__op");
  CHECK(field_names(c[0].value_schema["fields"][1]) == "id,first_name,last_name,email,__op");

  Value d = delete_event();
  d["before"]["__op"] = 1;
  CHECK(only(apply(*t, rec(delete_event()))) == d.dump());
}

TEST_CASE("debezium_op on rows (after debezium_unwrap)") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_op");
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"name", "a"}}))) == R"({"id":1,"name":"a","__op":0})");
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__deleted", "true"}}))) ==
        R"({"id":1,"__deleted":"true","__op":1})");
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__deleted", "false"}}))) ==
        R"({"id":1,"__deleted":"false","__op":0})");
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__deleted", true}}))) ==
        R"({"id":1,"__deleted":true,"__op":1})");
  // debezium_unwrap's add.fields=op leaves the op code in __op: it becomes 0/1 in place.
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__op", "d"}, {"x", 2}}))) ==
        R"({"id":1,"__op":1,"x":2})");
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__op", "r"}}))) == R"({"id":1,"__op":0})");
  // Running twice changes nothing.
  CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__op", 1}}))) == R"({"id":1,"__op":1})");

  SUBCASE("Debezium's own messages (by schema name) pass unchanged") {
    Value schema = {{"type", "struct"}, {"name", "io.debezium.connector.common.Heartbeat"}};
    auto out = apply(*t, rec(heartbeat(), schema));
    REQUIRE(out.size() == 1);
    CHECK(out[0].value == heartbeat());
  }
  SUBCASE(
      "schemaless Debezium messages (heartbeat, schema change, logical message) pass unchanged") {
    for (const Value& v : {heartbeat(), schema_change_event(), message_event()}) {
      auto out = apply(*t, rec(v));
      REQUIRE(out.size() == 1);
      CHECK(out[0].value == v);
    }
  }
  SUBCASE("a row schema gets the field") {
    auto out =
        apply(*t, rec(Value{{"id", 1}, {"first_name", "A"}, {"last_name", "K"}, {"email", "e"}},
                      row_schema()));
    REQUIRE(out.size() == 1);
    CHECK(field_names(out[0].value_schema) == "id,first_name,last_name,email,__op");
  }
}

TEST_CASE("debezium_op options: field, deleted_field, tombstones_as_deletes") {
  Harness h(PLUGIN_FILE);
  SUBCASE("field") {
    auto t = h.transform("debezium_op", {{"field", "op_flag"}});
    CHECK(only(apply(*t, rec(delete_event()))) == R"({"id":1,"op_flag":1})");
    CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__op", "d"}}))) ==
          R"({"id":1,"__op":"d","op_flag":0})");
  }
  SUBCASE("deleted_field") {
    auto t = h.transform("debezium_op", {{"deleted_field", "is_deleted"}});
    CHECK(only(apply(*t, rec(Value{{"id", 1}, {"is_deleted", "true"}}))) ==
          R"({"id":1,"is_deleted":"true","__op":1})");
    CHECK(only(apply(*t, rec(Value{{"id", 1}, {"__deleted", "true"}}))) ==
          R"({"id":1,"__deleted":"true","__op":0})");
    auto off = h.transform("debezium_op", {{"deleted_field", ""}});
    CHECK(only(apply(*off, rec(Value{{"id", 1}, {"__deleted", "true"}}))) ==
          R"({"id":1,"__deleted":"true","__op":0})");
  }
  SUBCASE("tombstones_as_deletes: the key columns become a delete row") {
    auto t = h.transform("debezium_op", {{"tombstones_as_deletes", true}});
    CHECK(only(apply(*t, tombstone())) == R"({"id":1,"__op":1})");
    CHECK(error_of(*t, rec(nullptr, nullptr, Value("1"))) ==
          "bad_record: debezium_op: tombstone key is string, not an object of key columns; "
          "tombstones_as_deletes needs a JSON key");
  }
  SUBCASE("configuration errors") {
    CHECK_THROWS_WITH_AS(h.transform("debezium_op", {{"envelope", "replace"}}),
                         "option 'envelope' = \"replace\" is not one of: unwrap, keep",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(h.transform("debezium_op", {{"field", ""}}),
                         "option 'field' must not be empty", std::invalid_argument);
  }
}

TEST_CASE("debezium_op refuses records it cannot mark, naming the field") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_op");
  Value d = delete_event();
  d["before"] = nullptr;
  CHECK(error_of(*t, rec(d)) ==
        "bad_record: debezium_op: delete event (op \"d\") has no 'before' row (null); the source "
        "table "
        "must log the deleted row (e.g. REPLICA IDENTITY)");
  Value c = create_event();
  c.erase("after");
  CHECK(error_of(*t, rec(c)) ==
        "bad_record: debezium_op: change event with op \"c\" has no 'after' row (missing)");
  Value x = create_event();
  x["op"] = "x";
  CHECK(error_of(*t, rec(x)) ==
        "bad_record: debezium_op: change event field 'op' is \"x\"; expected c, u, r, d or t");
  CHECK(error_of(*t, rec(Value::array({1, 2}))) ==
        "bad_record: debezium_op: value is array, not a row (object) or a Debezium change event");
  CHECK(error_of(*t, rec(Value{{"id", 1}, {"__deleted", "yes"}})) ==
        "bad_record: debezium_op: field '__deleted' is \"yes\"; expected \"true\" or \"false\"");
  CHECK(error_of(*t, rec(Value{{"id", 1}, {"__op", 7}})) ==
        "bad_record: debezium_op: field '__op' is 7; expected an op code (c, u, r, d) or 0/1");
}
