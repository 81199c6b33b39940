#include "avro_converter.hpp"

#include <sluice_registry/wire_format.hpp>

#include "allocation_limit.hpp"
#include "avro_to_value.hpp"

namespace sluice::avro_converter {

AvroConverter::AvroConverter(registry::RegistryConfig config, Host host)
    : client_(config),
      cache_(registry::shared_schema_cache<AvroSchema>(config.cache_key())),
      host_(std::move(host)) {
  install_limiting_allocator();
}

Status AvroConverter::schema_for(std::int32_t id, std::shared_ptr<const AvroSchema>& out) {
  if ((out = cache_->find(id))) return Status::ok();
  std::shared_ptr<const AvroSchema> loaded;
  Status st = load_avro_schema(client_, id, loaded);
  host_.count("converter_schema_fetches_total");
  if (!st) {
    if (st.code() == Errc::retryable) host_.count("converter_schema_fetch_failures_total");
    return st;
  }
  out = cache_->insert(id, std::move(loaded));
  host_.debug("loaded Avro schema id " + std::to_string(id));
  return Status::ok();
}

Status AvroConverter::convert(std::string_view bytes, const ConvertContext&, Value& value, Value&) {
  registry::WireHeader header;
  std::string error;
  if (!registry::parse_wire_header(bytes, header, error)) return Status::bad_record(error);
  std::shared_ptr<const AvroSchema> schema;
  if (Status st = schema_for(header.schema_id, schema); !st) return st;
  return decode_with_schema(*schema, header.schema_id, header.payload, value);
}

namespace {

/// avro-c objects released on every path.
struct Decoding {
  avro_value_t value{};
  bool has_value = false;
  avro_reader_t reader = nullptr;
  ~Decoding() {
    if (reader) avro_reader_free(reader);
    if (has_value) avro_value_decref(&value);
  }
};

}  // namespace

Status decode_with_schema(const AvroSchema& schema, std::int32_t id, std::string_view payload,
                          Value& value) {
  const std::string where = "schema id " + std::to_string(id);
  // Declared before `d`: destroyed after avro-c released the value, it frees what avro-c leaked.
  DecodeAllocations allocations(decode_allocation_limit(payload.size()));
  Decoding d;
  if (avro_generic_value_new(schema.value_class(), &d.value) != 0)
    return Status::bad_record("cannot create a value for " + where + ": " + avro_strerror());
  d.has_value = true;
  d.reader = avro_reader_memory(payload.data(), static_cast<std::int64_t>(payload.size()));
  if (!d.reader) return Status::bad_record("cannot create an avro-c reader");
  avro_value_t target = d.value;
  if (schema.root_branch() >= 0 &&
      avro_value_set_branch(&d.value, schema.root_branch(), &target) != 0)
    return Status::bad_record("cannot select the root of " + where + ": " + avro_strerror());
  if (avro_value_read(d.reader, &target) != 0)
    return Status::bad_record("cannot decode Avro data (" + where + ") from the " +
                              std::to_string(payload.size()) +
                              " bytes after the header: " + avro_strerror());
  char extra = 0;
  if (avro_read(d.reader, &extra, 1) == 0)
    return Status::bad_record("bytes left over after the Avro data (" + where +
                              "): the writer used another schema?");
  Value out;
  std::string error;
  if (!avro_to_value(target, schema.root(), out, error))
    return Status::bad_record("cannot convert Avro data (" + where + "): " + error);
  value = std::move(out);
  return Status::ok();
}

}  // namespace sluice::avro_converter
