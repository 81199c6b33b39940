// regex_router, filter and the predicates, header_from, drop_headers, and the family as a whole.
// Examples from Kafka's / Confluent's documentation of each SMT and predicate.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <algorithm>

#include "connect_test.hpp"

using namespace connect_test;

namespace {
Record with_headers(Record r, std::vector<sluice::Header> headers) {
  r.headers = std::move(headers);
  return r;
}
std::string header_dump(const Record& r) {
  std::string out;
  for (const auto& h : r.headers)
    out += (out.empty() ? "" : ",") + h.key + "=" + (h.value ? *h.value : "<null>");
  return out;
}
}  // namespace

TEST_CASE("the library exports the whole family as transforms") {
  for (const char* name :
       {"insert_field", "replace_field", "mask_field", "cast", "timestamp_converter",
        "value_to_key", "extract_field", "flatten", "hoist_field", "regex_router", "filter",
        "header_from", "drop_headers"}) {
    const auto& d = harness().descriptor(sluice::PluginKind::transform, name);
    CHECK(d.name == name);
    const bool has_predicate = std::any_of(d.options.begin(), d.options.end(),
                                           [](const auto& o) { return o.name == "predicate"; });
    CHECK_MESSAGE(has_predicate, name);
  }
}

TEST_CASE("regex_router: regex and replacement set the table (documentation examples)") {
  auto t = make("regex_router", {{"regex", "([^.]+)\\.([^.]+)\\.([^.]+)"}, {"replacement", "$3"}});
  auto out = run(*t, rec("{}", "dbserver1.inventory.customers"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].table == "customers");
  CHECK(out[0].topic == "dbserver1.inventory.customers");

  auto prefix = make("regex_router", {{"regex", "(.*)"}, {"replacement", "$1-test"}});
  CHECK(run(*prefix, rec("{}", "orders")).at(0).table == "orders-test");

  SUBCASE("the regex must match the whole topic, else the record is unchanged") {
    auto partial = make("regex_router", {{"regex", "inventory"}, {"replacement", "x"}});
    auto o = run(*partial, rec("{}", "dbserver1.inventory.customers"));
    CHECK(o.at(0).table.empty());
  }
  SUBCASE("Java replacement syntax: \\$ is a dollar, $12 is group 1 then '2' when 12 > groups") {
    auto j = make("regex_router", {{"regex", "(a)(b)"}, {"replacement", "\\$$2$12_\\\\"}});
    CHECK(run(*j, rec("{}", "ab")).at(0).table == "$ba2_\\");
  }
  SUBCASE("a chain of routers sees the table the previous one set") {
    Record r = rec("{}", "dbserver1.inventory.customers");
    r = std::move(run(*t, std::move(r)).at(0));
    auto second = make("regex_router", {{"regex", "cust(.*)"}, {"replacement", "c$1"}});
    CHECK(run(*second, std::move(r)).at(0).table == "comers");
  }
  SUBCASE("the value is not parsed (the engine's fast path survives)") {
    Record r;
    r.topic = "a.b.c";
    r.raw_value = R"({"x":1})";
    auto o = run(*t, std::move(r));
    CHECK(o.at(0).is_raw());
    CHECK(o.at(0).table == "c");
  }
  CHECK(config_error("regex_router", {{"regex", "(a)"}, {"replacement", "$2"}}) ==
        "option 'replacement': no group 2 in option 'regex' (it has 1)");
  CHECK(config_error("regex_router", {{"regex", "(a)"}, {"replacement", "${name}"}}) ==
        "option 'replacement': '$' must be followed by a group number ($1); write \\$ for a "
        "dollar sign (named groups ${name} are not supported)");
  CHECK(config_error("regex_router", {{"regex", "(a"}, {"replacement", "x"}})
            .rfind("option 'regex': invalid regular expression '(a': ", 0) == 0);
}

TEST_CASE("filter: topic_name_matches with pattern (documentation example)") {
  auto t = make("filter", {{"predicate", "topic_name_matches"}, {"pattern", "foo.*"}});
  CHECK(run(*t, rec("{}", "foo-orders")).empty());
  CHECK(run(*t, rec("{}", "bar")).size() == 1);
  CHECK(run(*t, rec("{}", "xfoo")).size() == 1);  // a full match is needed
  auto keep =
      make("filter", {{"predicate", "topic_name_matches"}, {"pattern", "foo.*"}, {"negate", true}});
  CHECK(run(*keep, rec("{}", "foo-orders")).size() == 1);
  CHECK(run(*keep, rec("{}", "bar")).empty());
  CHECK(config_error("filter", {{"predicate", "topic_name_matches"}}) ==
        "predicate topic_name_matches needs option 'pattern'");
  CHECK(config_error("filter", {{"predicate", "topic_name_matches"}, {"pattern", "[a"}})
            .rfind("option 'pattern': invalid regular expression '[a': ", 0) == 0);
}

TEST_CASE("filter: has_header_key with name") {
  auto t = make("filter", {{"predicate", "has_header_key"}, {"name", "skip"}});
  CHECK(run(*t, with_headers(rec("{}"), {{"skip", std::nullopt}})).empty());
  CHECK(run(*t, with_headers(rec("{}"), {{"other", "1"}})).size() == 1);
  auto keep = make("filter", {{"predicate", "has_header_key"}, {"name", "keep"}, {"negate", true}});
  CHECK(run(*keep, with_headers(rec("{}"), {{"keep", "1"}})).size() == 1);
  CHECK(run(*keep, rec("{}")).empty());
  CHECK(config_error("filter", {{"predicate", "has_header_key"}}) ==
        "predicate has_header_key needs option 'name'");
  CHECK(
      config_error("filter", {{"predicate", "has_header_key"}, {"name", "a"}, {"pattern", "b"}}) ==
      "option 'pattern' applies only to predicate topic_name_matches");
}

TEST_CASE("filter: record_is_tombstone (documentation example: drop tombstones)") {
  auto t = make("filter", {{"predicate", "record_is_tombstone"}});
  CHECK(run(*t, rec("null")).empty());
  CHECK(run(*t, rec(R"({"a":1})")).size() == 1);
  Record raw;
  raw.raw_value = "null";  // raw text is never a tombstone: a tombstone has no bytes at all
  CHECK(run(*t, raw).size() == 1);
  auto only = make("filter", {{"predicate", "record_is_tombstone"}, {"negate", true}});
  CHECK(run(*only, rec("null")).size() == 1);
  CHECK(run(*only, rec("{}")).empty());
  CHECK(config_error("filter", {{"predicate", "record_is_tombstone"}, {"name", "x"}}) ==
        "option 'name' does not apply to predicate record_is_tombstone");
}

TEST_CASE("filter without predicate drops everything, as Kafka's") {
  auto t = make("filter");
  CHECK(run(*t, rec("{}")).empty());
  CHECK(config_error("filter", {{"negate", true}}) == "option 'negate' needs option 'predicate'");
  CHECK(config_error("filter", {{"pattern", "x"}}) == "option 'pattern' needs option 'predicate'");
}

TEST_CASE("a predicate on another transform applies it only to matching records") {
  auto t = make("insert_field", {{"static.field", "src"},
                                 {"static.value", "foo"},
                                 {"predicate", "topic_name_matches"},
                                 {"pattern", "foo-.*"}});
  CHECK(value_of(*t, rec(R"({"a":1})", "foo-1")) == R"({"a":1,"src":"foo"})");
  CHECK(value_of(*t, rec(R"({"a":1})", "bar")) == R"({"a":1})");
  SUBCASE("an unselected raw record stays raw") {
    Record r;
    r.topic = "bar";
    r.raw_value = R"({"a":1})";
    CHECK(run(*t, r).at(0).is_raw());
  }
  SUBCASE("negate: cast every record but tombstones... and those with a header") {
    auto c = make(
        "cast",
        {{"spec", "a:string"}, {"predicate", "has_header_key"}, {"name", "raw"}, {"negate", true}});
    CHECK(value_of(*c, rec(R"({"a":1})")) == R"({"a":"1"})");
    CHECK(value_of(*c, with_headers(rec(R"({"a":1})"), {{"raw", "1"}})) == R"({"a":1})");
  }
  SUBCASE("topic_name_matches sees the table a router set") {
    Record r = rec(R"({"a":1})", "x");
    r.table = "foo-routed";
    CHECK(value_of(*t, r) == R"({"a":1,"src":"foo"})");
  }
}

TEST_CASE("header_from: fields, headers, operation copy (documentation example)") {
  auto t = make("header_from",
                {{"fields", "id,ts"}, {"headers", "record_id,ts"}, {"operation", "copy"}});
  auto out = run(*t, with_headers(rec(R"({"id":7,"ts":"2019-04-25","name":"x"})"), {{"h", "1"}}));
  REQUIRE(out.size() == 1);
  CHECK(header_dump(out[0]) == "h=1,record_id=7,ts=2019-04-25");
  CHECK(out[0].value.dump() == R"({"id":7,"ts":"2019-04-25","name":"x"})");
}

TEST_CASE("header_from: operation move, value kinds, errors, target=key") {
  auto t = make("header_from",
                {{"fields", "s,o,n,missing"}, {"headers", "hs,ho,hn,hm"}, {"operation", "move"}});
  auto out = run(*t, rec(R"({"s":"text","o":{"a":[1,true]},"n":null,"keep":1})"));
  REQUIRE(out.size() == 1);
  CHECK(header_dump(out[0]) == R"(hs=text,ho={"a":[1,true]},hn=<null>,hm=<null>)");
  CHECK(out[0].value.dump() == R"({"keep":1})");
  CHECK(error_of(*t, rec("[1]")) ==
        "bad_record: header_from: the record value must be an object (a Kafka Struct or Map), "
        "found array");
  CHECK(config_error("header_from", {{"fields", "a,b"}, {"headers", "x"}, {"operation", "copy"}}) ==
        "options 'fields' and 'headers' must have the same number of entries (2 and 1)");
  CHECK(config_error("header_from", {{"fields", "a"}, {"headers", "x"}}) ==
        "missing required option 'operation' (string)");
  auto k =
      make("header_from",
           {{"fields", "id"}, {"headers", "key_id"}, {"operation", "copy"}, {"target", "key"}});
  Record r = rec(R"({"id":1})");
  r.key = Value::parse(R"({"id":99})");
  CHECK(header_dump(run(*k, r).at(0)) == "key_id=99");
}

TEST_CASE("drop_headers: headers (documentation example)") {
  auto t = make("drop_headers", {{"headers", "unwanted1,unwanted2"}});
  auto out = run(*t, with_headers(rec("{}"), {{"unwanted1", "a"},
                                              {"keep", "b"},
                                              {"unwanted2", std::nullopt},
                                              {"unwanted1", "c"}}));
  REQUIRE(out.size() == 1);
  CHECK(header_dump(out[0]) == "keep=b");
  CHECK(config_error("drop_headers", {{"headers", ""}}) == "option 'headers' is empty");
}
