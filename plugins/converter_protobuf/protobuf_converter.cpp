#include "protobuf_converter.hpp"

#include <sluice_registry/wire_format.hpp>

#include "message_to_value.hpp"

namespace sluice::protobuf_converter {

ProtobufConverter::ProtobufConverter(registry::RegistryConfig config, Host host)
    : client_(config),
      cache_(registry::shared_schema_cache<ProtoSchema>(config.cache_key())),
      host_(std::move(host)) {}

Status ProtobufConverter::schema_for(std::int32_t id, std::shared_ptr<const ProtoSchema>& out) {
  if ((out = cache_->find(id))) return Status::ok();
  std::shared_ptr<const ProtoSchema> loaded;
  Status st = load_proto_schema(client_, id, loaded);
  host_.count("converter_schema_fetches_total");
  if (!st) {
    if (st.code() == Errc::retryable) host_.count("converter_schema_fetch_failures_total");
    return st;
  }
  out = cache_->insert(id, std::move(loaded));
  host_.debug("loaded Protobuf schema id " + std::to_string(id));
  return Status::ok();
}

Status ProtobufConverter::convert(std::string_view bytes, const ConvertContext&, Value& value,
                                  Value&) {
  registry::WireHeader header;
  std::string error;
  if (!registry::parse_wire_header(bytes, header, error)) return Status::bad_record(error);
  std::shared_ptr<const ProtoSchema> schema;
  if (Status st = schema_for(header.schema_id, schema); !st) return st;
  return decode_with_schema(*schema, header.schema_id, header.payload, value);
}

Status decode_with_schema(const ProtoSchema& schema, std::int32_t id, std::string_view payload,
                          Value& value) {
  std::vector<std::int32_t> indexes;
  std::string error;
  if (!registry::parse_message_indexes(payload, registry::kWireHeaderSize, indexes, error))
    return Status::bad_record(error);
  const google::protobuf::Descriptor* type = schema.message_at(indexes);
  if (!type) {
    std::string list;
    for (auto i : indexes) list += (list.empty() ? "" : ",") + std::to_string(i);
    return Status::bad_record("message index [" + list + "] names no message in schema id " +
                              std::to_string(id));
  }
  auto message = schema.new_message(type);
  if (!message) return Status::bad_record("cannot create a message of type " + type->full_name());
  if (payload.size() > static_cast<std::size_t>(INT32_MAX) ||
      !message->ParsePartialFromArray(payload.data(), static_cast<int>(payload.size())))
    return Status::bad_record("cannot decode " + type->full_name() + " (schema id " +
                              std::to_string(id) + ") from the " + std::to_string(payload.size()) +
                              " bytes after the header: truncated or invalid Protobuf data");
  Value out;
  if (!message_to_value(*message, out, error))
    return Status::bad_record("cannot convert " + type->full_name() + ": " + error);
  value = std::move(out);
  return Status::ok();
}

}  // namespace sluice::protobuf_converter
