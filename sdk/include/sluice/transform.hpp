// sluice SDK — transform plugins: one record in, zero or more records out.
#pragma once

#include <vector>

#include "sluice/record.hpp"
#include "sluice/status.hpp"

namespace sluice {

/// Changes, drops, splits or routes records. Transforms run in the order the pipeline lists them.
///
/// Calls on one instance never overlap (one instance per worker). A transform that routes a record
/// to another table sets Record::table.
class Transform {
 public:
  virtual ~Transform() = default;

  /// Takes `record` and appends the records it becomes to `out` (which the engine empties before
  /// each call): append it changed, append nothing to drop it (counted as filtered by a rule), or
  /// append several. A record the transform cannot handle: Status::bad_record with the reason,
  /// and nothing appended.
  virtual Status apply(Record&& record, std::vector<Record>& out) = 0;

  /// Raw path. True when apply() works on records whose value is only Record::raw_value (valid
  /// JSON text, no schema) without parsing it into a tree in the common case, and passes such
  /// records on as raw text where it can. When the value converter can pass JSON through, every
  /// transform says true here and the formatter accepts raw JSON, the engine skips the value tree:
  /// it only validates the text and hands it over as raw_value (CDC into JSON without a tree per
  /// record). A transform may still call Record::ensure_parsed() for the cases it does not cover.
  virtual bool accepts_raw_json() const noexcept { return false; }
};

}  // namespace sluice
