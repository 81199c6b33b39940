// base64, exact decimals, float widening, date/time texts.
#include <doctest/doctest.h>

#include <vector>

#include <sluice_values/decimal_text.hpp>

#include "sluice_registry/civil_time.hpp"
#include "sluice_registry/text_values.hpp"

using namespace sluice::registry;

TEST_CASE("base64 with padding") {
  CHECK(base64_encode(std::string_view("")) == "");
  CHECK(base64_encode(std::string_view("f")) == "Zg==");
  CHECK(base64_encode(std::string_view("fo")) == "Zm8=");
  CHECK(base64_encode(std::string_view("foo")) == "Zm9v");
  CHECK(base64_encode(std::string_view("\xff\xfe\x00\x01", 4)) == "//4AAQ==");
}

TEST_CASE("decimals from two's-complement unscaled bytes") {
  std::string err;
  auto dec = [&](std::vector<std::uint8_t> b, int scale) {
    auto r = decimal_from_unscaled(b, scale, err);
    return r ? *r : "error: " + err;
  };
  CHECK(dec({0x30, 0x39}, 2) == "123.45");
  CHECK(dec({0xCF, 0xC7}, 2) == "-123.45");
  CHECK(dec({0x00}, 3) == "0.000");
  CHECK(dec({0x01}, 3) == "0.001");
  CHECK(dec({0x0C}, -2) == "1200");
  // 2^127 - 1 at scale 0: beyond any double's exact range.
  std::vector<std::uint8_t> big(16, 0xFF);
  big[0] = 0x7F;
  CHECK(dec(big, 0) == "170141183460469231731687303715884105727");
  CHECK(dec({}, 2) == "error: empty decimal value (no bytes)");
}

// The shared implementation (plugins/common_values) that the json, avro and protobuf converters
// all call: tested here because common_values has no test folder of its own.
TEST_CASE("shared exact decimal text") {
  std::string err;
  auto dec = [&](std::vector<std::uint8_t> b, std::int32_t scale) {
    err.clear();
    auto r = sluice::values::decimal_from_unscaled(b, scale, err);
    return r ? *r : "error: " + err;
  };
  // Zero: no sign, and the scale's zeros only after the point.
  CHECK(dec({0x00}, 0) == "0");
  CHECK(dec({0x00}, 2) == "0.00");
  CHECK(dec({0x00}, -2) == "0");
  CHECK(dec({0x00, 0x00, 0x00}, 1) == "0.0");
  // Scale 0 and negative scales.
  CHECK(dec({0x7F}, 0) == "127");
  CHECK(dec({0x80}, 0) == "-128");
  CHECK(dec({0x0C}, -3) == "12000");
  CHECK(dec({0xF4}, -1) == "-120");
  // Scale larger than the digits: "0." and padding zeros, negative too.
  CHECK(dec({0x05}, 3) == "0.005");
  CHECK(dec({0xFB}, 4) == "-0.0005");
  CHECK(dec({0x30, 0x39}, 5) == "0.12345");
  // Multi-byte two's complement, including borrows across bytes and a 9-digit chunk edge.
  CHECK(dec({0xFF, 0x00}, 0) == "-256");
  CHECK(dec({0xFF, 0x00, 0x00}, 2) == "-655.36");
  CHECK(dec({0xC4, 0x65, 0x36, 0x00}, 0) == "-1000000000");
  CHECK(dec({0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFD, 0xFB}, 2) == "92233720368547752.91");
  CHECK(dec({0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, 0) == "-9223372036854775808");
  CHECK(dec({0x00, 0xFF}, 1) == "25.5");  // a leading 0x00 keeps the value positive
  // Refusals.
  CHECK(dec({}, 0) == "error: empty decimal value (no bytes)");
  CHECK(dec({0x01}, -1001) ==
        "error: decimal scale -1001 is outside the supported range [-1000, 1000]");
  CHECK(dec(std::vector<std::uint8_t>(sluice::values::kMaxUnscaledBytes + 1, 0x01), 0) ==
        "error: decimal value of 1025 bytes is longer than 1024");
  // The digit form the json converter's number texts go through.
  using sluice::values::format_scaled_decimal;
  CHECK(format_scaled_decimal("000123", true, 1) == "-12.3");
  CHECK(format_scaled_decimal("0", true, 2) == "0.00");
  CHECK(format_scaled_decimal("", false, 0) == "0");
  CHECK(format_scaled_decimal("7", false, -2) == "700");
}

TEST_CASE("floats widen to their shortest text") {
  CHECK(widen_float(1.1f) == 1.1);
  CHECK(widen_float(-0.5f) == -0.5);
  CHECK(widen_float(3.4028235e38f) == 3.4028235e38);
}

TEST_CASE("dates and times") {
  CHECK(format_date(0) == "1970-01-01");
  CHECK(format_date(-1) == "1969-12-31");
  CHECK(format_date(19723) == "2024-01-01");
  CHECK(format_time_micros(45296789000) == "12:34:56.789000");
  CHECK(format_time_micros(0) == "00:00:00");
  CHECK(format_timestamp_micros(1700000000123456) == "2023-11-14 22:13:20.123456");
  CHECK(format_timestamp_micros(-1) == "1969-12-31 23:59:59.999999");
}

TEST_CASE("UTF-8 validation") {
  CHECK(is_valid_utf8("plain"));
  CHECK(is_valid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc3"));              // truncated
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}
