// Turns a decompressed body into typed row changes for one table, filtering the rows StarRocks
// would filter (wrong field count, unconvertible values, NULL in NOT NULL, bad __op).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json_body_reader.hpp"
#include "load_options.hpp"
#include "table_store.hpp"

namespace sluice_tools {

struct ParsedLoad {
  std::vector<RowChange> rows;
  std::vector<RejectedRow> rejected;
  std::int64_t total_rows = 0;  // rows + rejected
  std::string fatal;            // the load fails as a whole
};

ParsedLoad build_rows(const TableSpec& table, const LoadOptions& options, std::string_view body);

}  // namespace sluice_tools
