// Kafka's CastTest, case by case (connect/transforms CastTest.java), in sluice's value model:
// logical values are sluice text (Date "YYYY-MM-DD", Timestamp "YYYY-MM-DD HH:MM:SS[.ffffff]",
// Decimal exact text) with the Connect schema in value_schema.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {

Record with_schema(std::string_view value, std::string_view schema) {
  Record r = rec(value);
  r.value_schema = Value::parse(schema);
  return r;
}

std::string cast_whole(std::string_view type, std::string_view json) {
  auto t = make("cast", Value{{"spec", std::string(type)}});
  return apply_to(*t, json);
}

}  // namespace

TEST_CASE("testConfigEmpty / testConfigInvalidTargetType / testConfigInvalidMap") {
  CHECK(config_error("cast", Value{{"spec", ""}}) != "");
  CHECK(config_error("cast", Value{{"spec", "foo:faketype"}}).find("faketype") !=
        std::string::npos);
  CHECK(config_error("cast", Value{{"spec", "foo:int8:extra"}}) != "");
}

TEST_CASE("testUnsupportedTargetType") {
  CHECK(config_error("cast", Value{{"spec", "foo:bytes"}}).find("bytes") != std::string::npos);
}

TEST_CASE("testConfigMixWholeAndFieldTransformation") {
  CHECK(config_error("cast", Value{{"spec", "foo:int8,int32"}}) != "");
}

TEST_CASE("castNullValueRecordSchemaless / castNullKeyRecordSchemaless") {
  CHECK(cast_whole("int8", "null") == "null");
  auto t = make("cast", Value{{"spec", "int8"}, {"target", "key"}});
  auto out = run(*t, rec("{}"));
  CHECK(out[0].key.is_null());
}

TEST_CASE("castWholeRecordKeySchemaless") {
  auto t = make("cast", Value{{"spec", "int8"}, {"target", "key"}});
  Record r = rec("{}");
  r.key = 42;
  CHECK(run(*t, std::move(r))[0].key.dump() == "42");
}

TEST_CASE("castWholeRecordValueSchemaless<Type>") {
  CHECK(cast_whole("int8", "42") == "42");
  CHECK(cast_whole("int16", "42") == "42");
  CHECK(cast_whole("int32", "42") == "42");
  CHECK(cast_whole("int64", "42") == "42");
  CHECK(cast_whole("float32", "42") == "42.0");
  CHECK(cast_whole("float64", "42") == "42.0");
  CHECK(cast_whole("boolean", "42") == "true");
  CHECK(cast_whole("boolean", "0") == "false");
  CHECK(cast_whole("string", "42") == "\"42\"");
}

TEST_CASE("castWholeRecordValueSchemalessUnsupportedType") {
  auto t = make("cast", Value{{"spec", "int8"}});
  CHECK(error_of(*t, rec("[1]")).find("bad_record") == 0);
}

TEST_CASE("castWholeBigDecimalRecordValueWithSchemaString") {
  auto t = make("cast", Value{{"spec", "string"}});
  CHECK(value_of(*t, with_schema("\"42\"", R"({"type":"bytes","name":
      "org.apache.kafka.connect.data.Decimal","parameters":{"scale":"0"}})")) == "\"42\"");
}

TEST_CASE("castLogicalToPrimitive") {
  auto t = make("cast", Value{{"spec",
                               "date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,"
                               "decimal_to_int32:int32,timestamp_to_float64:float64,"
                               "null_timestamp_to_int32:int32"}});
  const char* schema = R"({"type":"struct","fields":[
    {"field":"date_to_int32","type":"int32","name":"org.apache.kafka.connect.data.Date"},
    {"field":"timestamp_to_int64","type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},
    {"field":"time_to_int64","type":"int32","name":"org.apache.kafka.connect.data.Time"},
    {"field":"decimal_to_int32","type":"bytes","name":"org.apache.kafka.connect.data.Decimal",
     "parameters":{"scale":"0"}},
    {"field":"timestamp_to_float64","type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},
    {"field":"null_timestamp_to_int32","type":"int64","optional":true,
     "name":"org.apache.kafka.connect.data.Timestamp"}]})";
  // Kafka's timestamp_to_float64 is Long.MAX_VALUE ms, past sluice's year 9999: the test uses
  // the last instant sluice carries.
  auto out = value_of(*t, with_schema(R"({"date_to_int32":"1970-01-02",
    "timestamp_to_int64":"1970-01-01 00:00:00","time_to_int64":"00:00:00.001",
    "decimal_to_int32":"2147483648","timestamp_to_float64":"9999-12-31 23:59:59.999",
    "null_timestamp_to_int32":null})",
                                      schema));
  CHECK(
      out ==
      R"({"date_to_int32":1,"timestamp_to_int64":0,"time_to_int64":1,"decimal_to_int32":-2147483648,"timestamp_to_float64":253402300799999.0,"null_timestamp_to_int32":null})");
}

TEST_CASE("castLogicalToString") {
  auto t = make("cast", Value{{"spec", "d:string,ts:string"}});
  auto out = value_of(*t, with_schema(R"({"d":"2019-04-25","ts":"2019-04-25 15:02:16.123000"})",
                                      R"({"type":"struct","fields":[
      {"field":"d","type":"int32","name":"org.apache.kafka.connect.data.Date"},
      {"field":"ts","type":"int64","name":"org.apache.kafka.connect.data.Timestamp"}]})"));
  CHECK(out == R"({"d":"2019-04-25","ts":"2019-04-25 15:02:16.123000"})");
}

TEST_CASE("castFieldsSchemaless") {
  auto t = make("cast", Value{{"spec",
                               "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,"
                               "float64:boolean,boolean:int8,string:int32"}});
  CHECK(
      apply_to(*t, R"({"int8":8,"int16":16,"int32":32,"int64":64,"float32":32.0,
      "float64":-64.0,"boolean":true,"string":"42"})") ==
      R"({"int8":8,"int16":16,"int32":32,"int64":true,"float32":32.0,"float64":true,"boolean":1,"string":42})");
}

TEST_CASE("castFieldsWithSchema: decimal and date fields") {
  auto t = make("cast", Value{{"spec", "bigdecimal:string,date:int32,dec:float64"}});
  auto out = value_of(*t, with_schema(R"({"bigdecimal":"42","date":"1970-01-11","dec":"1.25"})",
                                      R"({"type":"struct","fields":[
      {"field":"bigdecimal","type":"bytes","name":"org.apache.kafka.connect.data.Decimal"},
      {"field":"date","type":"int32","name":"org.apache.kafka.connect.data.Date"},
      {"field":"dec","type":"bytes","name":"org.apache.kafka.connect.data.Decimal"}]})"));
  CHECK(out == R"({"bigdecimal":"42","date":10,"dec":1.25})");
}

TEST_CASE("narrowing as Java narrows (Number.byteValue/intValue)") {
  CHECK(cast_whole("int8", "300") == "44");
  CHECK(cast_whole("int8", "-129") == "127");
  CHECK(cast_whole("int32", "4294967297") == "1");
  CHECK(cast_whole("int32", "3.9") == "3");
  CHECK(cast_whole("int32", "-3.9") == "-3");
  CHECK(cast_whole("int32", "1e20") == "2147483647");  // (int) of a double saturates
  CHECK(cast_whole("int8", "1e20") == "-1");           // (byte)(int) of it
  CHECK(cast_whole("int64", "-1e30") == "-9223372036854775808");
  CHECK(cast_whole("boolean", "0.5") == "false");  // longValue() != 0
  auto t = make("cast", Value{{"spec", "int16"}});
  CHECK(value_of(*t, with_schema("\"-98765.5\"", R"({"type":"bytes","name":
      "org.apache.kafka.connect.data.Decimal","parameters":{"scale":"1"}})")) == "32307");
}

TEST_CASE("strings are parsed as Java's parseX / parseBoolean") {
  CHECK(cast_whole("int32", "\"+12\"") == "12");
  CHECK(cast_whole("float64", "\" 1.5d \"") == "1.5");
  CHECK(cast_whole("boolean", "\"TRUE\"") == "true");
  CHECK(cast_whole("boolean", "\"yes\"") == "false");
  auto t = make("cast", Value{{"spec", "int8"}});
  CHECK(error_of(*t, rec("\"300\"")).find("bad_record") == 0);    // out of range for parseByte
  CHECK(error_of(*t, rec("\"12.75\"")).find("bad_record") == 0);  // not an integer
  auto f = make("cast", Value{{"spec", "float64"}});
  CHECK(error_of(*f, rec("\"NaN\"")).find("bad_record") == 0);  // JSON has no NaN
}
