// .proto files that Confluent serializers import without registering them as references
// (google/type/*, confluent/*). google/protobuf/*.proto come from libprotobuf itself.
#pragma once

#include <optional>
#include <string_view>

namespace sluice::protobuf_converter {

/// The text of a built-in import, or nullopt when `path` is not one.
std::optional<std::string_view> builtin_proto(std::string_view path);

}  // namespace sluice::protobuf_converter
