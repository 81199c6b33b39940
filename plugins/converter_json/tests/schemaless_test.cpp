// schemas_enable = false: plain JSON in, the same document out.
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

using sluice::Value;

namespace {

sluice::Status convert_status(sluice::Converter& c, std::string_view bytes, Value& value,
                              Value& schema) {
  return c.convert(bytes, sluice::ConvertContext{"t", 0, 0, false}, value, schema);
}

std::string error_of(sluice::Converter& c, std::string_view bytes) {
  Value v, s;
  auto st = convert_status(c, bytes, v, s);
  CHECK(st.code() == (st.is_ok() ? sluice::Errc::ok : sluice::Errc::bad_record));
  return st.message();
}

}  // namespace

TEST_CASE("schemaless: field order, nesting and every JSON type survive") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  const std::string doc =
      R"({"zeta":1,"alpha":{"y":[1,2.5,"three",null,true,false,{"b":0,"a":-1}],"x":{}},"mid":[],"s":"é\u00e9\n"})";
  Value schema = "sentinel";
  Value v = sluice::testing::convert(*c, doc, &schema);
  CHECK(
      v.dump() ==
      R"({"zeta":1,"alpha":{"y":[1,2.5,"three",null,true,false,{"b":0,"a":-1}],"x":{}},"mid":[],"s":"éé\n"})");
  CHECK(schema.is_null());
  CHECK(c->can_pass_through());
}

TEST_CASE("schemaless: numbers keep their kind and 64-bit range") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  Value v = sluice::testing::convert(
      *c, R"([9223372036854775807,-9223372036854775808,18446744073709551615,1.0,-0.0,1e3,0.1])");
  CHECK(v[0].get<std::int64_t>() == INT64_MAX);
  CHECK(v[1].get<std::int64_t>() == INT64_MIN);
  CHECK(v[2].get<std::uint64_t>() == UINT64_MAX);
  CHECK(v[3].is_number_float());
  CHECK(v.dump() ==
        "[9223372036854775807,-9223372036854775808,18446744073709551615,1.0,-0.0,1000.0,0.1]");
  // Beyond 64 bits: accepted, as the nearest double (the fast path passes the exact text on).
  Value big = sluice::testing::convert(*c, R"({"n":123456789012345678901234567890})");
  CHECK(big.dump() == R"({"n":1.2345678901234568e+29})");
}

TEST_CASE("schemaless: any JSON value is a message, a repeated key keeps its last value") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  CHECK(sluice::testing::convert(*c, R"("text")") == "text");
  CHECK(sluice::testing::convert(*c, " 42 \n") == 42);
  CHECK(sluice::testing::convert(*c, "null").is_null());
  CHECK(sluice::testing::convert(*c, R"({"a":1,"b":2,"a":3})").dump() == R"({"a":3,"b":2})");
}

TEST_CASE("schemaless: malformed input is a bad record naming the byte, never a crash") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  CHECK(error_of(*c, R"({"a":1,})") ==
        "invalid JSON at byte 7: unexpected '}'; expected string literal");
  CHECK(error_of(*c, R"({"a":)") ==
        "invalid JSON at byte 5: unexpected end of input; expected '[', '{', or a literal");
  CHECK(error_of(*c, "") ==
        "invalid JSON at byte 0: unexpected end of input; expected '[', '{', or a literal");
  CHECK(error_of(*c, R"({"a":1} {"b":2})") ==
        "invalid JSON at byte 8: unexpected '{'; expected end of input");
  CHECK(error_of(*c, R"({"a":tru})") == "invalid JSON at byte 8: invalid literal");
  CHECK(error_of(*c, "{\"a\":\"x\xff\"}") ==
        "invalid JSON at byte 7: invalid string: ill-formed UTF-8 byte");
  CHECK(error_of(*c, "\xEF\xBB\xBF{}") ==
        "invalid JSON at byte 0: a byte order mark is not allowed");
  CHECK(error_of(*c, R"(["\ud800"])") ==
        "invalid JSON at byte 8: invalid string: surrogate U+D800..U+DBFF must be followed by "
        "U+DC00..U+DFFF");
  CHECK(error_of(*c, "[1e400]") == "invalid JSON at byte 5: number overflow parsing '1e400'");
  CHECK(error_of(*c, std::string(2000, '[') + std::string(2000, ']')) ==
        "invalid JSON: nested deeper than 1024 levels");
  Value v = "untouched";
  Value s;
  CHECK_FALSE(convert_status(*c, "{", v, s));
  CHECK(v.is_null());
}

TEST_CASE("json converter options") {
  sluice::testing::Harness h(PLUGIN_FILE);
  const auto& d = h.descriptor(sluice::PluginKind::converter, "json");
  REQUIRE(d.options.size() == 3);
  CHECK(d.options[0].name == "schemas_enable");
  CHECK(d.options[0].default_value == false);
  CHECK(d.options[1].name == "replace.null.with.default");
  CHECK(d.options[1].default_value == true);
  CHECK(d.options[2].name == "decimal.format");
  CHECK(d.options[2].default_value == "BASE64");
  CHECK_FALSE(h.converter("json", {{"schemas_enable", true}})->can_pass_through());
  CHECK_THROWS_WITH_AS(h.converter("json", {{"schemas.enable", true}}),
                       "unknown option 'schemas.enable'; did you mean 'schemas_enable'?",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.converter("json", {{"schemas_enable", "yes"}}),
                       "option 'schemas_enable' must be a boolean, not a string",
                       std::invalid_argument);
}
