// Kafka's HoistFieldTest, case by case (connect/transforms HoistFieldTest.java). Not here:
// testSchemalessMapIsMutable (Java map mutability; the result is a plain object) and the version
// case.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

TEST_CASE("schemaless") {
  auto t = make("hoist_field", {{"field", "magic"}, {"target", "key"}});
  Record r = rec("null");
  r.key = 42;
  auto out = run(*t, std::move(r));
  CHECK(out.at(0).key.dump() == R"({"magic":42})");
  CHECK(out.at(0).key_schema.is_null());
}

TEST_CASE("withSchema") {
  auto t = make("hoist_field", {{"field", "magic"}, {"target", "key"}});
  Record r = rec("null");
  r.key = 42;
  r.key_schema = Value::parse(R"({"type":"int32"})");
  auto out = run(*t, std::move(r));
  CHECK(out.at(0).key.dump() == R"({"magic":42})");
  CHECK(out.at(0).key_schema.dump() ==
        R"({"type":"struct","fields":[{"type":"int32","field":"magic"}],"optional":false})");
}

TEST_CASE("null is wrapped too, as Kafka") {
  auto t = make("hoist_field", {{"field", "line"}});
  CHECK(apply_to(*t, "null") == R"({"line":null})");
}
