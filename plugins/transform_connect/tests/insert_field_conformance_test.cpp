// Kafka's InsertFieldTest, case by case (connect/transforms InsertFieldTest.java). A Struct is
// a JSON object with its Connect schema in value_schema / key_schema; Kafka's Timestamp field is
// sluice Timestamp text. Not here: the version case.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {
// The options every InsertFieldTest case uses.
Value all_fields() {
  return Value{{"topic.field", "topic_field!"},
               {"partition.field", "partition_field"},
               {"timestamp.field", "timestamp_field?"},
               {"static.field", "instance_id"},
               {"static.value", "my-instance-id"}};
}

constexpr const char* kSimpleStruct =
    R"({"type":"struct","name":"name","version":1,"doc":"doc",
        "fields":[{"field":"magic","type":"int64","optional":true}]})";

Record record(std::string_view value, std::string_view schema, std::int64_t timestamp_ms) {
  Record r = rec(value, "test");
  if (!schema.empty()) r.value_schema = Value::parse(schema);
  r.timestamp_ms = timestamp_ms;
  return r;
}
}  // namespace

TEST_CASE("topLevelStructRequired") {
  auto t = make("insert_field", {{"topic.field", "topic_field"}});
  CHECK(error_of(*t, record("42", R"({"type":"int32"})", -1)).find("must be an object") !=
        std::string::npos);
}

TEST_CASE("copySchemaAndInsertConfiguredFields") {
  auto t = make("insert_field", all_fields());
  auto out = run(*t, record(R"({"magic":42})", kSimpleStruct, 789));
  CHECK(out.at(0).value.dump() ==
        R"({"magic":42,"topic_field":"test","partition_field":0,)"
        R"("timestamp_field":"1970-01-01 00:00:00.789000","instance_id":"my-instance-id"})");
  const Value& s = out.at(0).value_schema;
  CHECK(s["name"] == "name");
  CHECK(s["version"] == 1);
  CHECK(s["doc"] == "doc");
  CHECK(
      s["fields"].dump() ==
      R"([{"field":"magic","type":"int64","optional":true},)"
      R"({"type":"string","optional":false,"field":"topic_field"},)"
      R"({"type":"int32","optional":true,"field":"partition_field"},)"
      R"({"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"timestamp_field"},)"
      R"({"type":"string","optional":true,"field":"instance_id"}])");
}

TEST_CASE("schemalessInsertConfiguredFields") {
  auto t = make("insert_field", all_fields());
  CHECK(value_of(*t, record(R"({"magic":42})", "", 123)) ==
        R"({"magic":42,"topic_field":"test","partition_field":0,"timestamp_field":123,)"
        R"("instance_id":"my-instance-id"})");
}

TEST_CASE("insertConfiguredFieldsIntoTombstoneEventWithoutSchemaLeavesValueUnchanged") {
  auto out = run(*make("insert_field", all_fields()), record("null", "", 123));
  CHECK(out.at(0).value.is_null());
  CHECK(out.at(0).value_schema.is_null());
}

TEST_CASE("insertConfiguredFieldsIntoTombstoneEventWithSchemaLeavesValueUnchanged") {
  auto out = run(*make("insert_field", all_fields()), record("null", kSimpleStruct, 123));
  CHECK(out.at(0).value.is_null());
  CHECK(out.at(0).value_schema == Value::parse(kSimpleStruct));
}

TEST_CASE("insertKeyFieldsIntoTombstoneEvent") {
  Value o = all_fields();
  o["target"] = "key";
  Record r = record("null", "", -1);  // no timestamp: no timestamp field
  r.key = Value::parse(R"({"magic":42})");
  auto out = run(*make("insert_field", o), std::move(r));
  CHECK(out.at(0).key.dump() ==
        R"({"magic":42,"topic_field":"test","partition_field":0,"instance_id":"my-instance-id"})");
  CHECK(out.at(0).value.is_null());
}

TEST_CASE("insertIntoNullKeyLeavesRecordUnchanged") {
  Value o = all_fields();
  o["target"] = "key";
  auto out = run(*make("insert_field", o), record(R"({"magic":42})", "", 5));
  CHECK(out.at(0).key.is_null());
  CHECK(out.at(0).value.dump() == R"({"magic":42})");
}

TEST_CASE("testUnsetOptionalField") {
  const char* schema = R"({"type":"struct","name":"name","version":1,"doc":"doc","fields":[
    {"field":"magic_with_default","type":"int64","optional":true,"default":42}]})";
  for (bool replace : {true, false}) {
    CAPTURE(replace);
    Value o = all_fields();
    o["replace.null.with.default"] = replace;
    auto out = run(*make("insert_field", o), record(R"({"magic_with_default":null})", schema, 789));
    CHECK(out.at(0).value["magic_with_default"].dump() == (replace ? "42" : "null"));
    CHECK(out.at(0).value_schema["fields"][0] == Value::parse(schema)["fields"][0]);
  }
}

// Behaviours of InsertField.java that InsertFieldTest does not spell out.

TEST_CASE("configuration errors, as Kafka's ConfigException") {
  CHECK(config_error("insert_field", Value::object()).find("no field to insert") !=
        std::string::npos);
  CHECK(config_error("insert_field", {{"static.field", "src"}}).find("static.value") !=
        std::string::npos);
}

TEST_CASE("with a Struct schema: a field the Struct has, and a required field without value") {
  auto dup = make("insert_field", {{"topic.field", "magic"}});
  CHECK(error_of(*dup, record(R"({"magic":42})", kSimpleStruct, 1))
            .find("field 'magic' is already in the Struct") != std::string::npos);
  // Schemaless, the field is put over the old one.
  CHECK(value_of(*dup, record(R"({"magic":42})", "", 1)) == R"({"magic":"test"})");
  auto ts = make("insert_field", {{"timestamp.field", "ts!"}});
  CHECK(error_of(*ts, record(R"({"magic":42})", kSimpleStruct, -1))
            .find("required field 'ts!' has no value") != std::string::npos);
  // Optional: the schema still gets the field, its value is null.
  auto opt = make("insert_field", {{"timestamp.field", "ts"}});
  auto out = run(*opt, record(R"({"magic":42})", kSimpleStruct, -1));
  CHECK(out.at(0).value.dump() == R"({"magic":42,"ts":null})");
  CHECK(out.at(0).value_schema["fields"].size() == 2);
}
