// A registry, an avro-c encoder for test data, and the converter under test.
#pragma once

#include <stdexcept>
#include <string>

#include <avro.h>

#include <sluice/testing/harness.hpp>
#include <sluice_registry/registry_client.hpp>
#include <sluice_registry/wire_format.hpp>
#include <sluice_tools/schema_registry.hpp>

/// One value of a schema, filled through avro-c's generic value API and written with
/// avro_value_write: the same encoder a C producer uses.
class AvroDatum {
 public:
  explicit AvroDatum(const std::string& schema_json) {
    if (avro_schema_from_json_length(schema_json.data(), schema_json.size(), &schema_))
      throw std::runtime_error(std::string("test schema: ") + avro_strerror());
    iface_ = avro_generic_class_from_schema(schema_);
    avro_generic_value_new(iface_, &value_);
  }
  ~AvroDatum() {
    avro_value_decref(&value_);
    avro_value_iface_decref(iface_);
    avro_schema_decref(schema_);
  }
  AvroDatum(const AvroDatum&) = delete;
  AvroDatum& operator=(const AvroDatum&) = delete;

  avro_value_t& root() { return value_; }
  static avro_value_t field(avro_value_t& record, const char* name) {
    avro_value_t f;
    if (avro_value_get_by_name(&record, name, &f, nullptr))
      throw std::runtime_error(std::string("no field ") + name);
    return f;
  }
  static avro_value_t branch(avro_value_t& u, int index) {
    avro_value_t b;
    avro_value_set_branch(&u, index, &b);
    return b;
  }
  static avro_value_t append(avro_value_t& array) {
    avro_value_t e;
    avro_value_append(&array, &e, nullptr);
    return e;
  }
  static avro_value_t put(avro_value_t& map, const char* key) {
    avro_value_t e;
    avro_value_add(&map, key, &e, nullptr, nullptr);
    return e;
  }

  /// The binary encoding of the value (no header).
  std::string encode() {
    std::size_t size = 0;
    avro_value_sizeof(&value_, &size);
    std::string buf(size, '\0');
    avro_writer_t w = avro_writer_memory(buf.data(), static_cast<std::int64_t>(size));
    const int rc = avro_value_write(w, &value_);
    avro_writer_free(w);
    if (rc) throw std::runtime_error(std::string("avro_value_write: ") + avro_strerror());
    return buf;
  }
  std::string framed(int id) { return sluice::registry::encode_wire_header(id) + encode(); }

 private:
  avro_schema_t schema_ = nullptr;
  avro_value_iface_t* iface_ = nullptr;
  avro_value_t value_{};
};

struct AvroFixture {
  sluice::tools::SchemaRegistry registry;
  sluice::testing::Harness harness{PLUGIN_FILE};
  sluice::PluginInstance<sluice::Converter> converter;

  AvroFixture() { converter = make_converter(); }

  sluice::PluginInstance<sluice::Converter> make_converter() {
    return harness.converter(
        "avro", {{"schema_registry_url", registry.url()}, {"schema_registry_timeout_ms", 5000}});
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
    return converter->convert(bytes, sluice::ConvertContext{"orders", 0, 7, false}, v, s);
  }
};
