// Kafka's predicates tests (TopicNameMatchesTest, HasHeaderKeyTest), on a transform's predicate.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

TEST_CASE("TopicNameMatchesTest: testPatternRequiredInConfig / testPatternMayNotBeEmptyInConfig") {
  CHECK(config_error("filter", Value{{"predicate", "topic_name_matches"}}) != "");
  CHECK(config_error("filter", Value{{"predicate", "topic_name_matches"}, {"pattern", ""}}) ==
        "option 'pattern' must not be empty");
}

TEST_CASE("TopicNameMatchesTest: testPatternIsValidRegexInConfig") {
  CHECK(config_error("filter", Value{{"predicate", "topic_name_matches"}, {"pattern", "["}})
            .find("option 'pattern'") != std::string::npos);
}

TEST_CASE("TopicNameMatchesTest: testTest") {
  auto t = make("filter", Value{{"predicate", "topic_name_matches"}, {"pattern", "my-prefix-.*"}});
  CHECK(run(*t, rec("{}", "my-prefix-")).empty());
  CHECK(run(*t, rec("{}", "my-prefix-foo")).empty());
  CHECK(run(*t, rec("{}", "x-my-prefix-")).size() == 1);  // the whole name must match
  CHECK(run(*t, rec("{}", "")).size() == 1);
}

TEST_CASE("HasHeaderKeyTest: testNameRequiredInConfig / testNameMayNotBeEmptyInConfig") {
  CHECK(config_error("filter", Value{{"predicate", "has_header_key"}}) != "");
  CHECK(config_error("filter", Value{{"predicate", "has_header_key"}, {"name", ""}}) ==
        "option 'name' must not be empty");
}
