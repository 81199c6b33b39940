// Kafka's TimestampConverterTest, case by case (connect/transforms TimestampConverterTest.java),
// in sluice's value model: Kafka's java.util.Date values are sluice text (Timestamp "YYYY-MM-DD
// HH:MM:SS[.ffffff]", Date "YYYY-MM-DD", Time "HH:MM:SS[.ffffff]"); with a schema the Connect
// schema is in value_schema / key_schema as Kafka's JsonConverter writes it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {

// The test's instants: DATE_PLUS_TIME is 1970-01-02 plus 1234 ms.
constexpr const char* kDatePlusTime = R"("1970-01-02 00:00:01.234000")";
constexpr const char* kDate = R"("1970-01-02")";
constexpr const char* kTime = R"("00:00:01.234000")";
constexpr std::int64_t kDatePlusTimeUnix = 86'401'234;
constexpr const char* kStringFormat = "yyyy MM dd HH mm ss SSS z";
constexpr const char* kDatePlusTimeString = R"("1970 01 02 00 00 01 234 UTC")";

constexpr const char* kTimestampSchema =
    R"({"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1})";
constexpr const char* kDateSchema =
    R"({"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1})";
constexpr const char* kTimeSchema =
    R"({"type":"int32","name":"org.apache.kafka.connect.data.Time","version":1})";
constexpr const char* kInt64Schema = R"({"type":"int64"})";
constexpr const char* kStringSchema = R"({"type":"string"})";

// The schemas Kafka gives the converted value (optional as the original).
std::string out_schema(std::string_view type, bool optional = false) {
  const std::string opt = optional ? "true" : "false";
  if (type == "Timestamp")
    return R"({"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1,"optional":)" +
           opt + "}";
  if (type == "Date")
    return R"({"type":"int32","name":"org.apache.kafka.connect.data.Date","version":1,"optional":)" +
           opt + "}";
  if (type == "Time")
    return R"({"type":"int32","name":"org.apache.kafka.connect.data.Time","version":1,"optional":)" +
           opt + "}";
  if (type == "unix") return R"({"type":"int64","optional":)" + opt + "}";
  return R"({"type":"string","optional":)" + opt + "}";
}

sluice::PluginInstance<sluice::Transform> converter(std::string type, std::string format = "",
                                                    std::string field = "",
                                                    std::string precision = "") {
  Value o{{"target.type", std::move(type)}};
  if (!format.empty()) o["format"] = std::move(format);
  if (!field.empty()) o["field"] = std::move(field);
  if (!precision.empty()) o["unix.precision"] = std::move(precision);
  return make("timestamp_converter", o);
}

Record with_schema(std::string_view schema, std::string_view value) {
  Record r = rec(value);
  r.value_schema = Value::parse(schema);
  return r;
}

/// The value and its schema after `t`, as "<value> <schema>".
std::string value_and_schema(sluice::Transform& t, Record r) {
  auto out = run(t, std::move(r));
  REQUIRE(out.size() == 1);
  return out[0].value.dump() + " " + out[0].value_schema.dump();
}

std::string schemaless(sluice::Transform& t, std::string_view value) {
  return value_and_schema(t, rec(value));
}

std::string optional_schema(std::string_view schema) {
  Value s = Value::parse(schema);
  s["optional"] = true;
  return s.dump();
}

}  // namespace

// ---- configuration ----

TEST_CASE("testConfigNoTargetType") {
  CHECK(config_error("timestamp_converter", Value::object()).find("target.type") !=
        std::string::npos);
}

TEST_CASE("testConfigInvalidTargetType") {
  CHECK(config_error("timestamp_converter", {{"target.type", "invalid"}}) != "");
}

TEST_CASE("testConfigInvalidUnixPrecision / testConfigValidUnixPrecision") {
  CHECK(
      config_error("timestamp_converter", {{"target.type", "unix"}, {"unix.precision", "invalid"}})
          .find("unix.precision") != std::string::npos);
  CHECK(config_error("timestamp_converter",
                     {{"target.type", "unix"}, {"unix.precision", "seconds"}}) == "");
}

TEST_CASE("testConfigMissingFormat") {
  CHECK(config_error("timestamp_converter", {{"target.type", "string"}}) ==
        "option 'format' is required when target.type is string");
}

TEST_CASE("testConfigInvalidFormat") {
  CHECK(config_error("timestamp_converter", {{"target.type", "string"}, {"format", "bad-format"}})
            .find("letter 'b' is not a pattern letter") != std::string::npos);
}

// ---- schemaless, Timestamp to the other types ----

TEST_CASE("testSchemalessIdentity") {
  CHECK(schemaless(*converter("Timestamp"), kDatePlusTime) == std::string(kDatePlusTime) + " null");
}

TEST_CASE("testSchemalessTimestampToDate") {
  CHECK(schemaless(*converter("Date"), kDatePlusTime) == std::string(kDate) + " null");
}

TEST_CASE("testSchemalessTimestampToTime") {
  CHECK(schemaless(*converter("Time"), kDatePlusTime) == std::string(kTime) + " null");
}

TEST_CASE("testSchemalessTimestampToUnix") {
  CHECK(schemaless(*converter("unix"), kDatePlusTime) ==
        std::to_string(kDatePlusTimeUnix) + " null");
}

TEST_CASE("testSchemalessTimestampToString") {
  CHECK(schemaless(*converter("string", kStringFormat), kDatePlusTime) ==
        std::string(kDatePlusTimeString) + " null");
}

// ---- schemaless, the other types to Timestamp ----

TEST_CASE("testSchemalessDateToTimestamp") {
  CHECK(schemaless(*converter("Timestamp"), kDate) == R"("1970-01-02 00:00:00" null)");
}

TEST_CASE("testSchemalessTimeToTimestamp") {
  CHECK(schemaless(*converter("Timestamp"), kTime) == R"("1970-01-01 00:00:01.234000" null)");
}

TEST_CASE("testSchemalessUnixToTimestamp") {
  CHECK(schemaless(*converter("Timestamp"), std::to_string(kDatePlusTimeUnix)) ==
        std::string(kDatePlusTime) + " null");
}

TEST_CASE("testSchemalessStringToTimestamp") {
  CHECK(schemaless(*converter("Timestamp", kStringFormat), kDatePlusTimeString) ==
        std::string(kDatePlusTime) + " null");
}

// ---- with schema, Timestamp to the other types ----

TEST_CASE("testWithSchemaIdentity") {
  CHECK(value_and_schema(*converter("Timestamp"), with_schema(kTimestampSchema, kDatePlusTime)) ==
        std::string(kDatePlusTime) + " " + out_schema("Timestamp"));
}

TEST_CASE("testWithSchemaTimestampToDate") {
  CHECK(value_and_schema(*converter("Date"), with_schema(kTimestampSchema, kDatePlusTime)) ==
        std::string(kDate) + " " + out_schema("Date"));
}

TEST_CASE("testWithSchemaTimestampToTime") {
  CHECK(value_and_schema(*converter("Time"), with_schema(kTimestampSchema, kDatePlusTime)) ==
        std::string(kTime) + " " + out_schema("Time"));
}

TEST_CASE("testWithSchemaTimestampToUnix") {
  CHECK(value_and_schema(*converter("unix"), with_schema(kTimestampSchema, kDatePlusTime)) ==
        std::to_string(kDatePlusTimeUnix) + " " + out_schema("unix"));
}

TEST_CASE("testWithSchemaTimestampToString") {
  CHECK(value_and_schema(*converter("string", kStringFormat),
                         with_schema(kTimestampSchema, kDatePlusTime)) ==
        std::string(kDatePlusTimeString) + " " + out_schema("string"));
}

// ---- with schema, the other types to Timestamp ----

TEST_CASE("testWithSchemaDateToTimestamp") {
  CHECK(value_and_schema(*converter("Timestamp"), with_schema(kDateSchema, kDate)) ==
        R"("1970-01-02 00:00:00" )" + out_schema("Timestamp"));
}

TEST_CASE("testWithSchemaTimeToTimestamp") {
  CHECK(value_and_schema(*converter("Timestamp"), with_schema(kTimeSchema, kTime)) ==
        R"("1970-01-01 00:00:01.234000" )" + out_schema("Timestamp"));
}

TEST_CASE("testWithSchemaUnixToTimestamp") {
  CHECK(value_and_schema(*converter("Timestamp"),
                         with_schema(kInt64Schema, std::to_string(kDatePlusTimeUnix))) ==
        std::string(kDatePlusTime) + " " + out_schema("Timestamp"));
}

TEST_CASE("testWithSchemaStringToTimestamp") {
  CHECK(value_and_schema(*converter("Timestamp", kStringFormat),
                         with_schema(kStringSchema, kDatePlusTimeString)) ==
        std::string(kDatePlusTime) + " " + out_schema("Timestamp"));
}

// ---- null values and fields ----

TEST_CASE("testSchemalessNullValueTo<Type> (value and field)") {
  for (const char* type : {"string", "Date", "Timestamp", "unix", "Time"}) {
    CAPTURE(type);
    CHECK(schemaless(*converter(type, kStringFormat), "null") == "null null");
    CHECK(schemaless(*converter(type, kStringFormat, "ts"), "null") == "null null");
  }
}

TEST_CASE("testWithSchemaNullValueTo<Type> / testWithSchemaNullFieldTo<Type>") {
  for (const char* type : {"Timestamp", "unix", "Time", "Date", "string"})
    for (const char* source :
         {kInt64Schema, kTimeSchema, kDateSchema, kStringSchema, kTimestampSchema}) {
      CAPTURE(type);
      CAPTURE(source);
      const std::string optional = optional_schema(source);
      // The whole value is null.
      CHECK(value_and_schema(*converter(type, kStringFormat), with_schema(optional, "null")) ==
            "null " + out_schema(type, true));
      // A null field of a Struct.
      const std::string in_struct = R"({"type":"struct","fields":[)" +
                                    optional.substr(0, optional.size() - 1) +
                                    R"(,"field":"ts"},{"type":"string","field":"other"}]})";
      Value expected = Value::parse(in_struct);
      Value ts = Value::parse(out_schema(type, true));
      ts["field"] = "ts";
      expected["fields"][0] = ts;
      CHECK(value_and_schema(*converter(type, kStringFormat, "ts"),
                             with_schema(in_struct, R"({"ts":null,"other":"test"})")) ==
            R"({"ts":null,"other":"test"} )" + expected.dump());
      // The whole Struct is null.
      Record null_struct = with_schema(in_struct, "null");
      CHECK(run(*converter(type, kStringFormat, "ts"), null_struct).at(0).value.is_null());
    }
}

// ---- a field instead of the whole key/value ----

TEST_CASE("testSchemalessFieldConversion") {
  CHECK(schemaless(*converter("Date", "", "ts"), R"({"ts":"1970-01-02 00:00:01.234"})") ==
        R"({"ts":"1970-01-02"} null)");
}

const char* kStructTs = R"({"type":"struct","fields":[{"field":"ts","type":"int64"},
  {"field":"other","type":"string"}]})";

std::string ts_field_schema(bool other = true) {
  return R"({"type":"struct","fields":[{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1,"optional":false,"field":"ts"})" +
         std::string(other ? R"(,{"field":"other","type":"string"})" : "") + "]}";
}

TEST_CASE("testWithSchemaFieldConversion") {
  CHECK(value_and_schema(*converter("Timestamp", "", "ts"),
                         with_schema(kStructTs, R"({"ts":86401234,"other":"test"})")) ==
        R"({"ts":"1970-01-02 00:00:01.234000","other":"test"} )" + ts_field_schema());
}

TEST_CASE("testWithSchemaNullFieldWithDefaultConversion") {
  const char* schema = R"({"type":"struct","fields":[
    {"field":"ts","type":"int64","optional":true,"default":0},{"field":"other","type":"string"}]})";
  const std::string ts_schema =
      R"({"type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1,"optional":true,"field":"ts"})";
  auto keep =
      make("timestamp_converter",
           {{"target.type", "Timestamp"}, {"field", "ts"}, {"replace.null.with.default", false}});
  CHECK(value_and_schema(*keep, with_schema(schema, R"({"ts":null,"other":"test"})")) ==
        R"({"ts":null,"other":"test"} {"type":"struct","fields":[)" + ts_schema +
            R"(,{"field":"other","type":"string"}]})");
  // The default (true): the field's default, unix 0, is converted.
  auto conv = make("timestamp_converter", {{"target.type", "Timestamp"}, {"field", "ts"}});
  CHECK(run(*conv, with_schema(schema, R"({"ts":null,"other":"test"})")).at(0).value.dump() ==
        R"({"ts":"1970-01-01 00:00:00","other":"test"})");
}

TEST_CASE("testWithSchemaFieldConversion_Micros / _Nanos / _Seconds") {
  const char* only_ts = R"({"type":"struct","fields":[{"field":"ts","type":"int64"}]})";
  // Kafka's pivot is java.util.Date (milliseconds) and drops the 123 µs; sluice keeps them.
  CHECK(value_and_schema(*converter("Timestamp", "", "ts", "microseconds"),
                         with_schema(only_ts, R"({"ts":86401234123})")) ==
        R"({"ts":"1970-01-02 00:00:01.234123"} )" + ts_field_schema(false));
  CHECK(value_and_schema(*converter("Timestamp", "", "ts", "nanoseconds"),
                         with_schema(only_ts, R"({"ts":86401234123456})")) ==
        R"({"ts":"1970-01-02 00:00:01.234123"} )" + ts_field_schema(false));
  CHECK(value_and_schema(*converter("Timestamp", "", "ts", "seconds"),
                         with_schema(only_ts, R"({"ts":86401})")) ==
        R"({"ts":"1970-01-02 00:00:01"} )" + ts_field_schema(false));
}

TEST_CASE("testSchemalessStringToUnix_Micros / _Nanos / _Seconds") {
  CHECK(schemaless(*converter("unix", kStringFormat, "", "microseconds"), kDatePlusTimeString) ==
        "86401234000 null");
  CHECK(schemaless(*converter("unix", kStringFormat, "", "nanoseconds"), kDatePlusTimeString) ==
        "86401234000000 null");
  CHECK(schemaless(*converter("unix", kStringFormat, "", "seconds"), kDatePlusTimeString) ==
        "86401 null");
}

TEST_CASE("testKey") {
  auto t = make("timestamp_converter", {{"target.type", "Timestamp"}, {"target", "key"}});
  Record r = rec("null");
  r.key = Value::parse(kDatePlusTime);
  auto out = run(*t, std::move(r));
  CHECK(out.at(0).key.dump() == kDatePlusTime);
  CHECK(out.at(0).key_schema.is_null());
}

// ---- behaviours of TimestampConverter.java and SimpleDateFormat the test does not spell out ----

TEST_CASE("every SimpleDateFormat letter is written as Java writes it (UTC, en_US)") {
  // 2019-04-25 15:02:16.123 UTC, a Thursday: day 115, week 17, 4th week of April.
  auto t = converter("string",
                     "G yy yyyy YYYY M MM MMM MMMM L w W D d F E EEEE u a H k K h m s S "
                     "SSS z zzzz Z X XX XXX 'o''clock'");
  CHECK(apply_to(*t, "1556204536123") ==
        R"("AD 19 2019 2019 4 04 Apr April 4 17 4 115 25 4 Thu Thursday 4 PM 15 15 3 3 2 16 123 )"
        R"(123 UTC Coordinated Universal Time +0000 Z Z Z o'clock")");
  // Midnight: k is 24, K 0, h 12; the week of 2019-12-29 is week 1 of week year 2020.
  auto w = converter("string", "YYYY-ww k K h a u");
  CHECK(apply_to(*w, "1577577600000") == R"("2020-01 24 0 12 AM 7")");
}

TEST_CASE("years past 9999 and before year 1, as java.util.Date carries them") {
  auto s = converter("string", "yyyy-MM-dd HH:mm:ss.SSS G");
  CHECK(apply_to(*s, "253402300800000") == R"("10000-01-01 00:00:00.000 AD")");
  // Julian 0001-01-01 (Gregorian 0000-12-30), and the millisecond before it in 1 BC.
  CHECK(apply_to(*s, "-62135769600000") == R"("0001-01-01 00:00:00.000 AD")");
  CHECK(apply_to(*s, "-62135769600001") == R"("0001-12-31 23:59:59.999 BC")");
  // Before 1582-10-15 Java's calendar is Julian: the day before is 1582-10-04.
  CHECK(apply_to(*s, "-12219292800001") == R"("1582-10-04 23:59:59.999 AD")");
  auto u = converter("unix", "yyyy-MM-dd");
  CHECK(apply_to(*u, R"("10000-01-01")") == "253402300800000");
  CHECK(apply_to(*converter("unix"), "253402300800000") == "253402300800000");
  CHECK(apply_to(*converter("Time"), "253402300801500") == R"("00:00:01.500000")");
  // sluice's Date and Timestamp stop at 9999 (StarRocks DATETIME): a bad record.
  CHECK(error_of(*converter("Timestamp"), rec("253402300800000"))
            .find("past the years 0000 to 9999") != std::string::npos);
}

TEST_CASE("parsing is lenient as SimpleDateFormat's default") {
  auto d = converter("Date", "dd/MM/yyyy");
  CHECK(apply_to(*d, R"("31/02/2019")") == R"("2019-03-03")");           // rolls over
  CHECK(apply_to(*d, R"("25/04/2019 trailing")") == R"("2019-04-25")");  // rest ignored
  CHECK(apply_to(*converter("Date", "yyyyMMdd"), R"("20190425")") == R"("2019-04-25")");
  CHECK(apply_to(*converter("Date", "yyyy D"), R"("2019 115")") == R"("2019-04-25")");
  // Two-digit years land within 80 years before and 20 after now.
  CHECK(apply_to(*converter("Date", "dd/MM/yy"), R"("25/04/70")") == R"("1970-04-25")");
  CHECK(apply_to(*converter("Date", "dd/MM/yy"), R"("25/04/19")") == R"("2019-04-25")");
  CHECK(apply_to(*converter("unix", "dd MMM yyyy hh:mm a"), R"("25 april 2019 03:02 PM")") ==
        "1556204520000");
}

TEST_CASE("time zones read by z, Z and X") {
  auto z = converter("unix", "yyyy-MM-dd HH:mm z");
  CHECK(apply_to(*z, R"("2019-04-25 17:02 GMT+02:00")") == "1556204520000");
  CHECK(apply_to(*z, R"("2019-04-25 15:02 UTC")") == "1556204520000");
  CHECK(apply_to(*z, R"("2019-04-25 10:02 -0500")") == "1556204520000");
  auto x = converter("unix", "yyyy-MM-dd'T'HH:mmXXX");
  CHECK(apply_to(*x, R"("2019-04-25T17:02+02:00")") == "1556204520000");
  CHECK(apply_to(*x, R"("2019-04-25T15:02Z")") == "1556204520000");
  CHECK(config_error("timestamp_converter", {{"target.type", "string"}, {"format", "XXXX"}}) != "");
}

TEST_CASE("a schema that is not a timestamp, and strings that do not match") {
  auto t = converter("unix", "", "ts");
  Record r =
      with_schema(R"({"type":"struct","fields":[{"field":"ts","type":"int32"}]})", R"({"ts":5})");
  CHECK(error_of(*t, r).find("schema type 'int32' is not a timestamp") != std::string::npos);
  auto f = converter("unix", "dd/MM/yyyy");
  CHECK(error_of(*f, rec(R"("yesterday")")) ==
        "bad_record: timestamp_converter: the record value: \"yesterday\" does not match pattern "
        "'dd/MM/yyyy' and is not a date, time or timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])");
  // Schemaless, a missing field is written as null (Kafka puts the converted null).
  CHECK(apply_to(*converter("unix", "", "ts"), R"({"a":1})") == R"({"a":1,"ts":null})");
}
