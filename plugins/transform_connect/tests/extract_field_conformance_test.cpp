// Kafka's ExtractFieldTest, case by case (connect/transforms ExtractFieldTest.java). A Struct is
// a JSON object with its Connect schema in key_schema / value_schema. Not here: the nested-path
// cases (field.syntax.version V2, not supported yet) and the version case.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {
/// A record whose key is `key` (JSON) with the key schema `schema` ("" for none).
Record keyed(std::string_view key, std::string_view schema = "") {
  Record r = rec("null");
  r.key = Value::parse(key);
  if (!schema.empty()) r.key_schema = Value::parse(schema);
  return r;
}

sluice::PluginInstance<sluice::Transform> extract_key(std::string field) {
  return make("extract_field", {{"field", std::move(field)}, {"target", "key"}});
}

constexpr const char* kMagic =
    R"({"type":"struct","fields":[{"field":"magic","type":"int32"}],"optional":true})";
}  // namespace

TEST_CASE("schemaless") {
  auto out = run(*extract_key("magic"), keyed(R"({"magic":42})"));
  CHECK(out.at(0).key.dump() == "42");
  CHECK(out.at(0).key_schema.is_null());
}

TEST_CASE("nullSchemaless") {
  auto out = run(*extract_key("magic"), keyed("null"));
  CHECK(out.at(0).key.is_null());
  CHECK(out.at(0).key_schema.is_null());
}

TEST_CASE("withSchema") {
  auto out = run(*extract_key("magic"), keyed(R"({"magic":42})", kMagic));
  CHECK(out.at(0).key.dump() == "42");
  CHECK(out.at(0).key_schema.dump() == R"({"type":"int32"})");
}

TEST_CASE("testNullWithSchema") {
  auto out = run(*extract_key("magic"), keyed("null", kMagic));
  CHECK(out.at(0).key.is_null());
  CHECK(out.at(0).key_schema.dump() == R"({"type":"int32"})");
}

TEST_CASE("nonExistentFieldSchemalessShouldReturnNull") {
  auto out = run(*extract_key("nonexistent"), keyed(R"({"magic":42})"));
  CHECK(out.at(0).key.is_null());
  CHECK(out.at(0).key_schema.is_null());
}

TEST_CASE("nonExistentFieldWithSchemaShouldFail") {
  CHECK(error_of(*extract_key("nonexistent"), keyed(R"({"magic":42})", kMagic)) ==
        "bad_record: extract_field: unknown field: nonexistent (not in the key schema)");
}

TEST_CASE("testUnsetOptionalKey / testUnsetOptionalField") {
  const char* schema = R"({"type":"struct","fields":[
    {"field":"optional_with_default","type":"int32","optional":true,"default":42}]})";
  for (bool replace : {true, false})
    for (const char* target : {"key", "value"}) {
      CAPTURE(replace);
      CAPTURE(target);
      auto t = make("extract_field", {{"field", "optional_with_default"},
                                      {"target", target},
                                      {"replace.null.with.default", replace}});
      Record r = rec(R"({"optional_with_default":null})");
      r.value_schema = Value::parse(schema);
      r.key = r.value;
      r.key_schema = r.value_schema;
      auto out = run(*t, std::move(r));
      const Value& got = std::string(target) == "key" ? out.at(0).key : out.at(0).value;
      CHECK(got.dump() == (replace ? "42" : "null"));
    }
}

TEST_CASE("a value that is not an object is a bad record") {
  CHECK(error_of(*extract_key("magic"), keyed("42")).find("must be an object") !=
        std::string::npos);
}
