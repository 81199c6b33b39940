// Options of debezium_op (StarRocks's AddOpFieldForDebeziumRecord, fixed). sluice's own names.
#pragma once

#include <string>
#include <vector>

#include <sluice/options.hpp>

namespace sluice_debezium {

struct OpConfig {
  /// Column that receives 0 (upsert) or 1 (delete): StarRocks reads `__op`.
  std::string field = "__op";
  /// On a change event: true replaces the value by its row (as the Java transform does); false
  /// writes the column inside `after` / `before` and keeps the envelope for debezium_unwrap.
  bool unwrap_envelope = true;
  /// On a row: the field that marks a delete with "true" (debezium_unwrap's rewrite modes).
  std::string deleted_field = "__deleted";
  /// A tombstone becomes a delete row made of its key columns.
  bool tombstones_as_deletes = false;
};

std::vector<sluice::OptionSpec> op_option_specs();
OpConfig parse_op_options(const sluice::Options& options);

}  // namespace sluice_debezium
