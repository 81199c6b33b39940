// Kafka's ReplaceFieldTest, case by case (connect/transforms ReplaceFieldTest.java). A Struct is
// a JSON object with its Connect schema in value_schema / key_schema. Not here: the version case.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {
constexpr const char* kSchema = R"({"type":"struct","fields":[{"field":"dont","type":"string"},
  {"field":"abc","type":"int32"},{"field":"foo","type":"boolean"},
  {"field":"etc","type":"string"}]})";

Record with_schema(std::string_view value) {
  Record r = rec(value);
  r.value_schema = Value::parse(kSchema);
  return r;
}

sluice::PluginInstance<sluice::Transform> include_abc_foo() {
  return make("replace_field", {{"include", "abc,foo"}, {"renames", "abc:xyz,foo:bar"}});
}
}  // namespace

TEST_CASE("tombstoneSchemaless") {
  auto out = run(*include_abc_foo(), rec("null"));
  CHECK(out.at(0).value.is_null());
  CHECK(out.at(0).value_schema.is_null());
}

TEST_CASE("tombstoneWithSchema") {
  auto out = run(*include_abc_foo(), with_schema("null"));
  CHECK(out.at(0).value.is_null());
  CHECK(out.at(0).value_schema == Value::parse(kSchema));
}

TEST_CASE("schemaless") {
  auto t = make("replace_field", {{"exclude", "dont"}, {"renames", "abc:xyz,foo:bar"}});
  CHECK(apply_to(*t, R"({"dont":"whatever","abc":42,"foo":true,"etc":"etc"})") ==
        R"({"xyz":42,"bar":true,"etc":"etc"})");
}

TEST_CASE("withSchema") {
  auto out = run(*include_abc_foo(),
                 with_schema(R"({"dont":"whatever","abc":42,"foo":true,"etc":"etc"})"));
  CHECK(out.at(0).value.dump() == R"({"xyz":42,"bar":true})");
  CHECK(out.at(0).value_schema["fields"].dump() ==
        R"([{"field":"xyz","type":"int32"},{"field":"bar","type":"boolean"}])");
}

TEST_CASE("testReplaceNullWithDefaultConfigOnValue / OnKey") {
  const char* schema =
      R"({"type":"struct","fields":[{"field":"abc","type":"int32","optional":true,"default":42}]})";
  for (bool replace : {true, false})
    for (const char* target : {"value", "key"}) {
      CAPTURE(replace);
      CAPTURE(target);
      auto t = make("replace_field", {{"include", "abc"},
                                      {"renames", "abc:optional_with_default"},
                                      {"replace.null.with.default", replace},
                                      {"target", target}});
      Record r = rec(R"({"abc":null})");
      r.value_schema = Value::parse(schema);
      r.key = r.value;
      r.key_schema = r.value_schema;
      auto out = run(*t, std::move(r));
      const bool key = std::string(target) == "key";
      const Value& got = key ? out.at(0).key : out.at(0).value;
      const Value& got_schema = key ? out.at(0).key_schema : out.at(0).value_schema;
      CHECK(got.dump() ==
            (replace ? R"({"optional_with_default":42})" : R"({"optional_with_default":null})"));
      CHECK(got_schema["fields"].size() == 1);
    }
}

TEST_CASE("whitelist / blacklist, the names before Kafka 3.0 (removed in 4.0), still read") {
  auto w = make("replace_field", {{"whitelist", "abc"}});
  CHECK(apply_to(*w, R"({"abc":1,"foo":2})") == R"({"abc":1})");
  auto b = make("replace_field", {{"blacklist", "abc"}});
  CHECK(apply_to(*b, R"({"abc":1,"foo":2})") == R"({"foo":2})");
}

TEST_CASE("renames: each entry is old:new (Kafka: Invalid rename mapping)") {
  CHECK(config_error("replace_field", {{"renames", "abc:xyz:extra"}}) != "");
  CHECK(config_error("replace_field", {{"renames", "abc"}}) != "");
}

TEST_CASE("with a schema, two fields renamed to one name is a bad record") {
  auto t = make("replace_field", {{"renames", "abc:etc"}});
  CHECK(error_of(*t, with_schema(R"({"dont":"x","abc":1,"foo":true,"etc":"e"})"))
            .find("two fields would be named 'etc'") != std::string::npos);
}
