#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

using sluice::Headers;
using sluice::Record;
using sluice::Value;
using sluice::testing::Harness;
using sluice::testing::make_record;

namespace {

Record raw_record(std::string text) {
  Record r = make_record(nullptr);
  r.value = Value();
  r.raw_value = std::move(text);
  return r;
}

std::string refusal(sluice::Formatter& f, const Record& r) {
  auto w = f.new_body("t");
  sluice::Status st = w->append(r);
  CHECK(w->rows() == 0);
  CHECK(w->size_bytes() == 0);
  return std::string(sluice::errc_name(st.code())) + ": " + st.message();
}

}  // namespace

TEST_CASE("array layout: one array, strip_outer_array header, parseable body") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json");
  CHECK(f->accepts_raw_json());
  auto body = sluice::testing::format(
      *f, {make_record({{"id", 1}, {"name", "ada"}}), make_record({{"id", 2}, {"name", "bob"}})});
  CHECK(body.data == R"([{"id":1,"name":"ada"},{"id":2,"name":"bob"}])");
  CHECK(body.rows == 2);
  CHECK(body.headers == Headers{{"format", "json"}, {"strip_outer_array", "true"}});
  CHECK(Value::parse(body.data).size() == 2);
}

TEST_CASE("ndjson layout: one object per line, no strip_outer_array") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json", {{"layout", "ndjson"}, {"ignore_json_size", true}});
  auto body =
      sluice::testing::format(*f, {make_record({{"a", "x\ny"}}), make_record({{"a", nullptr}})});
  CHECK(body.data == "{\"a\":\"x\\ny\"}\n{\"a\":null}\n");
  CHECK(body.headers == Headers{{"format", "json"}, {"ignore_json_size", "true"}});
}

TEST_CASE("field order of the source is kept and unicode is written as UTF-8") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json", {{"layout", "ndjson"}});
  Value v = Value::object();
  v["z"] = 1;
  v["a"] = "日本 é";
  v["m"] = {{"k", {1, 2.5, true}}};
  auto body = sluice::testing::format(*f, {make_record(v)});
  CHECK(body.data == "{\"z\":1,\"a\":\"日本 é\",\"m\":{\"k\":[1,2.5,true]}}\n");
}

TEST_CASE("raw values are copied byte for byte, mixed with parsed ones") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json");
  auto body = sluice::testing::format(*f, {raw_record(R"(  {"b": 2 ,"a":1})"),
                                           make_record({{"c", 3}}), raw_record(R"({"x":[1, 2]})")});
  CHECK(body.data == R"([  {"b": 2 ,"a":1},{"c":3},{"x":[1, 2]}])");
  CHECK(body.rows == 3);
}

TEST_CASE("size_bytes matches the finished body") {
  Harness h(PLUGIN_FILE);
  for (const char* layout : {"array", "ndjson"}) {
    auto f = h.formatter("json", {{"layout", layout}});
    auto w = f->new_body("t");
    for (int i = 0; i < 100; ++i) REQUIRE(w->append(make_record({{"i", i}, {"s", "text"}})));
    REQUIRE(w->append(raw_record(R"({"raw":true})")));
    std::size_t expected = w->size_bytes();
    CHECK(w->rows() == 101);
    auto body = w->finish();
    CHECK(body.data.size() == expected);
    // The writer is reset for the next batch.
    CHECK(w->rows() == 0);
    CHECK(w->size_bytes() == 0);
    REQUIRE(w->append(make_record({{"i", 1}})));
    CHECK(w->finish().data == (std::string(layout) == "array" ? R"([{"i":1}])" : "{\"i\":1}\n"));
  }
}

TEST_CASE("an empty batch is an empty array") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json");
  CHECK(f->new_body("t")->finish().data == "[]");
  auto nd = h.formatter("json", {{"layout", "ndjson"}});
  CHECK(nd->new_body("t")->finish().data == "");
}

TEST_CASE("values that are not objects are refused with their kind, body untouched") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json");
  const std::string prefix = "bad_record: JSON formatter needs an object value, got ";
  CHECK(refusal(*f, make_record("text")) == prefix + "a string");
  CHECK(refusal(*f, make_record(42)) == prefix + "a number");
  CHECK(refusal(*f, make_record(Value::array({1, 2}))) == prefix + "an array");
  CHECK(refusal(*f, make_record(true)) == prefix + "a boolean");
  CHECK(refusal(*f, make_record(nullptr)) == prefix + "null");
  CHECK(refusal(*f, raw_record(" [1,2]")) == prefix + "an array");
  CHECK(refusal(*f, raw_record("\"s\"")) == prefix + "a string");
  CHECK(refusal(*f, raw_record("-1.5")) == prefix + "a number");
  CHECK(refusal(*f, raw_record("null")) == prefix + "null");
  CHECK(refusal(*f, raw_record("false")) == prefix + "a boolean");

  // A refusal in the middle of a batch leaves the earlier rows exactly as they were.
  auto w = f->new_body("t");
  REQUIRE(w->append(make_record({{"a", 1}})));
  CHECK_FALSE(w->append(make_record("x")));
  CHECK_FALSE(w->append(raw_record("[]")));
  REQUIRE(w->append(make_record({{"a", 2}})));
  CHECK(w->finish().data == R"([{"a":1},{"a":2}])");
}

TEST_CASE("a string that is not UTF-8 is refused, not sent broken") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("json");
  auto w = f->new_body("t");
  REQUIRE(w->append(make_record({{"a", 1}})));
  sluice::Status st = w->append(make_record({{"a", std::string("\xff\xfe")}}));
  CHECK(st.code() == sluice::Errc::bad_record);
  CHECK(st.message().rfind("value cannot be written as JSON: ", 0) == 0);
  CHECK(w->finish().data == R"([{"a":1}])");
}

TEST_CASE("options are validated") {
  Harness h(PLUGIN_FILE);
  CHECK_THROWS_WITH_AS(h.formatter("json", {{"layout", "lines"}}),
                       "option 'layout' = \"lines\" is not one of: array, ndjson",
                       std::invalid_argument);
}
