// schemas_enable = true: Kafka Connect envelopes, logical types applied, errors naming the field.
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

using sluice::Value;

namespace {

/// An envelope of one struct field `v` with the given field schema (JSON text) and payload value.
std::string one_field(const std::string& field_schema, const std::string& payload_value) {
  return R"({"schema":{"type":"struct","optional":false,"fields":[)" + field_schema +
         R"(]},"payload":{"v":)" + payload_value + "}}";
}

std::string logical(const std::string& type, const std::string& name,
                    const std::string& extra = "") {
  return R"({"type":")" + type + R"(","optional":true,"name":")" + name + R"(","field":"v")" +
         extra + "}";
}

struct Envelope {
  sluice::testing::Harness h{PLUGIN_FILE};
  sluice::PluginInstance<sluice::Converter> c = h.converter("json", {{"schemas_enable", true}});

  Value convert(const std::string& doc, Value* schema = nullptr) {
    return sluice::testing::convert(*c, doc, schema);
  }
  /// The converted `v` of one_field(schema, payload).
  Value field(const std::string& field_schema, const std::string& payload_value) {
    return convert(one_field(field_schema, payload_value)).at("v");
  }
  std::string error(const std::string& doc) {
    Value v, s;
    auto st = c->convert(doc, sluice::ConvertContext{"t", 0, 0, false}, v, s);
    CHECK(st.code() == sluice::Errc::bad_record);
    return st.message();
  }
};

const std::string kDecimal = "org.apache.kafka.connect.data.Decimal";
std::string decimal_schema(int scale) {
  return logical("bytes", kDecimal,
                 R"(,"parameters":{"scale":")" + std::to_string(scale) +
                     R"(","connect.decimal.precision":"38"})");
}

}  // namespace

TEST_CASE_FIXTURE(Envelope, "envelope: struct fields in schema order, schema handed out") {
  const std::string doc =
      R"({"schema":{"type":"struct","name":"shop.Order","optional":false,"fields":[)"
      R"({"type":"int64","optional":false,"field":"id"},{"type":"string","optional":true,"field":"name"},)"
      R"({"type":"boolean","optional":false,"field":"paid"},{"type":"float64","optional":false,"field":"weight"},)"
      R"({"type":"float32","optional":false,"field":"ratio"},{"type":"int8","optional":false,"field":"small"},)"
      R"({"type":"bytes","optional":true,"field":"blob"}]},)"
      R"("payload":{"name":"Ada","id":9007199254740993,"blob":"AAEC","paid":true,"weight":2.5,"ratio":3.0,"small":-128,"extra":1}})";
  Value schema;
  Value v = convert(doc, &schema);
  CHECK(
      v.dump() ==
      R"({"id":9007199254740993,"name":"Ada","paid":true,"weight":2.5,"ratio":3.0,"small":-128,"blob":"AAEC"})");
  CHECK(schema.at("name") == "shop.Order");
  CHECK(schema.at("fields").size() == 7);
  CHECK_FALSE(c->can_pass_through());
}

TEST_CASE_FIXTURE(Envelope, "envelope: nested structs, arrays and maps") {
  const std::string doc =
      R"({"schema":{"type":"struct","optional":false,"fields":[)"
      R"({"type":"array","optional":false,"field":"lines","items":{"type":"struct","optional":false,"fields":[)"
      R"({"type":"string","optional":false,"field":"sku"},{"type":"int32","optional":false,"field":"qty"}]}},)"
      R"({"type":"map","optional":false,"field":"labels","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":true}},)"
      R"({"type":"map","optional":false,"field":"by_id","keys":{"type":"int32","optional":false},)"
      R"("values":{"type":"array","optional":false,"items":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date"}}}]},)"
      R"("payload":{"lines":[{"qty":2,"sku":"a"},{"sku":"b","qty":1}],"labels":{"z":1,"a":null},"by_id":[[7,[0,-1]],[3,[]]]}})";
  CHECK(convert(doc).dump() ==
        R"({"lines":[{"sku":"a","qty":2},{"sku":"b","qty":1}],"labels":{"z":1,"a":null},)"
        R"("by_id":{"7":["1970-01-01","1969-12-31"],"3":[]}})");
}

TEST_CASE_FIXTURE(Envelope,
                  "envelope: schema null means a plain payload; other shapes are refused") {
  Value schema = "sentinel";
  CHECK(convert(R"({"schema":null,"payload":{"b":1.5,"a":[1]}})", &schema).dump() ==
        R"({"b":1.5,"a":[1]})");
  CHECK(schema.is_null());
  const std::string refusal =
      "JSON with schemas_enable must be an object with 'schema' and 'payload' fields and no others "
      "(set schemas_enable = false for plain JSON)";
  CHECK(error(R"({"id":1})") == refusal);
  CHECK(error(R"({"schema":{"type":"int32"}})") == refusal);
  CHECK(error(R"({"schema":{"type":"int32"},"payload":1,"extra":0})") == refusal);
  CHECK(error(R"([{"schema":null,"payload":1}])") == refusal);
  CHECK(error("42") == refusal);
  CHECK(error(R"({"schema":null,"payload":)") ==
        "invalid JSON at byte 25: unexpected end of input; expected '[', '{', or a literal");
  CHECK(convert(R"({"payload":7,"schema":{"type":"int32","optional":false}})") == 7);
}

TEST_CASE_FIXTURE(Envelope, "Connect Decimal: base64 unscaled bytes, exact at any precision") {
  CHECK(field(decimal_schema(2), R"("MDk=")") == "123.45");
  CHECK(field(decimal_schema(2), R"("/h3G")") == "-1234.50");
  CHECK(field(decimal_schema(2), R"("/w==")") == "-0.01");
  CHECK(field(decimal_schema(2), R"("AA==")") == "0.00");
  CHECK(field(decimal_schema(0), R"("AIAAAAAAAAAA")") == "9223372036854775808");
  CHECK(field(decimal_schema(-2), R"("MDk=")") == "1234500");
  // DECIMAL(38,10): all 38 digits arrive.
  CHECK(field(decimal_schema(10), R"("SztMqFqGxHoJiiI//////w==")") ==
        "9999999999999999999999999999.9999999999");
  CHECK(field(decimal_schema(10), R"("tMSzV6V5O4X2dd3AAAAAAQ==")") ==
        "-9999999999999999999999999999.9999999999");
  CHECK(field(decimal_schema(38), R"("B4XuENXaRtkA9DagAAAAAA==")") ==
        "0.10000000000000000000000000000000000000");
}

TEST_CASE_FIXTURE(
    Envelope, "Connect Decimal written as a number (decimal.format=NUMERIC) keeps every digit") {
  CHECK(field(decimal_schema(2), "1234.5") == "1234.50");
  CHECK(field(decimal_schema(2), "-7") == "-7.00");
  CHECK(field(decimal_schema(10), "9999999999999999999999999999.9999999999") ==
        "9999999999999999999999999999.9999999999");
  CHECK(field(decimal_schema(0), "12345678901234567890123456789012345678") ==
        "12345678901234567890123456789012345678");
  CHECK(field(decimal_schema(3), "1.5E+2") == "150.000");
  CHECK(error(one_field(decimal_schema(2), "1.234")) ==
        "payload.v: org.apache.kafka.connect.data.Decimal: '1.234' has more than 2 decimal places "
        "(the schema's scale)");
}

TEST_CASE_FIXTURE(Envelope, "Connect Date, Time, Timestamp, including before 1970") {
  const std::string date = "org.apache.kafka.connect.data.Date";
  CHECK(field(logical("int32", date), "0") == "1970-01-01");
  CHECK(field(logical("int32", date), "19000") == "2022-01-08");
  CHECK(field(logical("int32", date), "-1") == "1969-12-31");
  CHECK(field(logical("int32", date), "-25567") == "1900-01-01");
  CHECK(field(logical("int32", date), "-719162") == "0001-01-01");
  CHECK(field(logical("int32", date), "2932896") == "9999-12-31");
  const std::string time = "org.apache.kafka.connect.data.Time";
  CHECK(field(logical("int32", time), "0") == "00:00:00");
  CHECK(field(logical("int32", time), "45296789") == "12:34:56.789000");
  CHECK(field(logical("int32", time), "86399999") == "23:59:59.999000");
  const std::string ts = "org.apache.kafka.connect.data.Timestamp";
  CHECK(field(logical("int64", ts), "0") == "1970-01-01 00:00:00");
  CHECK(field(logical("int64", ts), "1700000000123") == "2023-11-14 22:13:20.123000");
  CHECK(field(logical("int64", ts), "-1") == "1969-12-31 23:59:59.999000");
  CHECK(field(logical("int64", ts), "-86400001") == "1969-12-30 23:59:59.999000");
  CHECK(field(logical("int64", ts), "-62135596800000") == "0001-01-01 00:00:00");
  CHECK(field(logical("int64", ts), "253402300799999") == "9999-12-31 23:59:59.999000");
  CHECK(field(logical("int64", ts), "null").is_null());
}

TEST_CASE_FIXTURE(Envelope, "Debezium time types") {
  CHECK(field(logical("int32", "io.debezium.time.Date"), "-1") == "1969-12-31");
  CHECK(field(logical("int32", "io.debezium.time.Time"), "3723004") == "01:02:03.004000");
  CHECK(field(logical("int64", "io.debezium.time.MicroTime"), "3723000005") == "01:02:03.000005");
  // MySQL TIME is a duration: beyond a day and negative.
  CHECK(field(logical("int64", "io.debezium.time.MicroTime"), "3020399000000") == "838:59:59");
  CHECK(field(logical("int64", "io.debezium.time.MicroTime"), "-5400000000") == "-01:30:00");
  CHECK(field(logical("int64", "io.debezium.time.NanoTime"), "3723000005999") == "01:02:03.000005");
  CHECK(field(logical("int64", "io.debezium.time.Timestamp"), "1700000000123") ==
        "2023-11-14 22:13:20.123000");
  CHECK(field(logical("int64", "io.debezium.time.MicroTimestamp"), "1700000000123456") ==
        "2023-11-14 22:13:20.123456");
  CHECK(field(logical("int64", "io.debezium.time.MicroTimestamp"), "-1234567890123456") ==
        "1930-11-18 00:28:29.876544");
  CHECK(field(logical("int64", "io.debezium.time.NanoTimestamp"), "1700000000123456789") ==
        "2023-11-14 22:13:20.123456");
  CHECK(field(logical("int64", "io.debezium.time.NanoTimestamp"), "-1") ==
        "1969-12-31 23:59:59.999999");
  const std::string zoned = "io.debezium.time.ZonedTimestamp";
  CHECK(field(logical("string", zoned), R"("2021-03-04T05:06:07.123456+02:00")") ==
        "2021-03-04 03:06:07.123456");
  CHECK(field(logical("string", zoned), R"("2021-03-04T05:06:07Z")") == "2021-03-04 05:06:07");
  CHECK(field(logical("string", zoned), R"("1969-12-31T23:30:00-01:00")") == "1970-01-01 00:30:00");
  CHECK(field(logical("string", zoned), R"("2024-02-29T00:00:00.5+05:30")") ==
        "2024-02-28 18:30:00.500000");
  CHECK(field(logical("string", "io.debezium.time.ZonedTime"), R"("10:15:30.5+11:00")") ==
        "23:15:30.500000");
  CHECK(field(logical("string", "io.debezium.time.ZonedTime"), R"("01:00:00Z")") == "01:00:00");
  CHECK(field(logical("int32", "io.debezium.time.Year"), "2024") == 2024);
}

TEST_CASE_FIXTURE(Envelope, "Debezium data types") {
  const std::string vsd =
      R"({"type":"struct","optional":true,"name":"io.debezium.data.VariableScaleDecimal","field":"v","fields":[)"
      R"({"type":"int32","optional":false,"field":"scale"},{"type":"bytes","optional":false,"field":"value"}]})";
  CHECK(field(vsd, R"({"scale":3,"value":"MDk="})") == "12.345");
  CHECK(field(vsd, R"({"value":"tMSzV6V5O4X2dd3AAAAAAQ==","scale":0})") ==
        "-99999999999999999999999999999999999999");
  CHECK(field(logical("string", "io.debezium.data.Json"), R"("{\"k\":[1,2]}")") ==
        R"({"k":[1,2]})");
  CHECK(field(logical("string", "io.debezium.data.Uuid"),
              R"("9f0b7e2a-0000-4000-8000-000000000001")") ==
        "9f0b7e2a-0000-4000-8000-000000000001");
  CHECK(field(logical("bytes", "io.debezium.data.Bits", R"(,"parameters":{"length":"3"})"),
              R"("Bw==")") == 7);
}

TEST_CASE_FIXTURE(Envelope, "a Debezium change event with schemas") {
  const std::string row_schema =
      R"({"type":"struct","optional":true,"name":"db.shop.orders.Value","fields":[)"
      R"({"type":"int32","optional":false,"field":"id"},)"
      R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,)"
      R"("parameters":{"scale":"2","connect.decimal.precision":"10"},"field":"price"},)"
      R"({"type":"int64","optional":true,"name":"io.debezium.time.MicroTimestamp","version":1,"field":"created"}]})";
  auto with_field = [](std::string s, const std::string& name) {
    return s.insert(s.size() - 1, R"(,"field":")" + name + "\"");
  };
  const std::string schema =
      R"({"type":"struct","optional":false,"name":"db.shop.orders.Envelope","fields":[)" +
      with_field(row_schema, "before") + "," + with_field(row_schema, "after") +
      R"(,{"type":"string","optional":false,"field":"op"},{"type":"int64","optional":true,"field":"ts_ms"}]})";
  Value out_schema;
  Value v = convert(
      R"({"schema":)" + schema +
          R"(,"payload":{"before":null,"after":{"id":1,"price":"AeI=","created":-1},"op":"c","ts_ms":1}})",
      &out_schema);
  CHECK(
      v.dump() ==
      R"({"before":null,"after":{"id":1,"price":"4.82","created":"1969-12-31 23:59:59.999999"},"op":"c","ts_ms":1})");
  CHECK(out_schema.at("name") == "db.shop.orders.Envelope");
  CHECK(
      error(
          R"({"schema":)" + schema +
          R"(,"payload":{"before":null,"after":{"id":1,"price":"not base64!","created":null},"op":"c"}})") ==
      "payload.after.price: org.apache.kafka.connect.data.Decimal: invalid base64: unexpected "
      "character at 3");
  CHECK(error(R"({"schema":)" + schema +
              R"(,"payload":{"after":{"id":1,"created":null},"op":"c"}})") ==
        "payload.after.price: null in a required field of type bytes "
        "(org.apache.kafka.connect.data.Decimal)");
}

TEST_CASE_FIXTURE(Envelope, "defaults fill nulls; optional nulls stay null") {
  CHECK(field(R"({"type":"int32","optional":false,"default":5,"field":"v"})", "null") == 5);
  CHECK(field(R"({"type":"int32","optional":true,"field":"v"})", "null").is_null());
  CHECK(
      convert(
          R"({"schema":{"type":"struct","optional":false,"fields":[{"type":"string","optional":true,"field":"gone"}]},"payload":{}})")
          .dump() == R"({"gone":null})");
  CHECK(field(decimal_schema(2).insert(decimal_schema(2).size() - 1, R"(,"default":"MDk=")"),
              "null") == "123.45");
}

TEST_CASE_FIXTURE(Envelope,
                  "payloads that do not match their schema are bad records naming the field") {
  CHECK(error(one_field(R"({"type":"int32","optional":false,"field":"v"})", R"("12")")) ==
        "payload.v: expected an integer (int32), got a string");
  CHECK(error(one_field(R"({"type":"int32","optional":false,"field":"v"})", "1.5")) ==
        "payload.v: expected an integer (int32), got number 1.5");
  CHECK(error(one_field(R"({"type":"int8","optional":false,"field":"v"})", "128")) ==
        "payload.v: 128 is out of range for int8");
  CHECK(
      error(one_field(R"({"type":"int64","optional":false,"field":"v"})", "9223372036854775808")) ==
      "payload.v: 9223372036854775808 is out of range for int64");
  CHECK(error(one_field(R"({"type":"int64","optional":false,"field":"v"})",
                        "123456789012345678901234")) ==
        "payload.v: 123456789012345678901234 is out of range for int64");
  CHECK(error(one_field(R"({"type":"boolean","optional":false,"field":"v"})", "0")) ==
        "payload.v: expected a boolean, got number 0");
  CHECK(error(one_field(R"({"type":"float64","optional":false,"field":"v"})", "[]")) ==
        "payload.v: expected a number (float64), got an array");
  CHECK(error(one_field(R"({"type":"bytes","optional":false,"field":"v"})", R"("a")")) ==
        "payload.v: invalid base64: truncated at character 0");
  CHECK(error(one_field(R"({"type":"int32","optional":false,"field":"v"})", "null")) ==
        "payload.v: null in a required field of type int32");
  CHECK(
      error(one_field(
          R"({"type":"array","optional":false,"field":"v","items":{"type":"string","optional":false}})",
          R"(["a",null])")) == "payload.v[1]: null in a required field of type string");
  CHECK(
      error(one_field(
          R"({"type":"map","optional":false,"field":"v","keys":{"type":"string","optional":false},)"
          R"("values":{"type":"int32","optional":false}})",
          R"({"k":"x"})")) == R"(payload.v["k"]: expected an integer (int32), got a string)");
  CHECK(error(one_field(R"({"type":"struct","optional":false,"field":"v","fields":[]})", "3")) ==
        "payload.v: expected an object (struct), got number 3");
  CHECK(error(one_field(decimal_schema(2), "true")) ==
        "payload.v: org.apache.kafka.connect.data.Decimal: expected a base64 string or a number");
  CHECK(error(one_field(decimal_schema(2), R"("")")) ==
        "payload.v: org.apache.kafka.connect.data.Decimal: empty decimal value (no bytes)");
  CHECK(error(one_field(logical("bytes", kDecimal), R"("MDk=")")) ==
        "payload.v: org.apache.kafka.connect.data.Decimal: the schema has no 'scale' parameter");
  CHECK(error(one_field(logical("int32", "org.apache.kafka.connect.data.Time"), "86400000")) ==
        "payload.v: org.apache.kafka.connect.data.Time: time of 86400000 ms is not within a day (0 "
        "to 86399999)");
  CHECK(error(one_field(logical("string", "org.apache.kafka.connect.data.Date"),
                        R"("2020-01-01")")) ==
        "payload.v: org.apache.kafka.connect.data.Date: this logical type needs an integer schema "
        "type");
  CHECK(error(one_field(logical("string", "io.debezium.time.ZonedTimestamp"),
                        R"("2021-02-29T00:00:00Z")")) ==
        "payload.v: io.debezium.time.ZonedTimestamp: \"2021-02-29T00:00:00Z\" is not an ISO-8601 "
        "timestamp with offset");
  CHECK(error(one_field(R"({"type":"decimal","optional":false,"field":"v"})", "1")) ==
        "payload.v: invalid schema: unknown type 'decimal'");
  CHECK(error(R"({"schema":{"type":"struct","fields":[{"type":"int32"}]},"payload":{}})") ==
        "payload: invalid schema: a struct field without a 'field' name");
  CHECK(error(R"({"schema":{"optional":true},"payload":1})") ==
        "payload: invalid schema: no 'type'");
  CHECK(error(R"({"schema":{"type":"array","optional":true},"payload":[]})") ==
        "payload: invalid schema: array without 'items'");
}
