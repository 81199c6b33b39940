// Kafka's ExtractFieldTest, case by case (connect/transforms ExtractFieldTest.java). A Struct is
// a JSON object with its Connect schema in key_schema / value_schema. Not here: the version case.
// The V2 path notation follows Kafka's FieldPathNotationTest.
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

sluice::PluginInstance<sluice::Transform> extract_key_v2(std::string field) {
  return make("extract_field",
              {{"field", std::move(field)}, {"target", "key"}, {"field.syntax.version", "V2"}});
}

/// The key `extract_key_v2(path)` takes from `key`, as JSON.
std::string v2(std::string path, std::string_view key) {
  return run(*extract_key_v2(std::move(path)), keyed(key)).at(0).key.dump();
}

constexpr const char* kNested = R"({"type":"struct","fields":[{"field":"magic","type":"struct",
  "fields":[{"field":"foo","type":"int32"}]}]})";

constexpr const char* kMagic =
    R"({"type":"struct","fields":[{"field":"magic","type":"int32"}],"optional":true})";
}  // namespace

TEST_CASE("schemaless") {
  auto out = run(*extract_key("magic"), keyed(R"({"magic":42})"));
  CHECK(out.at(0).key.dump() == "42");
  CHECK(out.at(0).key_schema.is_null());
}

TEST_CASE("schemalessAndNestedPath") {
  auto out = run(*extract_key_v2("magic.foo"), keyed(R"({"magic":{"foo":42}})"));
  CHECK(out.at(0).key.dump() == "42");
  CHECK(out.at(0).key_schema.is_null());
}

TEST_CASE("withSchemaAndNestedPath") {
  auto out = run(*extract_key_v2("magic.foo"), keyed(R"({"magic":{"foo":42}})", kNested));
  CHECK(out.at(0).key.dump() == "42");
  CHECK(out.at(0).key_schema.dump() == R"({"type":"int32"})");
}

TEST_CASE("nonExistentNestedFieldSchemalessShouldReturnNull") {
  CHECK(v2("magic.nonexistent", R"({"magic":{"foo":42}})") == "null");
  CHECK(v2("absent.foo", R"({"magic":{"foo":42}})") == "null");
  CHECK(v2("magic.foo", R"({"magic":null})") == "null");
  // A parent that is not a Map is an error (Kafka's requireMapOrNull).
  CHECK(error_of(*extract_key_v2("magic.foo"), keyed(R"({"magic":1})")).find("not an object") !=
        std::string::npos);
}

TEST_CASE("nonExistentNestedFieldWithSchemaShouldFail") {
  CHECK(error_of(*extract_key_v2("magic.nonexistent"), keyed(R"({"magic":{"foo":42}})", kNested)) ==
        "bad_record: extract_field: unknown field: magic.nonexistent (not in the key schema)");
}

TEST_CASE("FieldPathNotationTest: V1 takes the name as it is, V2 reads dots and backticks") {
  CHECK(run(*extract_key("foo.bar"), keyed(R"({"foo.bar":1,"foo":{"bar":2}})")).at(0).key == 1);
  CHECK(v2("foo.bar", R"({"foo.bar":1,"foo":{"bar":2}})") == "2");
  CHECK(v2("`foo.bar`.baz", R"({"foo.bar":{"baz":3}})") == "3");
  CHECK(v2("foo.`bar.baz`", R"({"foo":{"bar.baz":4}})") == "4");
  CHECK(v2("foo`bar`baz", R"({"foo`bar`baz":5})") == "5");  // not wrapping
  CHECK(v2("foo.``bar``.baz", R"({"foo":{"`bar`":{"baz":6}}})") == "6");
  CHECK(v2("foo.`bar\\`.baz`", R"({"foo":{"bar`.baz":7}})") == "7");  // \` escapes
  CHECK(v2("foo..", R"({"foo":{"":{"":8}}})") == "8");                // empty names
  CHECK(config_error("extract_field", {{"field", "foo.`bar.baz"}, {"field.syntax.version", "v2"}})
            .find("backtick at 4 without its closing pair") != std::string::npos);
  CHECK(config_error("extract_field", {{"field", "a"}, {"field.syntax.version", "V3"}}) != "");
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
