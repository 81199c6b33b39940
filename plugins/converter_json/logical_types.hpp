// Which logical type name gets which conversion (Connect and Debezium names).
#pragma once

#include <optional>
#include <string_view>

#include <sluice/record.hpp>

#include "outcome.hpp"

namespace sluice::json_converter {

/// Applies the logical type `name` to `base`, the payload already checked against and converted
/// to its schema type (an integer, a string, a struct's object). nullopt: a name this converter
/// leaves alone (io.debezium.time.Year, io.debezium.data.Json, Uuid, Enum, EnumSet, ...): keep
/// `base`. `parameters` are the schema's (null when it has none).
std::optional<Outcome<Value>> apply_logical_type(std::string_view name, const Value& base,
                                                 const Value& parameters = Value());

/// Connect Decimal (schema type bytes): `payload` is the base64 string of the unscaled bytes or,
/// with decimal.format=NUMERIC, a number (an integer or a raw number, raw_number.hpp). The result
/// is the exact decimal string at the schema's `scale`.
Outcome<Value> connect_decimal(const Value& payload, const Value& parameters);

}  // namespace sluice::json_converter
