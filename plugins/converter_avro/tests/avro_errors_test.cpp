// Bad bytes, unusable schemas and registry trouble.
#include <doctest/doctest.h>

#include "avro_fixture.hpp"

using sluice::Errc;

namespace {
const char* const kSchema = R"({"type":"record","name":"R","fields":[
  {"name":"name","type":"string"},{"name":"tags","type":{"type":"array","items":"string"}},
  {"name":"n","type":"long"}]})";

std::string sample(int id) {
  AvroDatum d(kSchema);
  avro_value_t f = AvroDatum::field(d.root(), "name");
  avro_value_set_string(&f, "hello");
  f = AvroDatum::field(d.root(), "tags");
  avro_value_t e = AvroDatum::append(f);
  avro_value_set_string(&e, "t");
  f = AvroDatum::field(d.root(), "n");
  avro_value_set_long(&f, 123456789);
  return d.framed(id);
}
}  // namespace

TEST_CASE_FIXTURE(AvroFixture, "avro: bad bytes are bad records with the reason") {
  const int id = registry.register_schema("r-value", kSchema);
  const std::string good = sample(id);
  CHECK(convert(good).dump() == R"({"name":"hello","tags":["t"],"n":123456789})");

  auto st = status_of("\x01" + good.substr(1));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "not Confluent wire format: first byte 0x01 (expected 0x00)");

  st = status_of(sluice::registry::encode_wire_header(777) + good.substr(5));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "schema id 777 not found in the registry");

  for (std::size_t cut = 5; cut < good.size(); ++cut) {
    st = status_of(good.substr(0, cut));
    CHECK(st.code() == Errc::bad_record);
    CHECK(st.message().find("cannot decode Avro data (schema id 1) from the " +
                            std::to_string(cut - 5) + " bytes after the header") == 0);
  }

  st = status_of(good + "x");
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message().find("bytes left over") == 0);

  // A string claiming 2^62 bytes, an array claiming 2^62 items: refused, not allocated.
  st = status_of(sluice::registry::encode_wire_header(id) +
                 std::string("\xfe\xff\xff\xff\xff\xff\xff\xff\x7f", 9));
  CHECK(st.code() == Errc::bad_record);
  st = status_of(sluice::registry::encode_wire_header(id) + std::string("\x02h") +
                 std::string("\xfe\xff\xff\xff\xff\xff\xff\xff\x7f", 9) + "\x02t");
  CHECK(st.code() == Errc::bad_record);

  // Invalid UTF-8 in a string.
  st = status_of(sluice::registry::encode_wire_header(id) + std::string("\x02\xff\x00\x02", 4));
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "cannot convert Avro data (schema id 1): name: string is not valid UTF-8");

  // An enum index past the symbols (avro-c does not check it).
  const int eid =
      registry.register_schema("e-value", R"({"type":"enum","name":"E","symbols":["A","B"]})");
  st = status_of(sluice::registry::encode_wire_header(eid) + "\x0a");  // index 5
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() ==
        "cannot convert Avro data (schema id 2): enum index 5 out of range (2 symbols)");
  CHECK(convert(sluice::registry::encode_wire_header(eid) + "\x02") == "B");

  // Deterministic garbage never crashes: it decodes (bytes that happen to be valid) or is a bad
  // record that says why, never a retryable or permanent failure.
  int refused = 0;
  for (int len = 0; len < 200; ++len) {
    std::string bytes = sluice::registry::encode_wire_header(id);
    for (int i = 0; i < len; ++i) bytes += static_cast<char>((i * 73 + len * 29) & 0xFF);
    const auto g = status_of(bytes);
    CAPTURE(len);
    CHECK((g.is_ok() || g.code() == Errc::bad_record));
    if (!g.is_ok()) {
      ++refused;
      CHECK(g.message().find(" Avro data (schema id 1)") != std::string::npos);
    }
  }
  CHECK(refused >= 150);  // most of it is not a valid record
}

TEST_CASE_FIXTURE(AvroFixture, "avro: registry outages are retryable and recover") {
  const int id = registry.register_schema("r-value", kSchema);
  const std::string good = sample(id);
  wait_until_serving();
  registry.set_down(true);
  auto st = status_of(good);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("unreachable for schema id 1") != std::string::npos);
  registry.set_down(false);

  registry.fail_next_requests(2, 503);
  CHECK(status_of(good).code() == Errc::retryable);
  st = status_of(good);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("answered 503") != std::string::npos);
  CHECK(convert(good)["name"] == "hello");
}

TEST_CASE_FIXTURE(AvroFixture, "avro: schemas that cannot be used are bad records") {
  const int proto = registry.register_schema("p-value", "syntax = \"proto3\";",
                                             sluice::tools::SchemaType::Protobuf);
  auto st = status_of(sluice::registry::encode_wire_header(proto) + "x");
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "schema id 1 is PROTOBUF, not AVRO");

  const int broken = registry.register_schema("b-value", R"({"type":"record","name":"X"})");
  st = status_of(sluice::registry::encode_wire_header(broken) + "x");
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message().find("schema id 2: invalid Avro schema") == 0);

  const int unknown = registry.register_schema("u-value", R"("NoSuchType")");
  st = status_of(sluice::registry::encode_wire_header(unknown) + "x");
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "schema id 3: invalid Avro schema: unknown type 'NoSuchType'");
}
