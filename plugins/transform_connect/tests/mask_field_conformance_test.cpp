// Kafka's MaskFieldTest, case by case (connect/transforms MaskFieldTest.java), in sluice's value
// model: schemaless records are JSON objects (integers, doubles, strings, arrays, objects);
// records with a Connect Struct schema carry it in value_schema, their logical values in sluice
// text (Date "YYYY-MM-DD", Time "HH:MM:SS[.ffffff]", Timestamp "YYYY-MM-DD HH:MM:SS[.ffffff]",
// Decimal exact text).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

namespace {

// MaskFieldTest's SCHEMA, as Kafka's JsonConverter writes it.
constexpr const char* kSchema = R"({"type":"struct","fields":[
  {"field":"magic","type":"int32"},
  {"field":"bool","type":"boolean"},
  {"field":"byte","type":"int8"},
  {"field":"short","type":"int16"},
  {"field":"int","type":"int32"},
  {"field":"long","type":"int64"},
  {"field":"float","type":"float"},
  {"field":"double","type":"double"},
  {"field":"string","type":"string"},
  {"field":"date","type":"int32","name":"org.apache.kafka.connect.data.Date"},
  {"field":"time","type":"int32","name":"org.apache.kafka.connect.data.Time"},
  {"field":"timestamp","type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},
  {"field":"decimal","type":"bytes","name":"org.apache.kafka.connect.data.Decimal",
   "parameters":{"scale":"0"}},
  {"field":"array","type":"array","items":{"type":"int32"}},
  {"field":"map","type":"map","keys":{"type":"string"},"values":{"type":"string"}}]})";

constexpr const char* kValuesWithSchema = R"({"magic":42,"bool":true,"byte":42,"short":42,
  "int":42,"long":42,"float":42.0,"double":42.0,"string":"hmm","date":"2026-12-07",
  "time":"13:21:45.123","timestamp":"2026-12-07 13:21:45.123","decimal":"42",
  "array":[1,2,3],"map":{"what":"what"}})";

// MaskFieldTest's schemaless VALUES: Java's Byte/Short/Integer/Long/BigInteger are JSON integers,
// Float/Double/BigDecimal JSON numbers with a fraction.
constexpr const char* kValues = R"({"magic":42,"bool":true,"byte":42,"short":42,"int":42,
  "long":42,"float":42.0,"double":42.0,"string":"55.121.20.20","bigint":42,"bigdec":42.0,
  "list":[42],"map":{"key":"value"}})";

Record with_schema(std::string_view value = kValuesWithSchema) {
  Record r = rec(value);
  r.value_schema = Value::parse(kSchema);
  return r;
}

sluice::PluginInstance<sluice::Transform> mask(std::string fields,
                                               std::optional<std::string> replacement = {}) {
  Value o{{"fields", std::move(fields)}};
  if (replacement) o["replacement"] = *replacement;
  return make("mask_field", o);
}

/// The field `name` after masking `record` with `replacement`.
std::string masked_field(const std::string& name, const std::string& replacement, Record record) {
  auto t = mask(name, replacement);
  auto out = run(*t, std::move(record));
  REQUIRE(out.size() == 1);
  return out[0].value.at(name).dump();
}

std::string schemaless(const std::string& name, const std::string& replacement) {
  return masked_field(name, replacement, rec(kValues));
}

std::string schemaful(const std::string& name, const std::string& replacement) {
  return masked_field(name, replacement, with_schema());
}

/// The error masking `fields` of `record` with `replacement` gives.
std::string refused(const std::string& fields, const std::string& replacement, Record record) {
  auto t = mask(fields, replacement);
  return error_of(*t, std::move(record));
}

bool names(const std::string& error, std::string_view what) {
  return error.find("bad_record: mask_field: ") == 0 && error.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("testSchemaless") {
  auto t = mask("bool,byte,short,int,long,float,double,string,bigint,bigdec,list,map");
  CHECK(apply_to(*t, kValues) ==
        R"({"magic":42,"bool":false,"byte":0,"short":0,"int":0,"long":0,"float":0.0,)"
        R"("double":0.0,"string":"","bigint":0,"bigdec":0.0,"list":[],"map":{}})");
}

TEST_CASE("testWithSchema") {
  auto t =
      mask("bool,byte,short,int,long,float,double,string,date,time,timestamp,decimal,array,map");
  CHECK(value_of(*t, with_schema()) ==
        R"({"magic":42,"bool":false,"byte":0,"short":0,"int":0,"long":0,"float":0.0,)"
        R"("double":0.0,"string":"","date":"1970-01-01","time":"00:00:00",)"
        R"("timestamp":"1970-01-01 00:00:00","decimal":"0","array":[],"map":{}})");
}

TEST_CASE("testWithSchema: the withDefault field and replace.null.with.default") {
  Record r = rec(R"({"magic":42,"withDefault":null})");
  r.value_schema = Value::parse(R"({"type":"struct","fields":[{"field":"magic","type":"int32"},
    {"field":"withDefault","type":"string","optional":true,"default":"default"}]})");
  // Kafka's test: with replace.null.with.default = false the null stays null.
  auto keep = make("mask_field", {{"fields", "magic"}, {"replace.null.with.default", false}});
  CHECK(value_of(*keep, r) == R"({"magic":0,"withDefault":null})");
  // The default (true): Struct.get reads the default; masked, it is "".
  CHECK(value_of(*mask("magic"), r) == R"({"magic":0,"withDefault":"default"})");
  CHECK(value_of(*mask("withDefault"), r) == R"({"magic":42,"withDefault":""})");
}

TEST_CASE("testSchemalessWithReplacement") {
  for (const char* f : {"short", "byte", "int", "long", "bigint"})
    CHECK(schemaless(f, "123") == "123");
  CHECK(schemaless("float", "123.0") == "123.0");
  CHECK(schemaless("double", "123.0") == "123.0");
  CHECK(schemaless("bigdec", "123.0") == "123.0");
  CHECK(schemaless("string", "123") == "\"123\"");
}

TEST_CASE("testSchemalessUnsupportedReplacementType") {
  // Kafka: Date, Boolean, List and Map fields refuse a replacement. A schemaless sluice value
  // has no Date (a date is a string there), so the date case is the one with a schema below.
  CHECK(names(refused("bool", "false", rec(kValues)), "type boolean with a replacement"));
  CHECK(names(refused("list", "[123]", rec(kValues)), "type array with a replacement"));
  CHECK(names(refused("map", "{123=321}", rec(kValues)), "type map with a replacement"));
  // One unmaskable field refuses the whole record, as Kafka's exception does.
  CHECK(names(refused("int,map", "1", rec(kValues)), "type map"));
}

TEST_CASE("testWithSchemaAndReplacement") {
  for (const char* f : {"short", "byte", "int", "long"}) CHECK(schemaful(f, "123") == "123");
  CHECK(schemaful("float", "123.0") == "123.0");
  CHECK(schemaful("double", "123.0") == "123.0");
  CHECK(schemaful("string", "123") == "\"123\"");
  CHECK(schemaful("decimal", "123.0") == "\"123.0\"");  // BigDecimal("123.0"), scale kept
}

TEST_CASE("testWithSchemaUnsupportedReplacementType") {
  const std::string date = "Mon Dec 07 13:21:45 UTC 2026";  // String.valueOf(new Date())
  CHECK(names(refused("time", date, with_schema()), "type Time with a replacement"));
  CHECK(names(refused("timestamp", date, with_schema()), "type Timestamp with a replacement"));
  CHECK(names(refused("array", "[123]", with_schema()), "type array with a replacement"));
  CHECK(names(refused("date", date, with_schema()), "type Date with a replacement"));
  CHECK(names(refused("bool", "true", with_schema()), "type boolean with a replacement"));
  CHECK(names(refused("map", "{}", with_schema()), "type map with a replacement"));
}

TEST_CASE("testReplacementTypeMismatch") {
  for (const char* f : {"byte", "short", "int", "long", "float", "double", "bigint", "bigdec"})
    CHECK(names(refused(f, "foo", rec(kValues)), "replacement \"foo\" is not a number"));
  CHECK(names(refused("int", "Mon Dec 07 13:21:45 UTC 2026", rec(kValues)), "replacement"));
  CHECK(names(refused("int", "java.lang.Object@1b6d3586", rec(kValues)), "replacement"));
  CHECK(names(refused("string,int", "foo", rec(kValues)), "field 'int' (int64): replacement"));
  CHECK(names(refused("decimal", "foo", with_schema()), "field 'decimal' (Decimal): replacement"));
}

TEST_CASE("testEmptyStringReplacementValue") {
  CHECK(config_error("mask_field", {{"fields", "short"}, {"replacement", ""}}) ==
        "option 'replacement' must not be empty");
}

TEST_CASE("testNullListAndMapReplacementsAreMutable: arrays and maps become empty") {
  // Java list/map mutability has no sluice meaning; what remains is that both become empty.
  auto t = mask("array,map");
  auto out = value_of(*t, with_schema());
  CHECK(out.find(R"("array":[])") != std::string::npos);
  CHECK(out.find(R"("map":{})") != std::string::npos);
}

// Behaviours of MaskField.java that MaskFieldTest does not spell out.

TEST_CASE("numeric replacements are read as BigDecimal and narrowed as Java narrows") {
  CHECK(schemaful("byte", "300") == "44");        // (byte) 300
  CHECK(schemaful("int", "123.9") == "123");      // longValue() truncates
  CHECK(schemaful("short", "-1.5e2") == "-150");  // exponent allowed
  CHECK(schemaful("float", "0.1") == "0.1");      // a float, printed as Java prints it
  CHECK(schemaful("decimal", "1.5E+3") == "\"1500\"");
  CHECK(names(refused("float", "1e39", with_schema()), "out of range"));  // float Infinity
  CHECK(names(refused("int", " 1", with_schema()), "is not a number"));   // no spaces
  CHECK(names(refused("int", "NaN", with_schema()), "is not a number"));
}

TEST_CASE("missing and null fields") {
  // Schemaless: Kafka puts the masked value of a missing field, null.
  auto t = mask("absent,n");
  CHECK(apply_to(*t, R"({"a":1,"n":null})") == R"({"a":1,"n":null,"absent":null})");
  // With a schema only the schema's fields are masked.
  Record r = with_schema(R"({"magic":42})");
  CHECK(value_of(*mask("absent,int"), std::move(r)) == R"({"magic":42})");
}

TEST_CASE("struct and bytes fields cannot be masked (Kafka has no empty value for them)") {
  Record r = rec(R"({"s":{"a":1},"b":"AQI="})");
  r.value_schema = Value::parse(R"({"type":"struct","fields":[
    {"field":"s","type":"struct","fields":[{"field":"a","type":"int32"}]},
    {"field":"b","type":"bytes"}]})");
  CHECK(names(error_of(*mask("s"), r), "cannot mask a value of type struct"));
  CHECK(names(error_of(*mask("b"), r), "cannot mask a value of type bytes"));
  // Schemaless, a nested object is a Map: it becomes {}.
  CHECK(apply_to(*mask("s"), R"({"s":{"a":1}})") == R"({"s":{}})");
}

TEST_CASE("null values pass; a value that is not an object is a bad record") {
  CHECK(apply_to(*mask("a"), "null") == "null");
  CHECK(error_of(*mask("a"), rec("42")).find("must be an object") != std::string::npos);
}
