// Field access shared by the transforms. Field names are Kafka's original (field.syntax.version
// V1) syntax: a top-level field name, dots included ("a.b" is the field named "a.b").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sluice/record.hpp>
#include <sluice/status.hpp>

namespace sluice_connect {

using sluice::Value;

/// The field `name` of `object`, or nullptr when absent (or `object` is not an object).
const Value* find_field(const Value& object, std::string_view name);

/// "string", "integer", "object", ...: the JSON type of `v`, for error messages.
const char* type_name(const Value& v) noexcept;

/// Reads "from:to" entries (ReplaceField `renames`, Cast `spec`). Throws std::invalid_argument
/// naming `option` and the entry when one has no ':' or an empty side.
std::vector<std::pair<std::string, std::string>> parse_pairs(
    const std::vector<std::string>& entries, std::string_view option);

/// bad_record unless `v` is an object: "<transform>: the record <part> must be an object ...".
sluice::Status require_object(const Value& v, std::string_view transform, std::string_view part);

}  // namespace sluice_connect
