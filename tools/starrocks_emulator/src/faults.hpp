// Pending injected faults, taken in the order they were added. Not thread-safe (Core locks).
#pragma once

#include <deque>
#include <optional>
#include <string_view>

#include "sluice_tools/starrocks_emulator.hpp"

namespace sluice_tools {

class FaultQueue {
 public:
  void add(FaultSpec fault) { faults_.push_back(std::move(fault)); }
  void clear() { faults_.clear(); }
  std::size_t size() const { return faults_.size(); }
  // The first pending fault for this db/table (empty names match only unfiltered faults) whose
  // kind is (or, with `fe_down` false, is not) kFeDown, and, unless `fe_down`, whose step is
  // `step` (empty: Stream Load). Uses up one of its count.
  std::optional<FaultSpec> take(std::string_view database, std::string_view table, bool fe_down,
                                std::string_view step = {});

 private:
  std::deque<FaultSpec> faults_;
};

}  // namespace sluice_tools
