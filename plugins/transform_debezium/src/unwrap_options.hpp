// Options of debezium_unwrap (Debezium's ExtractNewRecordState), under Debezium's own names.
#pragma once

#include <string>
#include <vector>

#include <sluice/options.hpp>

#include "field_reference.hpp"

namespace sluice_debezium {

/// What happens to a delete event (op "d").
enum class DeleteAction {
  drop,        ///< removed
  null_value,  ///< value becomes null, schema the row's ("delete.handling.mode=none", "tombstone")
  tombstone,   ///< value and schema become null ("delete-to-tombstone")
  rewrite,     ///< value becomes `before` plus __deleted = "true"
};

struct UnwrapConfig {
  DeleteAction deletes = DeleteAction::drop;
  /// Kafka tombstones (null values) pass on; otherwise they are dropped.
  bool keep_tombstones = false;
  /// Rewrite mode: rows of c/u/r events get __deleted = "false".
  bool rewrite = false;
  std::vector<FieldReference> add_fields;
  std::vector<FieldReference> add_headers;
  std::string route_by_field;
};

std::vector<sluice::OptionSpec> unwrap_option_specs();

/// Reads validated options; throws std::invalid_argument naming the option when an entry of
/// `add.fields` / `add.headers` cannot be read.
UnwrapConfig parse_unwrap_options(const sluice::Options& options);

}  // namespace sluice_debezium
