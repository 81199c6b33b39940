// The pure conversion functions, called directly.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "base64.hpp"
#include "civil_time.hpp"
#include "connect_logical.hpp"
#include "debezium_types.hpp"
#include "decimal.hpp"
#include "geometry.hpp"
#include "logical_types.hpp"

using namespace sluice::json_converter;

TEST_CASE("civil dates round-trip over ±2 million days and match known dates") {
  for (std::int64_t d = -2000000; d <= 2000000; d += 7) {
    const CivilDate c = civil_from_days(d);
    REQUIRE(days_from_civil(c.year, c.month, c.day) == d);
  }
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 2, 29) == 11016);
  CHECK(days_from_civil(1600, 3, 1) == -135080);
  CHECK(format_date(-135080) == "1600-03-01");
  CHECK(format_date(-135081) == "1600-02-29");
  CHECK(format_date(-719163) == "0000-12-31");
  CHECK(format_date(-719528) == "0000-01-01");
  CHECK(format_date(-719529) == "-0001-12-31");
  CHECK(format_date(2932897) == "10000-01-01");
  CHECK(format_date(days_from_civil(1900, 2, 28) + 1) == "1900-03-01");  // 1900 is not a leap year
}

TEST_CASE("times and timestamps") {
  CHECK(format_time_micros(0) == "00:00:00");
  CHECK(format_time_micros(1) == "00:00:00.000001");
  CHECK(format_time_micros(kMicrosPerDay - 1) == "23:59:59.999999");
  CHECK(format_time_micros(-1) == "-00:00:00.000001");
  CHECK(format_timestamp_micros(-1) == "1969-12-31 23:59:59.999999");
  CHECK(format_timestamp_micros(INT64_MIN) == "-290308-12-21 19:59:05.224192");
  CHECK(format_timestamp_micros(INT64_MAX) == "294247-01-10 04:00:54.775807");
  CHECK(connect_time(-1).error() == "time of -1 ms is not within a day (0 to 86399999)");
  CHECK(connect_timestamp(INT64_MAX).error() ==
        "timestamp of 9223372036854775807 ms is out of range");
  CHECK(debezium_time(-1, TimeUnit::nanos).value() == "-00:00:00.000001");
  CHECK(debezium_timestamp(999, TimeUnit::nanos).value() == "1970-01-01 00:00:00");
}

TEST_CASE("decimal from two's-complement bytes") {
  auto dec = [](std::vector<std::uint8_t> b, std::int32_t scale) {
    return decimal_from_unscaled(b, scale).value();
  };
  CHECK(dec({0x00}, 0) == "0");
  CHECK(dec({0x00}, 3) == "0.000");
  CHECK(dec({0x00}, -3) == "0");
  CHECK(dec({0x7F}, 0) == "127");
  CHECK(dec({0x80}, 0) == "-128");
  CHECK(dec({0xFF, 0x7F}, 0) == "-129");
  CHECK(dec({0xFF, 0xFF, 0xFF}, 5) == "-0.00001");
  CHECK(dec({0x00, 0x00, 0x30, 0x39}, 1) == "1234.5");  // leading zero bytes are harmless
  CHECK(dec({0x30, 0x39}, 7) == "0.0012345");
  CHECK(dec({0x30, 0x39}, -2) == "1234500");
  // 2^255 - 1 and -2^255: 77 digits.
  std::vector<std::uint8_t> max(32, 0xFF), min(32, 0x00);
  max[0] = 0x7F;
  min[0] = 0x80;
  CHECK(dec(max, 0) ==
        "57896044618658097711785492504343953926634992332820282019728792003956564819967");
  CHECK(dec(min, 77) ==
        "-0.57896044618658097711785492504343953926634992332820282019728792003956564819968");
  CHECK(decimal_from_unscaled({}, 0).error() == "empty decimal value (no bytes)");
  CHECK(decimal_from_unscaled(max, 1001).error() ==
        "decimal scale 1001 is outside the supported range [-1000, 1000]");
  std::vector<std::uint8_t> huge(kMaxUnscaledBytes + 1, 1);
  CHECK(decimal_from_unscaled(huge, 0).error() ==
        "decimal value of 1025 bytes is longer than 1024");
}

TEST_CASE("decimal from number text") {
  CHECK(decimal_from_number_text("0", 2).value() == "0.00");
  CHECK(decimal_from_number_text("-0.0", 1).value() == "0.0");
  CHECK(decimal_from_number_text("-0.5", 1).value() == "-0.5");
  CHECK(decimal_from_number_text("12.3400", 2).value() == "12.34");
  CHECK(decimal_from_number_text("1e-2", 2).value() == "0.01");
  CHECK(decimal_from_number_text("12.5E1", 0).value() == "125");
  CHECK(decimal_from_number_text("0.000", 0).value() == "0");
  CHECK(decimal_from_number_text("1500", -2).value() == "1500");
  CHECK(decimal_from_number_text("1550", -2).error() ==
        "'1550' has more than -2 decimal places (the schema's scale)");
  CHECK(decimal_from_number_text("12.345", 2).error() ==
        "'12.345' has more than 2 decimal places (the schema's scale)");
  CHECK(decimal_from_number_text("1e", 2).error() == "'1e' is not a decimal number");
  CHECK(decimal_from_number_text("abc", 2).error() == "'abc' is not a decimal number");
  CHECK(decimal_from_number_text("1e999999", 2).error() ==
        "'1e999999' has an exponent out of range");
  CHECK(decimal_from_number_text("0e999999", 2).error() ==
        "'0e999999' has an exponent out of range");
  CHECK(decimal_from_number_text("1e-99999", 2).error() ==
        "'1e-99999' has more than 2 decimal places (the schema's scale)");
}

TEST_CASE("decimal scale parameter") {
  CHECK(decimal_scale({{"scale", "3"}}).value() == 3);
  CHECK(decimal_scale({{"scale", -2}}).value() == -2);
  CHECK(decimal_scale({{"scale", "x"}}).error() == "the 'scale' parameter \"x\" is not an integer");
  CHECK(decimal_scale({{"scale", "99999999999"}}).error() ==
        "the 'scale' parameter 99999999999 is out of range");
  CHECK(decimal_scale(sluice::Value()).error() == "the schema has no 'scale' parameter");
}

TEST_CASE("base64") {
  auto text = [](std::string_view b64) {
    auto d = base64_decode(b64);
    REQUIRE(d.ok());
    return std::string(d.value().begin(), d.value().end());
  };
  CHECK(text("") == "");
  CHECK(text("aGVsbG8=") == "hello");
  CHECK(text("aGVsbG8") == "hello");
  CHECK(text("aGk+Pz8/") == "hi>???");
  CHECK(base64_decode("aGVsbG8==").error() == "invalid base64: bad padding at character 7");
  CHECK(base64_decode("aG=sbG8=").error() == "invalid base64: unexpected character at 2");
  CHECK(base64_decode("aGVsb").error() == "invalid base64: truncated at character 4");
  CHECK(base64_decode("a-_b").error() == "invalid base64: unexpected character at 1");
}

TEST_CASE("ISO-8601 zoned values") {
  CHECK(debezium_zoned_timestamp("2021-03-04T05:06:07+0200").value() == "2021-03-04 03:06:07");
  CHECK(debezium_zoned_timestamp("2021-03-04T05:06:07-03").value() == "2021-03-04 08:06:07");
  CHECK(debezium_zoned_timestamp("2021-03-04T05:06Z").value() == "2021-03-04 05:06:00");
  CHECK(debezium_zoned_timestamp("2021-03-04T05:06:07.123456789Z").value() ==
        "2021-03-04 05:06:07.123456");
  CHECK(debezium_zoned_timestamp("1900-01-01T00:00:00+01:00").value() == "1899-12-31 23:00:00");
  CHECK(debezium_zoned_timestamp("+10000-01-01T00:00:00Z").value() == "10000-01-01 00:00:00");
  CHECK(debezium_zoned_timestamp("-0001-06-01T00:00:00Z").value() == "-0001-06-01 00:00:00");
  for (const char* bad :
       {"", "2021-03-04", "2021-03-04T05:06:07", "2021-13-01T00:00:00Z", "2021-04-31T00:00:00Z",
        "2021-03-04T24:00:00Z", "2021-03-04T05:06:07+19:00", "2021-03-04T05:06:07.Z",
        "2021-03-04T05:06:07Zjunk", "21-03-04T05:06:07Z", "2021-03-04T05:06:07.1234567890Z"})
    CHECK_MESSAGE(!debezium_zoned_timestamp(bad).ok(), bad);
  CHECK(debezium_zoned_time("00:30:00+01:00").value() == "23:30:00");
  CHECK(debezium_zoned_time("23:30:00.25-01:00").value() == "00:30:00.250000");
  CHECK(debezium_zoned_time("10:00").error() == "\"10:00\" is not an ISO-8601 time with offset");
}

TEST_CASE("logical type dispatch leaves unknown names alone") {
  CHECK_FALSE(apply_logical_type("io.debezium.time.Year", 2024).has_value());
  CHECK_FALSE(apply_logical_type("io.debezium.data.Json", "{}").has_value());
  CHECK(apply_logical_type("io.debezium.time.Date", 1)->value() == "1970-01-02");
  CHECK(apply_logical_type("io.debezium.time.ZonedTime", 1)->error() ==
        "this logical type needs a string schema type");
  CHECK(connect_decimal("MDk=", {{"scale", "2"}}).value() == "123.45");
  CHECK(connect_decimal(5, {{"scale", "1"}}).value() == "5.0");
}

namespace {

/// Builds WKB by hand: byte order, type code, then 32-bit counts and 64-bit coordinates.
struct Wkb {
  bool little = true;
  std::vector<std::uint8_t> bytes;

  Wkb& header(std::uint32_t code) {
    bytes.push_back(little ? 1 : 0);
    return u32(code);
  }
  Wkb& u32(std::uint32_t v) {
    for (int k = 0; k < 4; ++k) bytes.push_back(byte_of(v, k, 4));
    return *this;
  }
  Wkb& f64(double d) {
    std::uint64_t v = 0;
    std::memcpy(&v, &d, sizeof v);
    for (int k = 0; k < 8; ++k) bytes.push_back(byte_of(v, k, 8));
    return *this;
  }
  Wkb& xy(double x, double y) { return f64(x).f64(y); }

 private:
  std::uint8_t byte_of(std::uint64_t v, int k, int n) const {
    return static_cast<std::uint8_t>(v >> (8 * (little ? k : n - 1 - k)));
  }
};

std::string wkt(const Wkb& w) {
  auto r = wkb_to_wkt(w.bytes);
  return r ? r.value() : "error: " + r.error();
}

}  // namespace

TEST_CASE("WKB to WKT: every geometry type, both byte orders, Z/M, EWKB's SRID") {
  CHECK(wkt(Wkb{}.header(1).xy(1, 2)) == "POINT (1 2)");
  CHECK(wkt(Wkb{false, {}}.header(1).xy(-1.5, 2.25)) == "POINT (-1.5 2.25)");
  CHECK(wkt(Wkb{}.header(1).xy(NAN, NAN)) == "POINT EMPTY");
  CHECK(wkt(Wkb{}.header(2).u32(2).xy(0, 0).xy(1, 1)) == "LINESTRING (0 0, 1 1)");
  CHECK(wkt(Wkb{}.header(2).u32(0)) == "LINESTRING EMPTY");
  CHECK(wkt(Wkb{}
                .header(3)
                .u32(2)
                .u32(4)
                .xy(0, 0)
                .xy(4, 0)
                .xy(0, 4)
                .xy(0, 0)
                .u32(4)
                .xy(1, 1)
                .xy(2, 1)
                .xy(1, 2)
                .xy(1, 1)) == "POLYGON ((0 0, 4 0, 0 4, 0 0), (1 1, 2 1, 1 2, 1 1))");
  CHECK(wkt(Wkb{}.header(4).u32(2).header(1).xy(1, 2).header(1).xy(3, 4)) ==
        "MULTIPOINT ((1 2), (3 4))");
  CHECK(wkt(Wkb{}.header(5).u32(1).header(2).u32(2).xy(0, 0).xy(1, 1)) ==
        "MULTILINESTRING ((0 0, 1 1))");
  CHECK(wkt(Wkb{}.header(6).u32(1).header(3).u32(1).u32(4).xy(0, 0).xy(1, 0).xy(0, 1).xy(0, 0)) ==
        "MULTIPOLYGON (((0 0, 1 0, 0 1, 0 0)))");
  CHECK(wkt(Wkb{}.header(7).u32(2).header(1).xy(1, 2).header(2).u32(2).xy(0, 0).xy(1, 1)) ==
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))");
  CHECK(wkt(Wkb{}.header(1001).xy(1, 2).f64(3)) == "POINT Z (1 2 3)");
  CHECK(wkt(Wkb{}.header(3001).xy(1, 2).f64(3).f64(4)) == "POINT ZM (1 2 3 4)");
  CHECK(wkt(Wkb{}.header(0x80000001u).xy(1, 2).f64(3)) == "POINT Z (1 2 3)");
  CHECK(wkt(Wkb{}.header(0x20000001u).u32(4326).xy(10.5, -3)) == "POINT (10.5 -3)");
  CHECK(wkt(Wkb{}.header(1).f64(1)) == "error: invalid WKB: truncated");
  CHECK(wkt(Wkb{}.header(9).xy(1, 2)) == "error: invalid WKB: unknown geometry type 9");
  CHECK(wkt(Wkb{}.header(1).xy(1, 2).u32(0)) == "error: invalid WKB: data after the geometry");
  CHECK(wkt(Wkb{}.header(2).u32(0x7fffffff)) == "error: invalid WKB: truncated");
}

TEST_CASE("Debezium Point and Geometry structs") {
  CHECK(
      debezium_point(sluice::Value::parse(R"({"x":1.5,"y":-2,"wkb":null,"srid":null})")).value() ==
      "POINT (1.5 -2)");
  CHECK(debezium_point(sluice::Value::parse(R"({"y":1})")).error() ==
        "a Point needs numbers 'x' and 'y'");
  // POINT (1 1), little endian, base64.
  CHECK(debezium_geometry(
            sluice::Value::parse(R"({"wkb":"AQEAAAAAAAAAAADwPwAAAAAAAPA/","srid":4326})"))
            .value() == "POINT (1 1)");
  CHECK(debezium_geometry(sluice::Value::parse(R"({"srid":1})")).error() ==
        "field 'wkb' is missing or not a base64 string");
}

TEST_CASE("Debezium Bits: least significant byte first") {
  CHECK(debezium_bits("Bw==", 3).value() == 7);     // b'111'
  CHECK(debezium_bits("AAE=", 16).value() == 256);  // {0x00, 0x01}
  CHECK(debezium_bits("//////////8=", 64).value() == UINT64_MAX);
  // 9 bytes {1, 0, ..., 0, 0x80}: bits 0 and 71 set; more than 64 bits become binary digits.
  CHECK(debezium_bits("AQAAAAAAAACA", 72).value() == "1" + std::string(70, '0') + "1");
  CHECK(debezium_bits("AQAAAAAAAACA", 70).value() == std::string(69, '0') + "1");
  CHECK(debezium_bits("*", 1).error() == "invalid base64: unexpected character at 0");
}
