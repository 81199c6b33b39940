// Recognising Debezium change events in JSON text read by RawJsonReader: the same rules as
// classify() and looks_like_debezium_metadata() in envelope.hpp for schemaless values.
#pragma once

#include <optional>
#include <string_view>

#include "envelope.hpp"
#include "raw_json.hpp"

namespace sluice_debezium {

/// classify() for the top-level members of a schemaless value (never Shape::tombstone: null text
/// is not an object). `op` receives the op code of a change event. nullopt when the op code holds
/// an escape sequence (left to the value-tree path).
std::optional<Shape> classify_raw(const RawObject& value, std::string_view& op);

/// looks_like_debezium_metadata() for the top-level members of a value that is not a change event.
bool looks_like_debezium_metadata_raw(const RawObject& value);

}  // namespace sluice_debezium
