// Recognising Debezium change events (the "envelope": before, after, source, op, ts_ms) in a
// record, with or without the Kafka Connect schema the converter kept in Record::value_schema.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <sluice/record.hpp>

namespace sluice_debezium {

using sluice::Value;

/// The operation of a change event, from its `op` field.
enum class Op { create, update, read, remove, truncate, other };

/// Op for a Debezium op code ("c", "u", "r", "d", "t"); Op::other for anything else ("m", ...).
Op parse_op(std::string_view code) noexcept;

/// Where the row of a change event is, and its StarRocks `__op` code.
struct RowOfOp {
  const char* field;  ///< "after" for c/u/r (upserts), "before" for d (deletes)
  int op_code;        ///< 0 upsert, 1 delete
};

/// The row of an upsert or a delete; nullopt for truncates and unknown ops (no row).
std::optional<RowOfOp> row_of(Op op) noexcept;

/// What a record's value is, as far as the Debezium transforms care.
enum class Shape {
  tombstone,     ///< null value
  change_event,  ///< a Debezium envelope
  other,         ///< anything else: a row, a heartbeat, a schema change event, ...
};

/// Classifies the value of `r` (which must be parsed).
///
/// With a named value schema, Debezium's own rule decides: an envelope's schema name ends with
/// ".Envelope". Without a schema (or an unnamed one), the shape decides: an object with a string
/// `op` and a `before` or `after` field, or a truncate (`op` "t" with a `source`).
Shape classify(const sluice::Record& r);

/// True for the schemas of Debezium's own non-row messages (heartbeats, schema changes,
/// transaction metadata, logical decoding messages): their names start with
/// "io.debezium.connector.".
bool is_debezium_metadata_schema(const Value& schema);

/// True for schemaless values shaped like Debezium's own non-row messages: a logical decoding
/// message (`op` with a `source`, no row), a schema change event (`ddl` with a `source`), or a
/// heartbeat (`ts_ms` alone). Call only for values that are not change events.
bool looks_like_debezium_metadata(const Value& value);

/// The `op` code of an envelope ("" when absent or not a string).
std::string_view op_code(const Value& envelope);

/// The member `key` of `object`, or nullptr when `object` is not an object or has no such member.
const Value* member(const Value& object, std::string_view key);

/// The schema of field `name` inside a Connect struct schema, or nullptr.
const Value* field_schema(const Value& struct_schema, std::string_view name);

/// Appends (or replaces) field `name` in a Connect struct schema; does nothing when `schema` is not
/// a struct schema (e.g. null, for schemaless records).
void put_field_schema(Value& struct_schema, std::string_view name, Value field);

/// A Connect struct schema for the row held in envelope field `name` ("after" or "before"): the
/// field's own schema without its "field" key. Null when the envelope schema is null or lacks it.
Value row_schema(const Value& envelope_schema, std::string_view name);

/// "object", "string", "number", ... for error messages.
std::string json_type(const Value& v);

}  // namespace sluice_debezium
