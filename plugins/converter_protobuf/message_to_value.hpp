// A decoded Protobuf message → sluice::Value, by reflection (DESIGN.md "Values as StarRocks loads
// them"): field names as the .proto spells them, proto3 defaults present, unset fields with
// presence null, enums by name, bytes base64, well-known types as loadable values.
#pragma once

#include <string>

#include <google/protobuf/message.h>

#include <sluice/record.hpp>

namespace sluice::protobuf_converter {

/// Converts `message`. False when a value cannot be represented (a string that is not UTF-8, an
/// out-of-range Timestamp); `error` then names the field path ("lines[2].name: ...").
bool message_to_value(const google::protobuf::Message& message, Value& out, std::string& error);

}  // namespace sluice::protobuf_converter
