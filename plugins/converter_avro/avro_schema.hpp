// A registry schema as avro-c objects (for decoding) plus the logical-type model (for values).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <avro.h>

#include <sluice/status.hpp>
#include <sluice_registry/registry_client.hpp>

#include "schema_model.hpp"

namespace sluice::avro_converter {

class AvroSchema {
 public:
  AvroSchema() = default;
  ~AvroSchema();
  AvroSchema(const AvroSchema&) = delete;
  AvroSchema& operator=(const AvroSchema&) = delete;

  /// The writer schema messages are read with (borrowed from `parsed_`).
  avro_schema_t writer() const noexcept { return writer_; }
  /// avro-c's generic value class for the parsed schema; immutable, shared by threads.
  avro_value_iface_t* value_class() const noexcept { return class_; }
  /// With references the parsed schema is a union of the referenced schemas and the root:
  /// values are read into this branch of it. -1 without references.
  int root_branch() const noexcept { return root_branch_; }
  const SchemaNode* root() const noexcept { return root_; }

  /// Builds from the root schema text and the texts of the schemas it references, dependencies
  /// first. bad_record with avro-c's reason when a text is not a valid schema.
  static Status build(const std::vector<std::string>& references, const std::string& root,
                      std::shared_ptr<const AvroSchema>& out);

 private:
  avro_schema_t parsed_ = nullptr;
  avro_schema_t writer_ = nullptr;
  avro_value_iface_t* class_ = nullptr;
  int root_branch_ = -1;
  SchemaModel model_;
  const SchemaNode* root_ = nullptr;
};

/// Fetches schema `id` and its references (recursively) and builds it.
Status load_avro_schema(registry::RegistryClient& client, std::int32_t id,
                        std::shared_ptr<const AvroSchema>& out);

}  // namespace sluice::avro_converter
