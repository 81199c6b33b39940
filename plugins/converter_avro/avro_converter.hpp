// The avro converter: Confluent wire format → writer schema from the registry → avro-c generic
// value → Value.
#pragma once

#include <memory>

#include <sluice/converter.hpp>
#include <sluice/host.hpp>
#include <sluice_registry/registry_client.hpp>
#include <sluice_registry/schema_cache.hpp>

#include "avro_schema.hpp"

namespace sluice::avro_converter {

class AvroConverter final : public Converter {
 public:
  AvroConverter(registry::RegistryConfig config, Host host);

  Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                 Value& schema) override;

 private:
  Status schema_for(std::int32_t id, std::shared_ptr<const AvroSchema>& out);

  registry::RegistryClient client_;
  std::shared_ptr<registry::SchemaCache<AvroSchema>> cache_;
  Host host_;
};

/// Decodes `payload` (the bytes after the 5-byte header) with `schema`. Shared with the fuzz
/// target, which has no registry.
Status decode_with_schema(const AvroSchema& schema, std::int32_t id, std::string_view payload,
                          Value& value);

}  // namespace sluice::avro_converter
