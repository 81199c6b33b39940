#include "builtin_protos.hpp"

namespace sluice::protobuf_converter {
namespace {

// Written from the published message layouts (field names and numbers are what matter on the
// wire); comments and options of the originals are left out.
constexpr std::string_view kDate = R"(syntax = "proto3";
package google.type;
message Date {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
}
)";

constexpr std::string_view kTimeOfDay = R"(syntax = "proto3";
package google.type;
message TimeOfDay {
  int32 hours = 1;
  int32 minutes = 2;
  int32 seconds = 3;
  int32 nanos = 4;
}
)";

constexpr std::string_view kConfluentDecimal = R"(syntax = "proto3";
package confluent.type;
message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}
)";

constexpr std::string_view kConfluentMeta = R"(syntax = "proto3";
package confluent;
import "google/protobuf/descriptor.proto";
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}
extend google.protobuf.FileOptions { Meta file_meta = 1088; }
extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }
)";

}  // namespace

std::optional<std::string_view> builtin_proto(std::string_view path) {
  if (path == "google/type/date.proto") return kDate;
  if (path == "google/type/timeofday.proto") return kTimeOfDay;
  if (path == "confluent/type/decimal.proto") return kConfluentDecimal;
  if (path == "confluent/meta.proto") return kConfluentMeta;
  return std::nullopt;
}

}  // namespace sluice::protobuf_converter
