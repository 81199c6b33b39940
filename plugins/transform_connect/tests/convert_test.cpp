// cast and timestamp_converter. Examples from Kafka's / Confluent's documentation of each SMT.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {
std::string cast1(const char* spec, std::string_view value) {
  return apply_to(*make("cast", {{"spec", spec}}), value);
}
std::string cast_error(const char* spec, std::string_view value) {
  return error_of(*make("cast", {{"spec", spec}}), rec(value));
}
}  // namespace

TEST_CASE("cast: the whole value (documentation example)") {
  CHECK(cast1("string", "63521704.02") == R"("63521704.02")");
  CHECK(cast1("int32", R"("42")") == "42");
  CHECK(cast1("boolean", "null") == "null");
  CHECK(cast_error("int8", "1000") ==
        "bad_record: cast: the record value: 1000 is out of range for int8 [-128, 127]");
}

TEST_CASE("cast: field:type pairs (documentation example)") {
  CHECK(cast1("ID:string,score:float64", R"({"ID":46920,"score":4761})") ==
        R"({"ID":"46920","score":4761.0})");
  SUBCASE("fields not in the spec, missing fields and nulls are left alone") {
    CHECK(cast1("a:int32,missing:int8", R"({"a":null,"b":"x"})") == R"({"a":null,"b":"x"})");
  }
}

TEST_CASE("cast: integer types, ranges and parsing") {
  CHECK(cast1("a:int8", R"({"a":-128})") == R"({"a":-128})");
  CHECK(cast_error("a:int8", R"({"a":128})") ==
        "bad_record: cast: field 'a': 128 is out of range for int8 [-128, 127]");
  CHECK(cast1("a:int16", R"({"a":"-32768"})") == R"({"a":-32768})");
  CHECK(cast_error("a:int16", R"({"a":40000})") ==
        "bad_record: cast: field 'a': 40000 is out of range for int16 [-32768, 32767]");
  CHECK(cast1("a:int32", R"({"a":3.9})") == R"({"a":3})");
  CHECK(cast1("a:int32", R"({"a":-3.9})") == R"({"a":-3})");
  CHECK(cast_error("a:int32", R"({"a":3000000000})") ==
        "bad_record: cast: field 'a': 3000000000 is out of range for int32 [-2147483648, "
        "2147483647]");
  CHECK(cast1("a:int64", R"({"a":"9223372036854775807"})") == R"({"a":9223372036854775807})");
  CHECK(cast_error("a:int64", R"({"a":"9223372036854775808"})") ==
        "bad_record: cast: field 'a': \"9223372036854775808\" is out of range for int64 "
        "[-9223372036854775808, 9223372036854775807]");
  CHECK(cast_error("a:int64", R"({"a":18446744073709551615})") ==
        "bad_record: cast: field 'a': 18446744073709551615 is out of range for int64 "
        "[-9223372036854775808, 9223372036854775807]");
  // A decimal (exact string in sluice) is truncated, as Kafka casts a Decimal.
  CHECK(cast1("a:int64", R"({"a":"12345678901234567.89"})") == R"({"a":12345678901234567})");
  CHECK(cast1("a:int32", R"({"a":"1e3"})") == R"({"a":1000})");
  CHECK(cast1("a:int32,b:int32", R"({"a":true,"b":false})") == R"({"a":1,"b":0})");
  CHECK(cast_error("a:int32", R"({"a":"abc"})") ==
        "bad_record: cast: field 'a': \"abc\" is not a number");
  CHECK(cast_error("a:int32", R"({"a":{"x":1}})") ==
        "bad_record: cast: field 'a': cannot cast object to int32");
}

TEST_CASE("cast: float32, float64, boolean, string") {
  CHECK(cast1("a:float32", R"({"a":1.1})") == R"({"a":1.1})");
  CHECK(cast1("a:float32", R"({"a":16777217})") == R"({"a":16777216.0})");
  CHECK(cast_error("a:float32", R"({"a":3.5e39})") ==
        "bad_record: cast: field 'a': 3.5e+39 is out of range for float32");
  CHECK(cast1("a:float64", R"({"a":"2.5"})") == R"({"a":2.5})");
  CHECK(cast_error("a:float64", R"({"a":"2.5x"})") ==
        "bad_record: cast: field 'a': \"2.5x\" is not a number");
  CHECK(
      cast1("a:boolean,b:boolean,c:boolean,d:boolean", R"({"a":0,"b":2,"c":"TRUE","d":"false"})") ==
      R"({"a":false,"b":true,"c":true,"d":false})");
  CHECK(cast_error("a:boolean", R"({"a":"yes"})") ==
        "bad_record: cast: field 'a': \"yes\" is not a boolean (true or false)");
  CHECK(
      cast1("a:string,b:string,c:string,d:string", R"({"a":true,"b":1.5,"c":-7,"d":{"x":[1]}})") ==
      R"({"a":"true","b":"1.5","c":"-7","d":"{\"x\":[1]}"})");
}

TEST_CASE("cast: spec errors and target=key") {
  CHECK(config_error("cast", {{"spec", "a:int3"}}) ==
        "option 'spec': entry 'a:int3' has unknown type 'int3'; expected int8, int16, int32, "
        "int64, float32, float64, boolean or string");
  CHECK(config_error("cast", {{"spec", "int32,a:string"}}) ==
        "option 'spec': entry 'int32' needs field:type (a lone type casts the whole value and "
        "must be the only entry)");
  CHECK(config_error("cast", {{"spec", ""}}) == "option 'spec' is empty");
  auto k = make("cast", {{"spec", "int64"}, {"target", "key"}});
  Record r = rec(R"({"v":"1"})");
  r.key = "42";
  auto out = run(*k, r);
  CHECK(out.at(0).key.dump() == "42");
  CHECK(out.at(0).value.dump() == R"({"v":"1"})");
}

namespace {
std::string convert(const Value& options, std::string_view value) {
  return apply_to(*make("timestamp_converter", options), value);
}
}  // namespace

TEST_CASE("timestamp_converter: unix to string with format (documentation example)") {
  // Kafka's documentation prints "2014-04-25" for this input; 1556204536000 is 2019-04-25.
  CHECK(convert({{"target.type", "string"}, {"format", "yyyy-MM-dd"}}, "1556204536000") ==
        R"("2019-04-25")");
  CHECK(config_error("timestamp_converter", {{"target.type", "string"}}) ==
        "option 'format' is required when target.type is string");
}

TEST_CASE("timestamp_converter: field and each target.type") {
  const char* v = R"({"id":1,"ts":1556204536123})";
  CHECK(convert({{"field", "ts"}, {"target.type", "Timestamp"}}, v) ==
        R"({"id":1,"ts":"2019-04-25 15:02:16.123000"})");
  CHECK(convert({{"field", "ts"}, {"target.type", "Date"}}, v) == R"({"id":1,"ts":"2019-04-25"})");
  CHECK(convert({{"field", "ts"}, {"target.type", "Time"}}, v) ==
        R"({"id":1,"ts":"15:02:16.123000"})");
  CHECK(convert({{"field", "ts"}, {"target.type", "unix"}}, v) == v);
  CHECK(
      convert(
          {{"field", "ts"}, {"target.type", "string"}, {"format", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"}},
          v) == R"({"id":1,"ts":"2019-04-25T15:02:16.123Z"})");
  CHECK(convert(
            {{"field", "ts"}, {"target.type", "string"}, {"format", "EEE, dd MMM yyyy hh:mm a Z"}},
            v) == R"({"id":1,"ts":"Thu, 25 Apr 2019 03:02 PM +0000"})");
  CHECK(convert(
            {{"field", "ts"}, {"target.type", "string"}, {"format", "EEEE d MMMM yy, H'h' ''m''"}},
            v) == R"({"id":1,"ts":"Thursday 25 April 19, 15h '2'"})");
  SUBCASE("a missing field is written as null, a null stays null") {
    CHECK(convert({{"field", "ts"}, {"target.type", "Date"}}, R"({"id":1})") ==
          R"({"id":1,"ts":null})");
    CHECK(convert({{"field", "ts"}, {"target.type", "Date"}}, R"({"ts":null})") ==
          R"({"ts":null})");
  }
}

TEST_CASE("timestamp_converter: sluice Date / Time / Timestamp values in, unix out") {
  const Value unix_ms = {{"target.type", "unix"}};
  CHECK(convert(unix_ms, R"("2019-04-25 15:02:16.123")") == "1556204536123");
  CHECK(convert(unix_ms, R"("2019-04-25")") == "1556150400000");
  CHECK(convert(unix_ms, R"("00:00:01.5")") == "1500");
  CHECK(convert({{"target.type", "unix"}, {"unix.precision", "seconds"}},
                R"("2019-04-25 15:02:16.999")") == "1556204536");
  CHECK(convert({{"target.type", "unix"}, {"unix.precision", "microseconds"}},
                R"("2019-04-25 15:02:16.123456")") == "1556204536123456");
  CHECK(convert({{"target.type", "unix"}, {"unix.precision", "nanoseconds"}},
                R"("2019-04-25 15:02:16.123456")") == "1556204536123456000");
}

TEST_CASE("timestamp_converter: unix.precision on input") {
  CHECK(convert({{"target.type", "Timestamp"}, {"unix.precision", "seconds"}}, "1556204536") ==
        R"("2019-04-25 15:02:16")");
  CHECK(convert({{"target.type", "Timestamp"}, {"unix.precision", "microseconds"}},
                "1556204536123456") == R"("2019-04-25 15:02:16.123456")");
  CHECK(convert({{"target.type", "Timestamp"}, {"unix.precision", "nanoseconds"}},
                "1556204536123456789") == R"("2019-04-25 15:02:16.123456")");
  CHECK(convert({{"target.type", "Timestamp"}}, "-1") == R"("1969-12-31 23:59:59.999000")");
}

TEST_CASE("timestamp_converter: strings read with format") {
  CHECK(convert({{"target.type", "Timestamp"}, {"format", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"}},
                R"("2019-04-25T17:02:16.123+02:00")") == R"("2019-04-25 15:02:16.123000")");
  CHECK(convert({{"target.type", "Timestamp"}, {"format", "yyyyMMddHHmmss"}},
                R"("20190425150216")") == R"("2019-04-25 15:02:16")");
  CHECK(convert({{"target.type", "Date"}, {"format", "dd/MM/yyyy"}}, R"("25/04/2019")") ==
        R"("2019-04-25")");
  CHECK(convert({{"target.type", "unix"}, {"format", "dd MMM yyyy hh:mm a"}},
                R"("25 Apr 2019 03:02 PM")") == "1556204520000");
  // A sluice Timestamp is read even when a format is set (the format is for the output).
  CHECK(convert({{"target.type", "string"}, {"format", "dd/MM/yyyy"}},
                R"("2019-04-25 15:02:16")") == R"("25/04/2019")");
}

TEST_CASE("timestamp_converter: bad records and bad formats") {
  auto t = make("timestamp_converter",
                {{"field", "ts"}, {"target.type", "Date"}, {"format", "dd/MM/yyyy"}});
  CHECK(error_of(*t, rec(R"({"ts":"31/02/2019"})")) ==
        "bad_record: timestamp_converter: field 'ts': \"31/02/2019\" is not in format "
        "'dd/MM/yyyy' nor a date, time or timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])");
  CHECK(error_of(*t, rec(R"({"ts":true})")) ==
        "bad_record: timestamp_converter: field 'ts': expected a unix time (integer) or a "
        "date/time string, found boolean");
  CHECK(error_of(*t, rec(R"({"ts":253402300800000})")) ==
        "bad_record: timestamp_converter: field 'ts': 253402300800000 is out of range (years "
        "0000 to 9999)");
  CHECK(error_of(*t, rec(R"({"ts":"10000-01-01"})")).find("is not in format") != std::string::npos);
  CHECK(error_of(*t, rec(R"("x")")) ==
        "bad_record: timestamp_converter: the record value must be an object (a Kafka Struct or "
        "Map), found string");
  CHECK(config_error("timestamp_converter", {{"target.type", "string"}, {"format", "yyyy G"}}) ==
        "option 'format': pattern letter 'G' is not supported (supported: y M d H h m s S E a X Z "
        "and 'quoted' literals)");
  CHECK(config_error("timestamp_converter", {{"target.type", "string"}, {"format", "yyyy'T"}}) ==
        "option 'format': unterminated quote in 'yyyy'T'");
  CHECK(
      config_error("timestamp_converter", {{"target.type", "date"}}).find("did you mean 'Date'") !=
      std::string::npos);
}

TEST_CASE("timestamp_converter target=key") {
  auto k = make("timestamp_converter", {{"target.type", "Date"}, {"target", "key"}});
  Record r = rec("1556204536000");
  r.key = 1556204536000;
  auto out = run(*k, r);
  CHECK(out.at(0).key.dump() == R"("2019-04-25")");
  CHECK(out.at(0).value.dump() == "1556204536000");
}
