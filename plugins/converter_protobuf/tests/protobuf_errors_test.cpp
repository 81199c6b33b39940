// Bad bytes, bad schemas and registry trouble: clear per-record errors, retryable outages.
#include <doctest/doctest.h>

#include <sluice_registry/wire_format.hpp>

#include "fixture.hpp"

using namespace test_protos;
using sluice::Errc;

namespace {
std::string order_bytes(ProtoFixture& f) {
  auto order = f.encoder.make("shop.Order");
  set_str(*order, "created_at", "2024-01-01");
  set_str(sub(*order, "first_line"), "sku", "A-1");
  return frame(f.order_id, {1}, *order);
}
}  // namespace

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: bad bytes are bad records with the reason") {
  auto st = status_of("{\"id\":1}");
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "not Confluent wire format: first byte 0x7b (expected 0x00)");

  st = status_of(std::string("\0\0\0", 3));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message().find("truncated Confluent header") == 0);

  st = status_of(sluice::registry::encode_wire_header(4242) + std::string(1, '\0'));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "schema id 4242 not found in the registry");

  const std::string good = order_bytes(*this);
  st = status_of(good.substr(0, good.size() - 3));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message().find("cannot decode shop.Order (schema id 2)") == 0);

  st = status_of(sluice::registry::encode_wire_header(order_id));  // no message indexes
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "truncated message indexes at byte 5");

  st = status_of(sluice::registry::encode_wire_header(order_id) +
                 sluice::registry::encode_message_indexes({7}));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "message index [7] names no message in schema id 2");

  // A string field with invalid UTF-8 (proto3 parsing refuses it).
  auto other = encoder.make("shop.Other");
  set_str(*other, "x", "\xff\xfe");
  st = status_of(frame(order_id, {0}, *other));
  CHECK(st.code() == Errc::bad_record);

  // Random garbage after a valid header never crashes.
  int refused = 0;
  for (int len = 0; len < 64; ++len) {
    std::string bytes = sluice::registry::encode_wire_header(order_id) + std::string(1, '\x02') +
                        std::string(1, '\x02');
    for (int i = 0; i < len; ++i) bytes += static_cast<char>((i * 37 + len * 11) & 0xFF);
    const auto g = status_of(bytes);
    CAPTURE(len);
    // It decodes (protobuf accepts much) or is a bad record that says why; never anything else.
    CHECK((g.is_ok() || g.code() == Errc::bad_record));
    if (!g.is_ok()) {
      ++refused;
      CHECK_FALSE(g.message().empty());
    }
  }
  CHECK(refused >= 1);
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: registry outages are retryable and recover") {
  const std::string bytes = order_bytes(*this);
  wait_until_serving();
  registry.set_down(true);
  auto st = status_of(bytes);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("unreachable for schema id 2") != std::string::npos);
  registry.set_down(false);

  registry.fail_next_requests(1, 500);
  st = status_of(bytes);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("answered 500 to schema id 2") != std::string::npos);
  // The failure was not cached: the next call fetches and succeeds.
  CHECK(convert(bytes)["first_line"]["sku"] == "A-1");
  CHECK(harness.host().metric("protobuf", "converter_schema_fetch_failures_total") == 2);
  CHECK(harness.host().metric("protobuf", "converter_schema_fetches_total") == 3);

  // Once cached, an outage does not matter.
  registry.set_down(true);
  CHECK(convert(bytes)["created_at"] == "2024-01-01");
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: schemas that cannot be used are bad records") {
  using sluice::tools::SchemaType;
  const int avro = registry.register_schema("a-value", R"("string")");
  auto st = status_of(sluice::registry::encode_wire_header(avro) + std::string(1, '\0'));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "schema id " + std::to_string(avro) + " is AVRO, not PROTOBUF");

  const int broken =
      registry.register_schema("b-value", "syntax = \"proto3\";\nmessage {", SchemaType::Protobuf);
  st = status_of(sluice::registry::encode_wire_header(broken) + std::string(1, '\0'));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message().find("cannot parse schema id " + std::to_string(broken) + ": line 2:") == 0);

  const int missing = registry.register_schema(
      "c-value", "syntax = \"proto3\";\nimport \"nowhere.proto\";\nmessage M { int32 a = 1; }",
      SchemaType::Protobuf);
  st = status_of(sluice::registry::encode_wire_header(missing) + std::string(1, '\0'));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() ==
        "import 'nowhere.proto' is neither a reference of the schema nor a well-known file");
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: options are checked") {
  CHECK_THROWS_WITH(harness.converter("protobuf", sluice::Value::object()),
                    doctest::Contains("missing required option 'schema_registry_url'"));
  CHECK_THROWS_WITH(make_converter({{"schema_registry_url", "localhost:8081"}}),
                    doctest::Contains("is not an http:// or https:// URL"));
  const auto& d = harness.descriptor(sluice::PluginKind::converter, "protobuf");
  bool secret = false;
  for (const auto& o : d.options)
    if (o.name == "schema_registry_basic_auth_user_info") secret = o.secret;
  CHECK(secret);
}
