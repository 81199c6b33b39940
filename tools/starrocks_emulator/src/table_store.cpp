#include "table_store.hpp"

namespace sluice_tools {

TableStore::TableStore(TableSpec spec) : spec_(std::move(spec)) {
  for (const auto& key : spec_.key_columns) key_indexes_.push_back(column_index(key));
}

int TableStore::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < spec_.columns.size(); ++i) {
    if (spec_.columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

nlohmann::json TableStore::key_of(const std::vector<nlohmann::json>& values) const {
  nlohmann::json key = nlohmann::json::array();
  for (int i : key_indexes_) key.push_back(values[static_cast<std::size_t>(i)]);
  return key;
}

void TableStore::apply(const std::vector<RowChange>& rows, bool partial_update) {
  if (spec_.model == KeyModel::kDuplicate) {
    for (const auto& row : rows) appended_.push_back(row.values);
    return;
  }
  for (const auto& row : rows) {
    nlohmann::json key = key_of(row.values);
    if (row.is_delete) {
      keyed_.erase(key);
      continue;
    }
    auto it = keyed_.find(key);
    if (partial_update && it != keyed_.end()) {
      for (std::size_t i = 0; i < row.values.size(); ++i) {
        if (row.provided[i]) it->second[i] = row.values[i];
      }
    } else {
      keyed_[key] = row.values;
    }
  }
}

nlohmann::json TableStore::to_object(const std::vector<nlohmann::json>& values) const {
  nlohmann::json obj = nlohmann::json::object();
  for (std::size_t i = 0; i < spec_.columns.size(); ++i) obj[spec_.columns[i].name] = values[i];
  return obj;
}

nlohmann::json TableStore::rows_json() const {
  nlohmann::json rows = nlohmann::json::array();
  if (spec_.model == KeyModel::kPrimary) {
    for (const auto& [key, values] : keyed_) rows.push_back(to_object(values));
  } else {
    for (const auto& values : appended_) rows.push_back(to_object(values));
  }
  return rows;
}

std::size_t TableStore::row_count() const {
  return spec_.model == KeyModel::kPrimary ? keyed_.size() : appended_.size();
}

}  // namespace sluice_tools
