// The protobuf converter: Confluent wire format → schema from the registry → DynamicMessage →
// Value.
#pragma once

#include <memory>

#include <sluice/converter.hpp>
#include <sluice/host.hpp>
#include <sluice_registry/registry_client.hpp>
#include <sluice_registry/schema_cache.hpp>

#include "proto_schema.hpp"

namespace sluice::protobuf_converter {

class ProtobufConverter final : public Converter {
 public:
  ProtobufConverter(registry::RegistryConfig config, Host host);

  Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                 Value& schema) override;

 private:
  Status schema_for(std::int32_t id, std::shared_ptr<const ProtoSchema>& out);

  registry::RegistryClient client_;
  std::shared_ptr<registry::SchemaCache<ProtoSchema>> cache_;
  Host host_;
};

/// Decodes `payload` (the bytes after the 5-byte header) with `schema`: message indexes, then
/// the message. Shared with the fuzz target, which has no registry.
Status decode_with_schema(const ProtoSchema& schema, std::int32_t id, std::string_view payload,
                          Value& value);

}  // namespace sluice::protobuf_converter
