// Kafka's ValueToKeyTest, case by case (connect/transforms ValueToKeyTest.java). A Struct is a
// JSON object with its Connect schema in value_schema / key_schema.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {
Record with_schema(std::string_view schema, std::string_view value) {
  Record r = rec(value);
  r.value_schema = Value::parse(schema);
  return r;
}

constexpr const char* kAbc = R"({"type":"struct","fields":[{"field":"a","type":"int32"},
  {"field":"b","type":"int32"},{"field":"c","type":"int32"}]})";
}  // namespace

TEST_CASE("schemaless") {
  auto t = make("value_to_key", {{"fields", "a,b"}});
  auto out = run(*t, rec(R"({"a":1,"b":2,"c":3})"));
  CHECK(out.at(0).key.dump() == R"({"a":1,"b":2})");
  CHECK(out.at(0).key_schema.is_null());
  CHECK(out.at(0).value.dump() == R"({"a":1,"b":2,"c":3})");
}

TEST_CASE("withSchema") {
  auto t = make("value_to_key", {{"fields", "a,b"}});
  auto out = run(*t, with_schema(kAbc, R"({"a":1,"b":2,"c":3})"));
  CHECK(out.at(0).key.dump() == R"({"a":1,"b":2})");
  CHECK(
      out.at(0).key_schema.dump() ==
      R"({"type":"struct","fields":[{"field":"a","type":"int32"},{"field":"b","type":"int32"}],"optional":false})");
}

TEST_CASE("nonExistingField") {
  auto t = make("value_to_key", {{"fields", "not_exist"}});
  CHECK(error_of(*t, with_schema(R"({"type":"struct","fields":[{"field":"a","type":"int32"}]})",
                                 R"({"a":1})")) ==
        "bad_record: value_to_key: field does not exist: not_exist (not in the value's schema)");
  // Schemaless, a missing field gives null (Kafka's value.get of a Map).
  CHECK(run(*t, rec(R"({"a":1})")).at(0).key.dump() == R"({"not_exist":null})");
}

TEST_CASE("testReplaceNullWithDefaultConfig") {
  const char* schema = R"({"type":"struct","fields":[
    {"field":"optional_with_default","type":"int32","optional":true,"default":42}]})";
  for (bool replace : {true, false}) {
    CAPTURE(replace);
    auto t = make("value_to_key",
                  {{"fields", "optional_with_default"}, {"replace.null.with.default", replace}});
    auto out = run(*t, with_schema(schema, R"({"optional_with_default":null})"));
    CHECK(out.at(0).key.dump() ==
          (replace ? R"({"optional_with_default":42})" : R"({"optional_with_default":null})"));
  }
}

TEST_CASE("a tombstone is an error, as Kafka's requireMap/requireStruct") {
  auto t = make("value_to_key", {{"fields", "a"}});
  CHECK(error_of(*t, rec("null")).find("must be an object") != std::string::npos);
}
