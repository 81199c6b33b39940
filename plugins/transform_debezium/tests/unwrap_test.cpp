#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "debezium_events.hpp"

using namespace dbz_test;
using sluice::testing::apply;
using sluice::testing::Harness;

namespace {
const std::string kAnne =
    R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org"})";
const std::string kAnneMarie =
    R"({"id":1,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org"})";
}  // namespace

TEST_CASE("unwrap defaults (drop.tombstones=true, delete.handling.mode=drop)") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap");
  CHECK(only(apply(*t, rec(create_event()))) == kAnne);
  CHECK(only(apply(*t, rec(read_event()))) == kAnne);
  CHECK(only(apply(*t, rec(update_event()))) == kAnneMarie);
  CHECK(apply(*t, rec(delete_event())).empty());
  CHECK(apply(*t, tombstone()).empty());
  CHECK(apply(*t, rec(truncate_event())).empty());

  SUBCASE("the record keeps its Kafka coordinates, key and table") {
    auto out = apply(*t, rec(create_event()));
    REQUIRE(out.size() == 1);
    CHECK(out[0].where() == "PostgreSQL_server.public.customers/0@7");
    CHECK(out[0].key.dump() == R"({"id":1})");
    CHECK(out[0].table.empty());
    CHECK(out[0].headers.empty());
  }
}

TEST_CASE("unwrap passes what is not a change event unchanged") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap", {{"add.fields", "op"}, {"add.headers", "op"}});
  for (const Value& v : {heartbeat(), schema_change_event(), message_event(), Value{{"a", 1}},
                         Value("just text"), Value::array({1, 2})}) {
    auto out = apply(*t, rec(v));
    REQUIRE(out.size() == 1);
    CHECK(out[0].value == v);
    CHECK(out[0].headers.empty());
  }
  SUBCASE("a named schema that is not an Envelope wins over the shape") {
    Value hb_schema = Value{{"type", "struct"}, {"name", "io.debezium.connector.common.Heartbeat"}};
    auto out = apply(*t, rec(create_event(), hb_schema));
    REQUIRE(out.size() == 1);
    CHECK(out[0].value == create_event());
  }
}

TEST_CASE("delete.handling.mode=none, drop.tombstones=false") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap",
                       {{"delete.handling.mode", "none"}, {"drop.tombstones", false}});
  CHECK(only(apply(*t, rec(create_event()))) == kAnne);
  // The delete keeps only "value": null; the tombstone after it passes too.
  CHECK(only(apply(*t, rec(delete_event()))) == "null");
  CHECK(only(apply(*t, tombstone())) == "null");
  CHECK(apply(*t, rec(truncate_event())).empty());
}

TEST_CASE("delete.handling.mode=rewrite") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap", {{"delete.handling.mode", "rewrite"}});
  CHECK(
      only(apply(*t, rec(create_event()))) ==
      R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org","__deleted":"false"})");
  CHECK(
      only(apply(*t, rec(update_event()))) ==
      R"({"id":1,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org","__deleted":"false"})");
  CHECK(only(apply(*t, rec(delete_event()))) == R"({"id":1,"__deleted":"true"})");
  CHECK(apply(*t, tombstone()).empty());
}

TEST_CASE("delete.tombstone.handling.mode, each value") {
  Harness h(PLUGIN_FILE);
  SUBCASE("drop") {
    auto t = h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", "drop"}});
    CHECK(only(apply(*t, rec(create_event()))) == kAnne);
    CHECK(apply(*t, rec(delete_event())).empty());
    CHECK(apply(*t, tombstone()).empty());
  }
  SUBCASE("tombstone: the delete becomes a null value with the row schema, tombstones go") {
    auto t = h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", "tombstone"}});
    auto out = apply(*t, rec(delete_event(), envelope_schema()));
    REQUIRE(out.size() == 1);
    CHECK(out[0].value.is_null());
    CHECK(out[0].value_schema["name"] == "PostgreSQL_server.inventory.customers.Value");
    CHECK(apply(*t, tombstone()).empty());
    CHECK(only(apply(*t, rec(create_event()))) == kAnne);
  }
  SUBCASE("rewrite") {
    auto t = h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", "rewrite"}});
    CHECK(only(apply(*t, rec(delete_event()))) == R"({"id":1,"__deleted":"true"})");
    CHECK(
        only(apply(*t, rec(read_event()))) ==
        R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org","__deleted":"false"})");
    CHECK(apply(*t, tombstone()).empty());
  }
  SUBCASE("rewrite-with-tombstone") {
    auto t = h.transform("debezium_unwrap",
                         {{"delete.tombstone.handling.mode", "rewrite-with-tombstone"}});
    CHECK(only(apply(*t, rec(delete_event()))) == R"({"id":1,"__deleted":"true"})");
    CHECK(only(apply(*t, tombstone())) == "null");
  }
  SUBCASE("delete-to-tombstone: value and schema null, tombstones go") {
    auto t =
        h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", "delete-to-tombstone"}});
    auto out = apply(*t, rec(delete_event(), envelope_schema()));
    REQUIRE(out.size() == 1);
    CHECK(out[0].value.is_null());
    CHECK(out[0].value_schema.is_null());
    CHECK(out[0].key.dump() == R"({"id":1})");
    CHECK(apply(*t, tombstone()).empty());
  }
  SUBCASE("it overrides drop.tombstones and delete.handling.mode") {
    auto t = h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", "rewrite"},
                                             {"delete.handling.mode", "none"},
                                             {"drop.tombstones", false}});
    CHECK(only(apply(*t, rec(delete_event()))) == R"({"id":1,"__deleted":"true"})");
    CHECK(apply(*t, tombstone()).empty());
  }
  SUBCASE("an unknown value is a configuration error") {
    CHECK_THROWS_WITH_AS(
        h.transform("debezium_unwrap",
                    {{"delete.tombstone.handling.mode", "rewrite_with_tombstone"}}),
        "option 'delete.tombstone.handling.mode' = \"rewrite_with_tombstone\" is not one of: "
        "drop, tombstone, rewrite, rewrite-with-tombstone, delete-to-tombstone; did you mean "
        "'rewrite-with-tombstone'?",
        std::invalid_argument);
  }
}

TEST_CASE("add.fields: Debezium's example op,table,lsn,source.ts_ms") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap", {{"add.fields", "op,table,lsn,source.ts_ms"},
                                           {"delete.tombstone.handling.mode", "rewrite"}});
  CHECK(
      only(apply(*t, rec(create_event()))) ==
      R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org",)"
      R"("__deleted":"false","__op":"c","__table":"customers","__lsn":24023128,"__source_ts_ms":1559033904863})");
  // Deletes get the fields too in rewrite mode.
  CHECK(
      only(apply(*t, rec(delete_event()))) ==
      R"({"id":1,"__deleted":"true","__op":"d","__table":"customers","__lsn":46523128,"__source_ts_ms":1559033904863})");
}

TEST_CASE("add.fields: renames, prefix, top-level and transaction fields, missing fields") {
  Harness h(PLUGIN_FILE);
  SUBCASE("field:NEW_NAME, as in Debezium's example (spaces allowed)") {
    auto t = h.transform(
        "debezium_unwrap",
        {{"add.fields", "version:VERSION, connector:CONNECTOR, source.ts_ms:EVENT_TIMESTAMP"}});
    CHECK(
        only(apply(*t, rec(create_event()))) ==
        R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org",)"
        R"("__VERSION":"2.7.0.Final","__CONNECTOR":"postgresql","__EVENT_TIMESTAMP":1559033904863})");
  }
  SUBCASE("add.fields.prefix, ts_ms from the envelope, db and snapshot from source") {
    auto t = h.transform("debezium_unwrap",
                         {{"add.fields", Value::array({"ts_ms", "db", "snapshot", "op:kind"})},
                          {"add.fields.prefix", "meta_"}});
    CHECK(
        only(apply(*t, rec(read_event()))) ==
        R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org",)"
        R"("meta_ts_ms":1559033904863,"meta_db":"postgres","meta_snapshot":true,"meta_kind":"r"})");
  }
  SUBCASE(
      "transaction fields are null when the event has no transaction; unknown fields are left "
      "out") {
    auto t = h.transform("debezium_unwrap",
                         {{"add.fields", "id,source.nope,transaction.total_order,nope"}});
    CHECK(
        only(apply(*t, rec(update_event()))) ==
        R"({"id":1,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org",)"
        R"("__id":null,"__transaction_total_order":null})");
  }
  SUBCASE("with a transaction block") {
    auto t =
        h.transform("debezium_unwrap", {{"add.fields", "id,total_order,data_collection_order"}});
    Value e = create_event();
    e["transaction"] = {{"id", "571:53195829"}, {"total_order", 1}, {"data_collection_order", 1}};
    CHECK(only(apply(*t, rec(e))) ==
          R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org",)"
          R"("__id":"571:53195829","__total_order":1,"__data_collection_order":1})");
  }
  SUBCASE("a field another transform put at the top level is found there") {
    auto t = h.transform("debezium_unwrap", {{"add.fields", "tenant"}});
    Value e = create_event();
    e["tenant"] = "acme";
    CHECK(
        only(apply(*t, rec(e))) ==
        R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org","__tenant":"acme"})");
  }
  SUBCASE("entries that cannot be read are configuration errors naming the option") {
    CHECK_THROWS_WITH_AS(h.transform("debezium_unwrap", {{"add.fields", "a:b:c"}}),
                         "option 'add.fields': entry 'a:b:c' has more than one ':' (expected field "
                         "or field:NEW_NAME)",
                         std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        h.transform("debezium_unwrap", {{"add.headers", "source.a.b"}}),
        "option 'add.headers': entry 'source.a.b' names a field nested deeper than one struct "
        "(expected struct.field)",
        std::invalid_argument);
  }
}

TEST_CASE("add.headers (Debezium's example add.headers=db) and add.headers.prefix") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap", {{"add.headers", "db,op,lsn,xmin,source.nope"},
                                           {"drop.tombstones", false},
                                           {"delete.handling.mode", "none"}});
  auto out = apply(*t, rec(create_event()));
  REQUIRE(out.size() == 1);
  CHECK(out[0].value.dump() == kAnne);  // headers only: the value gets no fields
  REQUIRE(out[0].headers.size() == 4);
  CHECK(out[0].headers[0].key == "__db");
  CHECK(out[0].headers[0].value == "postgres");
  CHECK(out[0].headers[1].key == "__op");
  CHECK(out[0].headers[1].value == "c");
  CHECK(out[0].headers[2].key == "__lsn");
  CHECK(out[0].headers[2].value == "24023128");
  CHECK(out[0].headers[3].key == "__xmin");
  CHECK_FALSE(
      out[0].headers[3].value.has_value());  // a null field gives a header with a null value

  SUBCASE("a kept tombstone tells its operation, nothing else") {
    auto tomb = apply(*t, tombstone());
    REQUIRE(tomb.size() == 1);
    REQUIRE(tomb[0].headers.size() == 1);
    CHECK(tomb[0].headers[0].key == "__op");
    CHECK(tomb[0].headers[0].value == "d");
  }
  SUBCASE("prefix and rename") {
    auto p = h.transform("debezium_unwrap", {{"add.headers", "op:operation,source.ts_ms"},
                                             {"add.headers.prefix", "dbz."}});
    auto o = apply(*p, rec(update_event()));
    REQUIRE(o.size() == 1);
    REQUIRE(o[0].headers.size() == 2);
    CHECK(o[0].headers[0].key == "dbz.operation");
    CHECK(o[0].headers[0].value == "u");
    CHECK(o[0].headers[1].key == "dbz.source_ts_ms");
    CHECK(o[0].headers[1].value == "1559033904863");
  }
}

TEST_CASE("route.by.field sets the target table") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap",
                       {{"route.by.field", "dest"}, {"delete.handling.mode", "rewrite"}});
  auto with_dest = [](Value e, Value dest) {
    for (const char* side : {"before", "after"})
      if (e[side].is_object()) e[side]["dest"] = dest;
    return e;
  };
  auto out = apply(*t, rec(with_dest(create_event(), "customers_eu")));
  REQUIRE(out.size() == 1);
  CHECK(out[0].table == "customers_eu");
  CHECK(out[0].value["dest"] == "customers_eu");

  SUBCASE("a delete routes by its before row") {
    auto d = apply(*t, rec(with_dest(delete_event(), "customers_us")));
    REQUIRE(d.size() == 1);
    CHECK(d[0].table == "customers_us");
    CHECK(d[0].value.dump() == R"({"id":1,"dest":"customers_us","__deleted":"true"})");
  }
  SUBCASE("null or empty keeps the table") {
    CHECK(apply(*t, rec(with_dest(create_event(), nullptr)))[0].table.empty());
    CHECK(apply(*t, rec(with_dest(create_event(), "")))[0].table.empty());
  }
  SUBCASE("a missing field or a non-string is a bad record") {
    CHECK(error_of(*t, rec(create_event())) ==
          "bad_record: debezium_unwrap: route.by.field 'dest' is not a field of the 'after' row");
    CHECK(error_of(*t, rec(with_dest(create_event(), 42))) ==
          "bad_record: debezium_unwrap: route.by.field 'dest' is number, not a string naming a "
          "table");
  }
}

TEST_CASE("unwrap refuses change events it cannot unwrap, naming the field") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap", {{"delete.handling.mode", "rewrite"}});
  Value d = delete_event();
  d["before"] = nullptr;
  CHECK(error_of(*t, rec(d)) ==
        "bad_record: debezium_unwrap: delete event (op \"d\") has no 'before' row (null or "
        "missing), so it "
        "cannot be rewritten; the source table must log the deleted row (e.g. REPLICA IDENTITY)");
  Value c = create_event();
  c["after"] = nullptr;
  CHECK(error_of(*t, rec(c)) ==
        "bad_record: debezium_unwrap: change event with op \"c\" has no 'after' row (null or "
        "missing)");
  c["after"] = "{\"id\":1}";
  CHECK(error_of(*t, rec(c)) ==
        "bad_record: debezium_unwrap: change event field 'after' is string, not an object");
  CHECK(error_of(*t, rec(Value("x"), envelope_schema())) ==
        "bad_record: debezium_unwrap: value is string, but its schema names a Debezium envelope");
  SUBCASE("the drop mode needs no before row") {
    auto drop = h.transform("debezium_unwrap");
    CHECK(apply(*drop, rec(d)).empty());
  }
}

TEST_CASE("unwrap with schemas: the value schema becomes the row schema") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", "rewrite"},
                                           {"add.fields", "op,source.lsn:LSN,nope"}});
  auto out = apply(*t, rec(create_event(), envelope_schema()));
  REQUIRE(out.size() == 1);
  CHECK(out[0].value.dump() ==
        R"({"id":1,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org",)"
        R"("__deleted":"false","__op":"c","__LSN":24023128})");
  const Value& s = out[0].value_schema;
  CHECK(s["name"] == "PostgreSQL_server.inventory.customers.Value");
  CHECK_FALSE(s.contains("field"));
  CHECK(field_names(s) == "id,first_name,last_name,email,__deleted,__op,__LSN");
  CHECK(s["fields"][4].dump() == R"({"type":"string","optional":true,"field":"__deleted"})");
  CHECK(s["fields"][5].dump() == R"({"type":"string","optional":true,"field":"__op"})");
  CHECK(s["fields"][6].dump() == R"({"type":"int64","optional":true,"field":"__LSN"})");

  auto del = apply(*t, rec(delete_event(), envelope_schema()));
  REQUIRE(del.size() == 1);
  CHECK(del[0].value.dump() == R"({"id":1,"__deleted":"true","__op":"d","__LSN":46523128})");
  CHECK(field_names(del[0].value_schema) == "id,first_name,last_name,email,__deleted,__op,__LSN");
}
