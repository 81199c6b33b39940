// What the transforms read of a Kafka Connect schema (the record's key_schema/value_schema as
// Kafka's JsonConverter writes it): a struct field's schema and the logical type names.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <sluice/record.hpp>

namespace sluice_connect {

enum class Logical { none, decimal, date, time, timestamp };

/// The schema of field `name` in the struct schema `schema`, or nullptr.
const sluice::Value* field_schema(const sluice::Value& schema, std::string_view name);

/// The Kafka logical type `schema` names (org.apache.kafka.connect.data.*); none for nullptr.
Logical logical_of(const sluice::Value* schema);

/// Connect's `type` of `schema` ("int8", "float", ...), or "" for nullptr / none.
std::string_view schema_type(const sluice::Value* schema);

/// A logical value in sluice's text form as Kafka encodes it (Date.fromLogical & co.): Date →
/// days since the epoch, Time → milliseconds of the day, Timestamp → epoch milliseconds.
std::optional<std::int64_t> encode_temporal(Logical type, std::string_view text);

}  // namespace sluice_connect
