// Kafka's `replace.null.with.default` (InsertField, ReplaceField, ValueToKey, ExtractField): with
// a Connect schema, a null field whose schema has a default reads as the default (Struct.get),
// unless the option is false (Struct.getWithoutDefault).
#pragma once

#include <optional>
#include <vector>

#include <sluice/options.hpp>
#include <sluice/record.hpp>

namespace sluice_connect {

/// The option `replace.null.with.default` (boolean, default true).
sluice::OptionSpec replace_null_option_spec();
bool parse_replace_null(const sluice::Options& options);

/// The default of `field_schema` in sluice's value form (Date/Time/Timestamp defaults, which
/// JsonConverter writes as integers, become sluice text); nothing when it has none, or when it
/// is a Decimal (its JSON form is Base64 bytes).
std::optional<sluice::Value> schema_default(const sluice::Value* field_schema);

/// `value` as Struct.get / getWithoutDefault read it.
sluice::Value read_field(const sluice::Value* value, const sluice::Value* field_schema,
                         bool replace_null);

/// Every null (or missing) field of the Struct `object` whose schema in `struct_schema` has a
/// default becomes the default, when `replace_null` (Kafka's SMTs copy a Struct field by field
/// with Struct.get).
void put_struct_defaults(sluice::Value& object, const sluice::Value& struct_schema,
                         bool replace_null);

}  // namespace sluice_connect
