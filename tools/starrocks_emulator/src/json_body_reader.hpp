// JSON bodies: one object, whitespace separated objects (NDJSON), or with strip_outer_array one
// array of objects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice_tools {

struct RejectedRow {
  std::string raw;
  std::string reason;
};

struct JsonBody {
  std::vector<nlohmann::json> objects;
  std::vector<RejectedRow> rejected;  // values that are not objects, or the unparsable rest
  std::string fatal;                  // the whole load fails with this message
};

JsonBody read_json_body(std::string_view body, bool strip_outer_array);

// Counts records without building values (blackhole mode): top-level array elements with
// strip_outer_array, else non-empty lines.
std::size_t count_json_records(std::string_view body, bool strip_outer_array);

}  // namespace sluice_tools
