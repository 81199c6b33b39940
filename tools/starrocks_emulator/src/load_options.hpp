// The Stream Load request headers that shape how a body is read, parsed once per load.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "csv_reader.hpp"
#include "http_server.hpp"

namespace sluice_tools {

enum class BodyFormat { kCsv, kJson };

struct LoadOptions {
  BodyFormat format = BodyFormat::kCsv;
  bool strip_outer_array = false;
  CsvOptions csv;
  bool has_columns = false;                         // a `columns` header was sent
  std::vector<std::string> source_columns;          // its plain names, in order
  std::map<std::string, std::string> column_refs;   // target -> source name (`__op=tmp`)
  std::map<std::string, nlohmann::json> constants;  // target -> constant (`__op='delete'`)
  double max_filter_ratio = 0;
  bool partial_update = false;
  std::string compression;  // from `compression` or `Content-Encoding`
};

// Returns the Fail message for a header StarRocks would refuse.
std::optional<std::string> parse_load_options(const http::HeaderMap& headers, LoadOptions& out);

}  // namespace sluice_tools
