// Kafka Connect's JsonConverter, reading side (apache/kafka connect/json, JsonConverterTest's
// toConnect* cases and the config options), in our words: each case names the Kafka test it
// follows. Where our value model differs (no Struct, no java.util.Date), the asserted value is what
// StarRocks loads (see the README's type table).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include <sluice/testing/harness.hpp>

using sluice::Value;

namespace {

struct Connect {
  sluice::testing::Harness h{PLUGIN_FILE};

  /// A converter with schemas_enable and the given further options.
  sluice::PluginInstance<sluice::Converter> make(Value options = Value::object()) {
    options["schemas_enable"] = true;
    return h.converter("json", options);
  }
  sluice::PluginInstance<sluice::Converter> c = make();

  /// The payload of `{"schema": <schema>, "payload": <payload>}`, converted.
  Value read(const std::string& schema, const std::string& payload, Value* out_schema = nullptr) {
    return sluice::testing::convert(
        *c, R"({ "schema": )" + schema + R"(, "payload": )" + payload + " }", out_schema);
  }
  std::string error(const std::string& schema, const std::string& payload) {
    Value v, s;
    auto st = c->convert(R"({"schema":)" + schema + R"(,"payload":)" + payload + "}",
                         sluice::ConvertContext{"t", 0, 0, false}, v, s);
    CHECK(st.code() == sluice::Errc::bad_record);
    return st.message();
  }
};

}  // namespace

// --- Schema types (JsonConverterTest: booleanToConnect ... structToConnect) ---

TEST_CASE_FIXTURE(Connect, "booleanToConnect: true and false") {
  CHECK(read(R"({"type":"boolean"})", "true") == true);
  CHECK(read(R"({"type":"boolean"})", "false") == false);
}

TEST_CASE_FIXTURE(Connect, "byteToConnect, shortToConnect, intToConnect, longToConnect") {
  CHECK(read(R"({"type":"int8"})", "12") == 12);
  CHECK(read(R"({"type":"int16"})", "12") == 12);
  CHECK(read(R"({"type":"int32"})", "12") == 12);
  CHECK(read(R"({"type":"int64"})", "12") == 12);
  CHECK(read(R"({"type":"int64"})", "4398046511104") == 4398046511104);
}

TEST_CASE_FIXTURE(Connect, "floatToConnect: type \"float\", the value rounded to a float") {
  const Value v = read(R"({"type":"float"})", "12.34");
  CHECK(v.is_number_float());
  CHECK(v.dump() == "12.34");  // 12.34f, written as the float it is, not 12.34000015258789
  CHECK(read(R"({"type":"float"})", "0.1").dump() == "0.1");
  // Digits beyond a float's precision are rounded away, as Java's floatValue() does.
  CHECK(read(R"({"type":"float"})", "0.123456789").dump() == "0.12345679");
  CHECK(read(R"({"type":"float"})", "16777217").dump() == "16777216.0");
  CHECK(read(R"({"type":"float"})", "3").dump() == "3.0");
  CHECK(read(R"({"type":"float"})", "1e-50").dump() == "0.0");
  CHECK(read(R"({"type":"float"})", "-3.4028235e38").dump() == "-3.4028235e+38");
  CHECK(error(R"({"type":"float"})", "1e39") == "payload: 1e39 is out of range for float");
}

TEST_CASE_FIXTURE(Connect, "doubleToConnect: type \"double\", the nearest double") {
  const Value v = read(R"({"type":"double"})", "12.34");
  CHECK(v.is_number_float());
  CHECK(v.get<double>() == 12.34);
  CHECK(read(R"({"type":"double"})", "0.1").dump() == "0.1");
  CHECK(read(R"({"type":"double"})", "0.123456789").dump() == "0.123456789");
  CHECK(read(R"({"type":"double"})", "9007199254740993").get<double>() == 9007199254740992.0);
  CHECK(read(R"({"type":"double"})", "1.7976931348623157e308").get<double>() ==
        1.7976931348623157e308);
}

TEST_CASE_FIXTURE(Connect, "float32 / float64 are accepted as other names of float / double") {
  CHECK(read(R"({"type":"float32"})", "0.1").dump() == "0.1");
  CHECK(read(R"({"type":"float64"})", "0.1").dump() == "0.1");
}

TEST_CASE_FIXTURE(Connect, "NaN and infinities, which Jackson writes as quoted strings") {
  for (const char* type : {"float", "double"}) {
    CAPTURE(type);
    const std::string schema = std::string(R"({"type":")") + type + R"("})";
    CHECK(read(schema, R"("NaN")") == "NaN");
    CHECK(read(schema, R"("Infinity")") == "Infinity");
    CHECK(read(schema, R"("-Infinity")") == "-Infinity");
    CHECK(error(schema, R"("nan")") ==
          std::string("payload: expected a number (") + type + "), got a string");
    CHECK(error(schema, R"("1.5")") ==
          std::string("payload: expected a number (") + type + "), got a string");
  }
}

TEST_CASE_FIXTURE(Connect, "numberWithLeadingZerosToConnect: Kafka's reader allows leading zeros") {
  CHECK(read(R"({"type":"int8"})", "0012") == 12);
  CHECK(read(R"({"type":"int16"})", "000123") == 123);
  CHECK(read(R"({"type":"int32"})", "000012345") == 12345);
  CHECK(read(R"({"type":"int64"})", "00000123456789") == 123456789);
  CHECK(read(R"({"type":"int32"})", "-007") == -7);
  CHECK(read(R"({"type":"double"})", "00.5").dump() == "0.5");
  CHECK(read(R"({"type":"double"})", "1e007").dump() == "10000000.0");
  CHECK(read(R"({"type":"string"})", R"("0012")") == "0012");
  // The retry leaves strings alone, escaped quotes included.
  CHECK(read(R"({"type":"struct","fields":[{"field":"a","type":"int32"},)"
             R"({"field":"b","type":"string"}]})",
             R"({"a": 0012, "b": "x\" 0012 [-007]"})")
            .dump() == R"({"a":12,"b":"x\" 0012 [-007]"})");
  CHECK(error(R"({"type":"int32"})", "0012x").starts_with("invalid JSON at byte"));
}

TEST_CASE_FIXTURE(Connect, "bytesToConnect: the base64 text is checked and kept as text") {
  CHECK(read(R"({"type":"bytes"})", R"("dGVzdC1zdHJpbmc=")") == "dGVzdC1zdHJpbmc=");
  CHECK(error(R"({"type":"bytes"})", R"("dGVzd*")") ==
        "payload: invalid base64: unexpected character at 5");
}

TEST_CASE_FIXTURE(Connect, "stringToConnect") {
  CHECK(read(R"({"type":"string"})", R"("foo-bar-baz")") == "foo-bar-baz");
}

TEST_CASE_FIXTURE(Connect, "arrayToConnect") {
  CHECK(read(R"({"type":"array","items":{"type":"int32"}})", "[1, 2, 3]") == Value({1, 2, 3}));
}

TEST_CASE_FIXTURE(Connect, "mapToConnectStringKeys: an object") {
  CHECK(read(R"({"type":"map","keys":{"type":"string"},"values":{"type":"int32"}})",
             R"({"key1": 12, "key2": 15})")
            .dump() == R"({"key1":12,"key2":15})");
}

TEST_CASE_FIXTURE(Connect, "mapToConnectNonStringKeys: pairs, keys as their JSON text") {
  CHECK(read(R"({"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}})",
             "[[1, 12], [2, 15]]")
            .dump() == R"({"1":12,"2":15})");
}

TEST_CASE_FIXTURE(Connect, "maps in the other form than their key type calls for are refused") {
  CHECK(error(R"({"type":"map","keys":{"type":"string"},"values":{"type":"int32"}})",
              R"([["a", 1]])") ==
        "payload: expected an object (map with string keys), got an array");
  CHECK(error(R"({"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}})",
              R"({"1": 12})") ==
        "payload: expected an array of [key, value] pairs (map with non-string keys), got an "
        "object");
  CHECK(error(R"({"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}})", "[[1]]") ==
        "payload[0]: expected a [key, value] pair, got an array");
  CHECK(error(R"({"type":"map","keys":{"type":"int32"},"values":{"type":"int32"}})", "[3]") ==
        "payload[0]: expected a [key, value] pair, got number 3");
}

TEST_CASE_FIXTURE(Connect, "structToConnect: fields in schema order") {
  CHECK(read(R"({"type":"struct","fields":[{"field":"field1","type":"boolean"},)"
             R"({"field":"field2","type":"string"}]})",
             R"({"field2": "string", "field1": true})")
            .dump() == R"({"field1":true,"field2":"string"})");
}

TEST_CASE_FIXTURE(Connect, "structWithOptionalFieldToConnect: a missing optional field is null") {
  CHECK(read(R"({"type":"struct","fields":[{"field":"optional","type":"string","optional":true},)"
             R"({"field":"required","type":"string"}]})",
             R"({"required": "required"})")
            .dump() == R"({"optional":null,"required":"required"})");
}

TEST_CASE_FIXTURE(Connect, "a missing or null required field is an error naming it") {
  const std::string schema =
      R"({"type":"struct","fields":[{"field":"id","type":"int32"},{"field":"n","type":"string"}]})";
  CHECK(error(schema, R"({"n": "x"})") == "payload.id: null in a required field of type int32");
  CHECK(error(schema, R"({"id": 1, "n": null})") ==
        "payload.n: null in a required field of type string");
  CHECK(error(R"({"type":"int32"})", "null") == "payload: null in a required field of type int32");
  // "optional" counts only when it is the boolean true.
  CHECK(error(R"({"type":"int32","optional":"true"})", "null") ==
        "payload: null in a required field of type int32");
}

TEST_CASE_FIXTURE(Connect, "payload fields the schema does not declare are dropped") {
  CHECK(read(R"({"type":"struct","fields":[{"field":"a","type":"int32"}]})", R"({"a":1,"b":2})")
            .dump() == R"({"a":1})");
}

TEST_CASE_FIXTURE(Connect, "testConnectSchemaMetadataTranslation: the schema is handed on") {
  Value schema;
  CHECK(read(R"({"type":"boolean"})", "true", &schema) == true);
  CHECK(schema == Value::parse(R"({"type":"boolean"})"));
  CHECK(read(R"({"type":"boolean","optional":true})", "null").is_null());
  CHECK(read(R"({"type":"boolean","default":true})", "null") == true);
  CHECK(read(R"({"type":"boolean","optional":false,"name":"bool","version":2,)"
             R"("doc":"the documentation","parameters":{"foo":"bar"}})",
             "true", &schema) == true);
  CHECK(schema.at("name") == "bool");
  CHECK(schema.at("version") == 2);
  CHECK(schema.at("doc") == "the documentation");
  CHECK(schema.at("parameters").at("foo") == "bar");
}

TEST_CASE_FIXTURE(Connect, "nullSchemaPrimitiveToConnect: schema null reads the payload as is") {
  Value schema = "unset";
  CHECK(read("null", "null", &schema).is_null());
  CHECK(schema.is_null());
  CHECK(read("null", "true") == true);
  CHECK(read("null", "12") == 12);
  CHECK(read("null", "12.24") == 12.24);
  CHECK(read("null", R"("a string")") == "a string");
  CHECK(read("null", R"([1, "2", 3])").dump() == R"([1,"2",3])");
  CHECK(read("null", R"({"field1": 1, "field2": 2})").dump() == R"({"field1":1,"field2":2})");
}

TEST_CASE("noSchemaToConnect, schemalessWithEmptyFieldValueToConnect: schemas_enable = false") {
  sluice::testing::Harness h{PLUGIN_FILE};
  auto c = h.converter("json", {{"schemas_enable", false}});
  CHECK(sluice::testing::convert(*c, "true") == true);
  CHECK(sluice::testing::convert(*c, R"({ "a": "", "b": null})").dump() == R"({"a":"","b":null})");
}

TEST_CASE("emptyBytesToConnect differs on purpose: an empty message is a bad record") {
  // Kafka reads empty bytes as null with schemas.enable=false. A tombstone (no value at all)
  // never reaches a converter here: the engine sets null (nullToConnect).
  sluice::testing::Harness h{PLUGIN_FILE};
  for (bool schemas : {false, true}) {
    CAPTURE(schemas);
    auto c = h.converter("json", {{"schemas_enable", schemas}});
    Value v, s;
    CHECK(c->convert("", sluice::ConvertContext{"t", 0, 0, false}, v, s).code() ==
          sluice::Errc::bad_record);
  }
}

// --- Logical types ---

namespace {
std::string decimal(int scale, const std::string& extra = "") {
  return R"({"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,)"
         R"("parameters":{"scale":")" +
         std::to_string(scale) + R"("})" + extra + "}";
}
std::string logical(const std::string& type, const std::string& name,
                    const std::string& extra = "") {
  return R"({"type":")" + type + R"(","name":"org.apache.kafka.connect.data.)" + name +
         R"(","version":1)" + extra + "}";
}
}  // namespace

TEST_CASE_FIXTURE(Connect, "decimalToConnect: base64 of the two's-complement unscaled value") {
  CHECK(read(decimal(2), R"("AJw=")") == "1.56");  // bytes {0, -100}: 156
}

TEST_CASE_FIXTURE(Connect,
                  "decimalToConnectOptional, ...WithDefaultValue, ...OptionalWithDefault") {
  CHECK(read(decimal(2, R"(,"optional":true)"), "null").is_null());
  CHECK(read(decimal(2, R"(,"default":"AJw=")"), "null") == "1.56");
  CHECK(read(decimal(2, R"(,"optional":true,"default":"AJw=")"), "null") == "1.56");
}

TEST_CASE_FIXTURE(Connect, "numericDecimalToConnect: decimal.format=NUMERIC writes a number") {
  CHECK(read(decimal(2), "1.56") == "1.56");
  CHECK(read(decimal(4), "1.5600") == "1.5600");  // numericDecimalWithTrailingZerosToConnect
  // highPrecisionNumericDecimalToConnect: more digits than a double holds.
  CHECK(read(decimal(17), "1.23456789123456789") == "1.23456789123456789");
}

TEST_CASE_FIXTURE(Connect, "decimal.format: both forms are read whichever is configured") {
  // JsonConverterConfigTest.shouldBeCaseInsensitiveForDecimalFormatConfig: any case.
  for (const char* format : {"BASE64", "NUMERIC", "numeric", "NuMeRiC"}) {
    CAPTURE(format);
    auto conv = make({{"decimal.format", format}});
    CHECK(sluice::testing::convert(*conv, R"({"schema":)" + decimal(2) + R"(,"payload":"AJw="})") ==
          "1.56");
    CHECK(sluice::testing::convert(*conv, R"({"schema":)" + decimal(2) + R"(,"payload":1.56})") ==
          "1.56");
  }
  CHECK_THROWS_WITH_AS(make({{"decimal.format", "HEX"}}),
                       "option 'decimal.format' must be BASE64 or NUMERIC, not 'HEX'",
                       std::invalid_argument);
}

TEST_CASE_FIXTURE(Connect, "dateToConnect and its optional / default variants") {
  CHECK(read(logical("int32", "Date"), "10000") == "1997-05-19");
  CHECK(read(logical("int32", "Date", R"(,"optional":true)"), "null").is_null());
  CHECK(read(logical("int32", "Date", R"(,"default":0)"), "null") == "1970-01-01");
  CHECK(read(logical("int32", "Date", R"(,"optional":true,"default":0)"), "null") == "1970-01-01");
}

TEST_CASE_FIXTURE(Connect, "timeToConnect and its optional / default variants") {
  CHECK(read(logical("int32", "Time"), "14400000") == "04:00:00");
  CHECK(read(logical("int32", "Time", R"(,"optional":true)"), "null").is_null());
  CHECK(read(logical("int32", "Time", R"(,"default":0)"), "null") == "00:00:00");
  CHECK(read(logical("int32", "Time", R"(,"optional":true,"default":0)"), "null") == "00:00:00");
}

TEST_CASE_FIXTURE(Connect, "timestampToConnect and its optional / default variants") {
  CHECK(read(logical("int64", "Timestamp"), "4000000000") == "1970-02-16 07:06:40");
  CHECK(read(logical("int64", "Timestamp", R"(,"optional":true)"), "null").is_null());
  CHECK(read(logical("int64", "Timestamp", R"(,"default":42)"), "null") ==
        "1970-01-01 00:00:00.042000");
  CHECK(read(logical("int64", "Timestamp", R"(,"optional":true,"default":42)"), "null") ==
        "1970-01-01 00:00:00.042000");
}

// --- replace.null.with.default (deserialize{Field,}NullTo{Default,Null}) ---

TEST_CASE_FIXTURE(Connect, "deserializeNullToDefault, deserializeFieldNullToDefault: the default") {
  CHECK(read(R"({"type":"string","optional":true,"default":"default"})", "null") == "default");
  const std::string field =
      R"({"type":"struct","optional":false,"fields":[)"
      R"({"field":"field1","type":"string","optional":true,"default":"default"}]})";
  CHECK(read(field, R"({"field1":null})").dump() == R"({"field1":"default"})");
  CHECK(read(field, "{}").dump() == R"({"field1":"default"})");  // missing reads as null
  auto explicit_true = make({{"replace.null.with.default", true}});
  CHECK(sluice::testing::convert(*explicit_true,
                                 R"({"schema":)" + field + R"(,"payload":{"field1":null}})")
            .dump() == R"({"field1":"default"})");
}

TEST_CASE_FIXTURE(Connect, "deserializeNullToNull, deserializeFieldNullToNull: false keeps null") {
  auto keep = make({{"replace.null.with.default", false}});
  auto run = [&](const std::string& schema, const std::string& payload) {
    return sluice::testing::convert(*keep,
                                    R"({"schema":)" + schema + R"(,"payload":)" + payload + "}");
  };
  CHECK(run(R"({"type":"string","optional":true,"default":"default"})", "null").is_null());
  const std::string field =
      R"({"type":"struct","optional":false,"fields":[)"
      R"({"field":"field1","type":"string","optional":true,"default":"default"}]})";
  CHECK(run(field, R"({"field1":null})").dump() == R"({"field1":null})");
  CHECK(run(field, "{}").dump() == R"({"field1":null})");
  CHECK(run(field, R"({"field1":"given"})").dump() == R"({"field1":"given"})");
  // A required field then has no value to take: an error, as in Kafka.
  Value v, s;
  auto st = keep->convert(R"({"schema":{"type":"int32","default":5},"payload":null})",
                          sluice::ConvertContext{"t", 0, 0, false}, v, s);
  CHECK(st.message() == "payload: null in a required field of type int32");
}

// --- Wrong JSON types: Kafka's Jackson accessors make 0 / false / null of them; we refuse ---

TEST_CASE_FIXTURE(Connect, "payloads of the wrong JSON type are bad records naming the path") {
  CHECK(error(R"({"type":"int32"})", R"("12")") ==
        "payload: expected an integer (int32), got a string");
  CHECK(error(R"({"type":"int8"})", "1.5") ==
        "payload: expected an integer (int8), got number 1.5");
  CHECK(error(R"({"type":"boolean"})", R"("true")") == "payload: expected a boolean, got a string");
  CHECK(error(R"({"type":"string"})", "12") == "payload: expected a string, got number 12");
  CHECK(error(R"({"type":"double"})", "true") ==
        "payload: expected a number (double), got a boolean");
  CHECK(error(R"({"type":"array","items":{"type":"int32"}})", "{}") ==
        "payload: expected an array, got an object");
  CHECK(error(R"({"type":"struct","fields":[]})", "[]") ==
        "payload: expected an object (struct), got an array");
  CHECK(error(R"({"type":"int32","name":"org.apache.kafka.connect.data.Date"})", R"("x")") ==
        "payload: expected an integer (int32), got a string");
}

TEST_CASE_FIXTURE(Connect, "integers out of their type's range are refused, not truncated") {
  // Java narrows: (byte) 300 is 44, (short) 70000 is 4464. A silently different number would load.
  CHECK(error(R"({"type":"int8"})", "300") == "payload: 300 is out of range for int8");
  CHECK(error(R"({"type":"int16"})", "70000") == "payload: 70000 is out of range for int16");
  CHECK(error(R"({"type":"int32"})", "2147483648") ==
        "payload: 2147483648 is out of range for int32");
  CHECK(read(R"({"type":"int8"})", "-128") == -128);
  CHECK(read(R"({"type":"int32"})", "-2147483648") == -2147483648LL);
}

TEST_CASE_FIXTURE(Connect, "schema errors Kafka reports (no type, unknown type, no items)") {
  CHECK(error(R"({"optional":true})", "1") == "payload: invalid schema: no 'type'");
  CHECK(error(R"({"type":"float128"})", "1") == "payload: invalid schema: unknown type 'float128'");
  CHECK(error(R"({"type":"array"})", "[]") == "payload: invalid schema: array without 'items'");
  CHECK(error(R"({"type":"map","keys":{"type":"string"}})", "{}") ==
        "payload: invalid schema: map without 'keys' and 'values'");
  CHECK(error(R"({"type":"struct"})", "{}") == "payload: invalid schema: struct without 'fields'");
}

// --- Debezium change events with schemas, written from the formats in Debezium's MySQL and
// PostgreSQL connector docs ---

namespace {

/// One field schema: {"type": ..., "optional": ..., <extra>, "field": ...}.
std::string fld(const std::string& type, const std::string& field, const std::string& extra = "",
                bool optional = true) {
  return R"({"type":")" + type + R"(","optional":)" + (optional ? "true" : "false") + extra +
         R"(,"field":")" + field + R"("})";
}
std::string named(const std::string& name, const std::string& more = "") {
  return R"(,"name":")" + name + R"(","version":1)" + more;
}
std::string join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

/// Debezium's envelope around a row schema: before, after, source, op, ts_ms, transaction.
std::string envelope_schema(const std::string& topic, const std::string& row_fields,
                            const std::string& source_fields) {
  const std::string row = R"(,"name":")" + topic + R"(.Value","fields":[)" + row_fields + "]";
  return R"({"type":"struct","optional":false,"name":")" + topic +
         R"(.Envelope","version":1,"fields":[)" +
         join({fld("struct", "before", row), fld("struct", "after", row),
               R"({"type":"struct","optional":false,"name":"io.debezium.connector.source.Source",)"
               R"("fields":[)" +
                   source_fields + R"(],"field":"source"})",
               fld("string", "op", "", false), fld("int64", "ts_ms"),
               fld("struct", "transaction",
                   R"(,"name":"event.block","version":1,"fields":[)" +
                       join({fld("string", "id", "", false), fld("int64", "total_order", "", false),
                             fld("int64", "data_collection_order", "", false)}) +
                       "]")}) +
         "]}";
}

const std::string kSnapshotField = fld(
    "string", "snapshot",
    named("io.debezium.data.Enum", R"(,"parameters":{"allowed":"true,last,false,incremental"})") +
        R"(,"default":"false")");

std::string mysql_source_fields() {
  return join({fld("string", "version", "", false), fld("string", "connector", "", false),
               fld("string", "name", "", false), fld("int64", "ts_ms", "", false), kSnapshotField,
               fld("string", "db", "", false), fld("string", "table"),
               fld("int64", "server_id", "", false), fld("string", "file", "", false),
               fld("int64", "pos", "", false), fld("int32", "row", "", false)});
}

std::string mysql_row_fields() {
  const std::string point_fields =
      join({fld("double", "x", "", false), fld("double", "y", "", false), fld("bytes", "wkb"),
            fld("int32", "srid")});
  const std::string geometry_fields = join({fld("bytes", "wkb", "", false), fld("int32", "srid")});
  return join(
      {fld("int32", "id", "", false), fld("float", "price"), fld("double", "weight"),
       fld("bytes", "amount",
           named("org.apache.kafka.connect.data.Decimal",
                 R"(,"parameters":{"scale":"2","connect.decimal.precision":"10"})")),
       fld("int64", "created", named("io.debezium.time.MicroTimestamp")),
       fld("int64", "logged", named("io.debezium.time.Timestamp")),
       fld("string", "updated", named("io.debezium.time.ZonedTimestamp")),
       fld("int32", "birthday", named("io.debezium.time.Date")),
       fld("int64", "at", named("io.debezium.time.MicroTime")),
       fld("int32", "year", named("io.debezium.time.Year")),
       fld("string", "status",
           named("io.debezium.data.Enum", R"(,"parameters":{"allowed":"new,shipped"})")),
       fld("string", "tags",
           named("io.debezium.data.EnumSet", R"(,"parameters":{"allowed":"a,b,c"})")),
       fld("string", "doc", named("io.debezium.data.Json")),
       fld("bytes", "flags", named("io.debezium.data.Bits", R"(,"parameters":{"length":"4"})")),
       fld("struct", "location",
           named("io.debezium.data.geometry.Point", R"(,"fields":[)" + point_fields + "]")),
       fld("struct", "shape",
           named("io.debezium.data.geometry.Geometry", R"(,"fields":[)" + geometry_fields + "]"))});
}

const std::string kMysqlRow =
    R"({"id":1,"price":19.99,"weight":0.1,"amount":"MDk=","created":1700000000123456,)"
    R"("logged":1700000000123,"updated":"2023-11-14T22:13:20Z","birthday":19000,)"
    R"("at":3723000005,"year":2024,"status":"shipped","tags":"a,b","doc":"{\"k\":1}",)"
    R"("flags":"Cw==","location":{"x":1.5,"y":2.5,"wkb":"AQEAAAAAAAAAAAD4PwAAAAAAAARA","srid":null},)"
    R"("shape":{"wkb":"AAAAAAIAAAACAAAAAAAAAAAAAAAAAAAAAEAkAAAAAAAAQCQAAAAAAAA=","srid":0}})";

const std::string kMysqlRowLoaded =
    R"({"id":1,"price":19.99,"weight":0.1,"amount":"123.45","created":"2023-11-14 22:13:20.123456",)"
    R"("logged":"2023-11-14 22:13:20.123000","updated":"2023-11-14 22:13:20",)"
    R"("birthday":"2022-01-08","at":"01:02:03.000005","year":2024,"status":"shipped","tags":"a,b",)"
    R"j("doc":"{\"k\":1}","flags":11,"location":"POINT (1.5 2.5)",)j"
    R"j("shape":"LINESTRING (0 0, 10 10)"})j";

std::string mysql_source(const std::string& snapshot) {
  return R"({"version":"2.5.0.Final","connector":"mysql","name":"dbserver1","ts_ms":1700000000000,)" +
         snapshot +
         R"("db":"inventory","table":"products","server_id":223344,"file":"mysql-bin.000003",)"
         R"("pos":154,"row":0})";
}

}  // namespace

TEST_CASE_FIXTURE(Connect,
                  "Debezium MySQL: create, update, delete, snapshot read with REAL/DOUBLE") {
  const std::string schema =
      envelope_schema("dbserver1.inventory.products", mysql_row_fields(), mysql_source_fields());
  auto event = [&](const std::string& before, const std::string& after, const std::string& op,
                   const std::string& snapshot = "") {
    return sluice::testing::convert(*c, R"({"schema":)" + schema + R"(,"payload":{"before":)" +
                                            before + R"(,"after":)" + after + R"(,"source":)" +
                                            mysql_source(snapshot) + R"(,"op":")" + op +
                                            R"(","ts_ms":1700000000456,"transaction":null}})");
  };

  const Value created = event("null", kMysqlRow, "c");
  CHECK(created.at("after").dump() == kMysqlRowLoaded);
  CHECK(created.at("before").is_null());
  CHECK(created.at("op") == "c");
  CHECK(created.at("source").at("snapshot") == "false");  // absent: the schema's default
  CHECK(created.at("source").at("table") == "products");

  std::string changed = kMysqlRow;
  changed.replace(changed.find("19.99"), 5, "0.3");
  const Value updated = event(kMysqlRow, changed, "u");
  CHECK(updated.at("before").dump() == kMysqlRowLoaded);
  CHECK(updated.at("after").at("price").dump() == "0.3");

  const Value deleted = event(kMysqlRow, "null", "d");
  CHECK(deleted.at("after").is_null());
  CHECK(deleted.at("before").at("id") == 1);

  const Value read = event("null", kMysqlRow, "r", R"("snapshot":"last",)");
  CHECK(read.at("source").at("snapshot") == "last");
  CHECK(read.at("after").dump() == kMysqlRowLoaded);
}

TEST_CASE_FIXTURE(Connect, "Debezium PostgreSQL: REAL, DOUBLE PRECISION with NaN and infinities") {
  const std::string source_fields =
      join({fld("string", "version", "", false), fld("string", "connector", "", false),
            fld("string", "name", "", false), fld("int64", "ts_ms", "", false), kSnapshotField,
            fld("string", "db", "", false), fld("string", "schema", "", false),
            fld("string", "table", "", false), fld("int64", "txId"), fld("int64", "lsn")});
  const std::string row_fields = join(
      {fld("int32", "id", R"(,"default":0)", false), fld("float", "r"), fld("double", "d"),
       fld("struct", "n",
           named("io.debezium.data.VariableScaleDecimal", R"(,"doc":"Variable scaled decimal")") +
               R"(,"fields":[)" +
               join({fld("int32", "scale", "", false), fld("bytes", "value", "", false)}) + "]"),
       fld("string", "ts", named("io.debezium.time.ZonedTimestamp")),
       fld("string", "t", named("io.debezium.time.ZonedTime")),
       fld("int64", "ns", named("io.debezium.time.NanoTimestamp")),
       fld("int64", "nt", named("io.debezium.time.NanoTime")),
       fld("string", "u", named("io.debezium.data.Uuid")),
       fld("string", "j", named("io.debezium.data.Json")),
       fld("struct", "p",
           named("io.debezium.data.geometry.Point") + R"(,"fields":[)" +
               join({fld("double", "x", "", false), fld("double", "y", "", false),
                     fld("bytes", "wkb"), fld("int32", "srid")}) +
               "]"),
       fld("struct", "g",
           named("io.debezium.data.geometry.Geography") + R"(,"fields":[)" +
               join({fld("bytes", "wkb", "", false), fld("int32", "srid")}) + "]")});
  const std::string schema = envelope_schema("pg.public.readings", row_fields, source_fields);
  auto after = [&](const std::string& row) {
    return sluice::testing::convert(
               *c, R"({"schema":)" + schema + R"(,"payload":{"before":null,"after":)" + row +
                       R"(,"source":{"version":"2.5.0.Final","connector":"postgresql",)"
                       R"("name":"pg","ts_ms":1700000000000,"snapshot":"false","db":"app",)"
                       R"("schema":"public","table":"readings","txId":555,"lsn":24023128},)"
                       R"("op":"c","ts_ms":1700000000456,"transaction":null}})")
        .at("after");
  };
  CHECK(after(R"({"id":1,"r":1.1,"d":2.2,"n":{"scale":3,"value":"BMsv"},)"
              R"("ts":"2023-11-14T23:13:20.5+01:00","t":"10:15:30Z","ns":1700000000123456789,)"
              R"("nt":45296789000000,"u":"9f0b7e2a-0000-4000-8000-000000000001","j":"[1,2]",)"
              R"("p":{"x":-0.5,"y":3,"wkb":null,"srid":null},)"
              R"("g":{"wkb":"AQEAAAAAAAAAAAD4PwAAAAAAAARA","srid":4326}})")
            .dump() == R"({"id":1,"r":1.1,"d":2.2,"n":"314.159","ts":"2023-11-14 22:13:20.500000",)"
                       R"("t":"10:15:30","ns":"2023-11-14 22:13:20.123456","nt":"12:34:56.789000",)"
                       R"("u":"9f0b7e2a-0000-4000-8000-000000000001","j":"[1,2]",)"
                       R"j("p":"POINT (-0.5 3)","g":"POINT (1.5 2.5)"})j");
  const Value special =
      after(R"({"id":2,"r":"NaN","d":"-Infinity","n":null,"ts":null,"t":null,"ns":null,"nt":null,)"
            R"("u":null,"j":null,"p":null,"g":null})");
  CHECK(special.at("r") == "NaN");
  CHECK(special.at("d") == "-Infinity");
  CHECK(after(R"({"id":3,"r":"Infinity","d":1e308})").at("r") == "Infinity");
  CHECK(after(R"({"id":null,"r":-3.5,"d":-0.0})").dump() ==
        R"({"id":0,"r":-3.5,"d":-0.0,"n":null,"ts":null,"t":null,"ns":null,"nt":null,"u":null,)"
        R"("j":null,"p":null,"g":null})");
}
