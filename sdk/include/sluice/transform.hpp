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
};

}  // namespace sluice
