// A registry with the test schemas, an encoder for them, and the converter under test.
#pragma once

#include <sluice/testing/harness.hpp>
#include <sluice_registry/registry_client.hpp>
#include <sluice_tools/schema_registry.hpp>

#include "test_protos.hpp"

struct ProtoFixture {
  sluice::tools::SchemaRegistry registry;
  test_protos::Encoder encoder;
  int order_id = 0;
  sluice::testing::Harness harness{PLUGIN_FILE};
  sluice::PluginInstance<sluice::Converter> converter;

  ProtoFixture() {
    using sluice::tools::SchemaType;
    registry.register_schema("common.proto", test_protos::kCommonProto, SchemaType::Protobuf);
    order_id =
        registry.register_schema("orders-value", test_protos::kOrderProto, SchemaType::Protobuf,
                                 {{"common.proto", "common.proto", 1}});
    encoder.add("common.proto", test_protos::kCommonProto);
    encoder.add("google/type/date.proto", test_protos::kDateProto);
    encoder.add("google/type/timeofday.proto", test_protos::kTimeOfDayProto);
    encoder.add("confluent/type/decimal.proto", test_protos::kDecimalProto);
    encoder.add("order.proto", test_protos::kOrderProto);
    converter = make_converter();
  }

  sluice::PluginInstance<sluice::Converter> make_converter(
      sluice::Value extra = sluice::Value::object()) {
    sluice::Value options = {{"schema_registry_url", registry.url()},
                             {"schema_registry_timeout_ms", 5000}};
    for (auto& [k, v] : extra.items()) options[k] = v;
    return harness.converter("protobuf", options);
  }

  /// The fixture's set_down() may hang when called before its server loop runs (cpp-httplib
  /// stop-before-listen race): one answered request proves the loop runs.
  void wait_until_serving() {
    sluice::registry::RegistryConfig c;
    c.urls = {registry.url()};
    sluice::registry::RegistryClient probe(c);
    sluice::registry::RegisteredSchema none;
    REQUIRE(probe.schema_by_id(999999, none).code() == sluice::Errc::bad_record);
  }

  sluice::Value convert(const std::string& bytes) {
    return sluice::testing::convert(*converter, bytes);
  }
  sluice::Status status_of(const std::string& bytes) {
    sluice::Value v, s;
    return converter->convert(bytes, sluice::ConvertContext{"orders", 0, 42, false}, v, s);
  }
};
