// One entry of Debezium's `add.fields` / `add.headers` lists: a field of the change event
// ("op", "table", "source.ts_ms", "transaction.id", optionally renamed: "source.ts_ms:EVENT_TS").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/record.hpp>

namespace sluice_debezium {

using sluice::Value;

struct FieldReference {
  /// The struct that holds the field: "source", "transaction", ..., or "" for the envelope itself.
  std::string parent;
  /// The field's own name inside `parent`.
  std::string field;
  /// The name it gets in the output: prefix + (rename | field | parent + "_" + field).
  std::string output_name;

  /// Parses one entry as Debezium does: "a" (parent implied: op, ts_ms, ts_us and ts_ns are top
  /// level; id, total_order and data_collection_order are in "transaction"; anything else is in
  /// "source"), "struct.a", and either with ":NEW" to rename. Throws std::invalid_argument naming
  /// `option` for an entry it cannot read.
  static FieldReference parse(std::string_view entry, std::string_view prefix,
                              std::string_view option);

  static std::vector<FieldReference> parse_list(const std::vector<std::string>& entries,
                                                std::string_view prefix, std::string_view option);

  /// The field's value in `envelope`, or nothing when the event does not have the field (then it
  /// is not added, as in Debezium). Looked up in the parent struct first, then, as Debezium does
  /// for fields another transform put there, at the top level. A parent that is present but null
  /// (e.g. "transaction" during a snapshot) gives null.
  std::optional<Value> resolve(const Value& envelope) const;

  /// The Connect schema of the field, from the envelope schema, made optional; null if unknown.
  Value resolve_schema(const Value& envelope_schema) const;
};

}  // namespace sluice_debezium
