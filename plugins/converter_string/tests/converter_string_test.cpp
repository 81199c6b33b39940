#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

#include "utf8.hpp"

using sluice::Value;
using sluice::string_converter::first_invalid_utf8;

namespace {
std::string error_of(sluice::Converter& c, std::string_view bytes) {
  Value v, s;
  auto st = c.convert(bytes, sluice::ConvertContext{"t", 0, 0, false}, v, s);
  CHECK(st.code() == sluice::Errc::bad_record);
  CHECK(v.is_null());
  return st.message();
}
}  // namespace

TEST_CASE("string converter: the bytes become one string value with a string schema") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("string");
  Value schema;
  CHECK(sluice::testing::convert(*c, "hello, wörld \xF0\x9F\x98\x80", &schema) ==
        "hello, wörld \xF0\x9F\x98\x80");
  CHECK(schema.dump() == R"({"type":"string","optional":true})");
  CHECK(sluice::testing::convert(*c, "") == "");
  CHECK(sluice::testing::convert(*c, R"({"not":"parsed"})") == R"({"not":"parsed"})");
  CHECK(sluice::testing::convert(*c, std::string_view("a\0b", 3)) == std::string("a\0b", 3));
  CHECK_FALSE(c->can_pass_through());
}

TEST_CASE("string converter: invalid UTF-8 is a bad record naming the byte offset") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("string");
  CHECK(error_of(*c, "\xff") == "invalid UTF-8 at byte 0");
  CHECK(error_of(*c, "0123456789abcdef\xC3") ==
        "invalid UTF-8 at byte 16");                                   // truncated at the end
  CHECK(error_of(*c, "ok \xC0\xAF") == "invalid UTF-8 at byte 3");     // overlong '/'
  CHECK(error_of(*c, "ab\xED\xA0\x80") == "invalid UTF-8 at byte 2");  // a surrogate
}

TEST_CASE("string converter options") {
  sluice::testing::Harness h(PLUGIN_FILE);
  CHECK_NOTHROW(h.converter("string", {{"encoding", "UTF-8"}}));
  CHECK_THROWS_WITH_AS(h.converter("string", {{"encoding", "ISO-8859-1"}}),
                       "option 'encoding' = \"ISO-8859-1\" is not one of: UTF-8",
                       std::invalid_argument);
}

TEST_CASE("UTF-8 validation follows RFC 3629") {
  CHECK_FALSE(first_invalid_utf8("").has_value());
  CHECK_FALSE(first_invalid_utf8("plain ascii text that is longer than eight bytes").has_value());
  CHECK_FALSE(first_invalid_utf8("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90"
                                 "\x80\x80\xF4\x8F\xBF\xBF")
                  .has_value());
  CHECK(first_invalid_utf8("\x80") == 0u);              // lone continuation
  CHECK(first_invalid_utf8("\xC1\xBF") == 0u);          // overlong 2-byte
  CHECK(first_invalid_utf8("\xE0\x9F\xBF") == 0u);      // overlong 3-byte
  CHECK(first_invalid_utf8("\xF0\x8F\xBF\xBF") == 0u);  // overlong 4-byte
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0u);  // above U+10FFFF
  CHECK(first_invalid_utf8("\xF5\x80\x80\x80") == 0u);
  CHECK(first_invalid_utf8("abcdefgh\xE2\x82") == 8u);  // truncated after a fast ASCII block
  CHECK(first_invalid_utf8("abc\xE2\x28\xA1") == 3u);   // bad continuation
  CHECK(first_invalid_utf8("\xC3\xA9\xC3\xA9\xC3") == 4u);
}
