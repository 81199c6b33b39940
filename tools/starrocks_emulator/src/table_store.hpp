// The rows of one declared table: keyed by the primary key, or appended for duplicate tables.
// Not thread-safe; the emulator's state mutex guards it.
#pragma once

#include <map>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice_tools/starrocks_emulator.hpp"

namespace sluice_tools {

struct RowChange {
  std::vector<nlohmann::json> values;  // one per table column
  std::vector<bool> provided;          // for partial updates: which values were sent
  bool is_delete = false;
};

class TableStore {
 public:
  explicit TableStore(TableSpec spec);

  const TableSpec& spec() const { return spec_; }
  int column_index(std::string_view name) const;  // -1 if unknown
  // Applies in order: later rows for a key win over earlier ones.
  void apply(const std::vector<RowChange>& rows, bool partial_update);
  nlohmann::json rows_json() const;
  std::size_t row_count() const;

 private:
  nlohmann::json key_of(const std::vector<nlohmann::json>& values) const;
  nlohmann::json to_object(const std::vector<nlohmann::json>& values) const;

  TableSpec spec_;
  std::vector<int> key_indexes_;
  std::map<nlohmann::json, std::vector<nlohmann::json>> keyed_;  // primary tables
  std::vector<std::vector<nlohmann::json>> appended_;            // duplicate tables
};

}  // namespace sluice_tools
