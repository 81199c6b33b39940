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

// --- Schema types (JsonConverterTest: booleanToConnect ... structToConnect)
// -----------------------

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
