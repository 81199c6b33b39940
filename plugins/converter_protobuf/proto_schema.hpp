// A registry schema as libprotobuf descriptors: the .proto text and everything it imports,
// parsed and built into one DescriptorPool, with a factory for DynamicMessages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <sluice/status.hpp>
#include <sluice_registry/registry_client.hpp>

namespace sluice::protobuf_converter {

class ProtoSchema {
 public:
  ProtoSchema();
  ProtoSchema(const ProtoSchema&) = delete;
  ProtoSchema& operator=(const ProtoSchema&) = delete;

  /// The message type that Confluent message indexes name: the first index picks a top-level
  /// message of the schema's file, each further one a nested message. nullptr when out of range.
  const google::protobuf::Descriptor* message_at(const std::vector<std::int32_t>& indexes) const;

  /// An empty message of `type`, to parse into. Thread-safe.
  std::unique_ptr<google::protobuf::Message> new_message(
      const google::protobuf::Descriptor* type) const;

  const google::protobuf::FileDescriptor* file() const noexcept { return file_; }

 private:
  friend class ProtoSchemaBuilder;
  // Declared before the factory: the factory's prototypes point into the pool.
  google::protobuf::DescriptorPool pool_;
  mutable google::protobuf::DynamicMessageFactory factory_;
  const google::protobuf::FileDescriptor* file_ = nullptr;
};

/// Fetches schema `id` and its references (recursively) and builds it. Registry trouble as the
/// client classifies it; a schema that does not parse or build is a bad_record naming the file
/// and line.
Status load_proto_schema(registry::RegistryClient& client, std::int32_t id,
                         std::shared_ptr<const ProtoSchema>& out);

/// Builds a schema from .proto text whose imports are all built-in or well-known (tests, fuzzing).
Status build_proto_schema(const std::string& text, std::shared_ptr<const ProtoSchema>& out);

}  // namespace sluice::protobuf_converter
