// The fast path: validate() must accept and reject exactly what convert() does, with the same
// message, and convert() must give back the document it was given.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include <sluice/testing/harness.hpp>

using sluice::Value;

namespace {

void check_agreement(sluice::Converter& c, const std::string& doc) {
  sluice::ConvertContext ctx{"t", 0, 0, false};
  Value v, s;
  auto converted = c.convert(doc, ctx, v, s);
  auto validated = c.validate(doc, ctx);
  INFO("document: " << Value(doc).dump(2, ' ', false, nlohmann::detail::error_handler_t::replace));
  REQUIRE(validated.is_ok() == converted.is_ok());
  CHECK(validated.code() == converted.code());
  CHECK(validated.message() == converted.message());
  // Messages never quote input bytes that could be invalid UTF-8 (logs and /status are JSON).
  CHECK_NOTHROW((void)Value(converted.message()).dump());
  if (converted.is_ok()) {
    // Pass-through is faithful: the tree is the document nlohmann reads from the same text.
    Value reference = Value::parse(doc);
    if (!(reference.is_number_float() && v.is_number_float())) CHECK(v == reference);
  }
}

std::vector<std::string> corpus() {
  std::vector<std::string> docs = {
      // valid
      R"({"a":1})",
      R"([])",
      R"({})",
      R"("bare string")",
      "0",
      "-12.5e-3",
      "true",
      "false",
      "null",
      " \t\r\n{\"ws\" : [ 1 , 2 ] }\n ",
      R"({"u":"\u00e9\ud83d\ude00","esc":"\"\\\/\b\f\n\r\t"})",
      "\"h\xC3\xA9llo \xF0\x9F\x98\x80\"",
      R"({"n":18446744073709551615,"m":-9223372036854775808})",
      R"({"big":123456789012345678901234567890})",
      R"({"a":{"b":{"c":[[[{"d":null}]]]}}})",
      std::string(1024, '[') + std::string(1024, ']'),
      // invalid
      "",
      " ",
      "{",
      "}",
      "[1,]",
      R"({"a":1,})",
      R"({"a" 1})",
      R"({a:1})",
      "{} x",
      "{}{}",
      "[1] ]",
      "1 2",
      "nul",
      "tru",
      "01",
      "1.",
      ".5",
      "-",
      "+1",
      "1e",
      "0x10",
      "NaN",
      "Infinity",
      "'single'",
      "\"unterminated",
      "\"tab\there\"",
      "\"ctl\x01\"",
      "\"bad \\x escape\"",
      "\"\\u12\"",
      R"("\ud800")",
      R"("\udc00x")",
      "\"\xff\"",
      "\"\xC0\xAF\"",
      "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xE2\x82\"",
      "\xEF\xBB\xBF{}",
      "{}\xff",
      "[1e400]",
      "// comment\n{}",
      "{\"a\":1}\x00",
      std::string(1025, '[') + std::string(1025, ']'),
      std::string(100000, '['),
  };
  return docs;
}

}  // namespace

TEST_CASE("validate() and convert() agree on a corpus of valid and invalid documents") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  REQUIRE(c->can_pass_through());
  for (const auto& doc : corpus()) check_agreement(*c, doc);
}

TEST_CASE("validate() and convert() agree on every truncation and on random byte damage") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  const std::string base =
      R"({"id":42,"name":"Zoë \u00e9","price":-12.50,"tags":["a","b"],"n":null,"ok":true,"big":123456789012345678901,)"
      R"("nested":{"x":[1,{"y":"z"}],"e":1.5e-7}})";
  for (std::size_t len = 0; len <= base.size(); ++len) check_agreement(*c, base.substr(0, len));
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]\",:0123456789.-eE \\ux\xff\xc3";
  for (int round = 0; round < 3000; ++round) {
    std::string doc = base;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) doc[rng() % doc.size()] = alphabet[rng() % alphabet.size()];
    check_agreement(*c, doc);
  }
}

TEST_CASE("validate() reports the same messages as convert()") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("json");
  sluice::ConvertContext ctx{"t", 0, 0, false};
  auto st = c->validate(R"({"a":1} trailing)", ctx);
  CHECK(st.code() == sluice::Errc::bad_record);
  CHECK(st.message() == "invalid JSON at byte 10: invalid literal; expected end of input");
  CHECK(c->validate(R"({"big":123456789012345678901234567890})", ctx).is_ok());
}
