// Loads the built plugin exactly as the engine does, configures it and feeds it records.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

using sluice::testing::apply;
using sluice::testing::Harness;
using sluice::testing::make_record;

TEST_CASE("hello adds a greeting and counts it") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("hello", {{"name_field", "customer"}, {"greeting", "hi"}});
  auto out = apply(*t, make_record({{"customer", "ada"}, {"id", 7}}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].value.dump() == R"({"customer":"ada","id":7,"greeting":"hi, ada"})");
  CHECK(h.host().metric("hello", "hello_greetings_total") == 1);
}

TEST_CASE("a record without the name is a bad record") {
  Harness h(PLUGIN_FILE);
  auto t = h.transform("hello", {{"name_field", "customer"}});
  CHECK_THROWS_WITH_AS(apply(*t, make_record({{"id", 7}})),
                       "bad_record: field 'customer' is missing or not a string",
                       std::runtime_error);
}

TEST_CASE("options are checked as the engine checks a pipeline file") {
  Harness h(PLUGIN_FILE);
  CHECK_THROWS_WITH_AS(h.transform("hello", {{"name_feild", "customer"}}),
                       "unknown option 'name_feild'; did you mean 'name_field'?; "
                       "missing required option 'name_field' (string)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.transform("hello", {{"name_field", "x"}, {"target", "x"}}),
                       "option 'target' must differ from 'name_field'", std::invalid_argument);
}
