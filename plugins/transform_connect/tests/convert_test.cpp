// timestamp_converter. Examples from Kafka's / Confluent's documentation (cast:
// cast_conformance_test.cpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

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
  CHECK(error_of(*t, rec(R"({"ts":"02-31-2019"})")) ==
        "bad_record: timestamp_converter: field 'ts': \"02-31-2019\" does not match pattern "
        "'dd/MM/yyyy' and is not a date, time or timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])");
  CHECK(error_of(*t, rec(R"({"ts":true})")) ==
        "bad_record: timestamp_converter: field 'ts': expected a unix time (integer) or a "
        "date/time string, found boolean");
  CHECK(error_of(*t, rec(R"({"ts":253402300800000})")) ==
        "bad_record: timestamp_converter: field 'ts': 253402300800000 is past the years 0000 to "
        "9999 that a Date holds in StarRocks (target.type string or unix can carry it)");
  CHECK(error_of(*t, rec(R"("x")")) ==
        "bad_record: timestamp_converter: the record value must be an object (a Kafka Struct or "
        "Map), found string");
  CHECK(config_error("timestamp_converter",
                     {{"target.type", "string"}, {"format", "yyyy-mm-dd T"}}) ==
        "option 'format': 'yyyy-mm-dd T' is not a SimpleDateFormat pattern: letter 'T' is not a "
        "pattern letter (quote literal text: 'T')");
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
