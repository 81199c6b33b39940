// The Kafka Connect JSON envelope {"schema": {...}, "payload": ...}: the payload walked with its
// schema, logical types applied.
#pragma once

#include <sluice/record.hpp>
#include <sluice/status.hpp>

#include "options.hpp"

namespace sluice::json_converter {

inline constexpr const char* kNotAnEnvelope =
    "JSON with schemas_enable must be an object with 'schema' and 'payload' fields and no others "
    "(set schemas_enable = false for plain JSON)";

/// `document` is the parsed message, numbers kept as text (JsonReader::parse_keeping_number_text).
/// On success `value` is the converted payload and `schema` the Connect schema (null for
/// {"schema": null, ...}, whose payload is taken as plain JSON). Errors name the payload path:
/// "payload.after.price: ...". `config` gives replace.null.with.default.
Status read_envelope(Value&& document, Value& value, Value& schema,
                     const JsonConverterConfig& config);

}  // namespace sluice::json_converter
