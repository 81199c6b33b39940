// The JSON answer of a Stream Load (BE) with every field of STREAM_LOAD.md, in its order.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sluice_tools {

struct LoadResult {
  std::int64_t txn_id = -1;
  std::string label;
  std::string status = "Success";
  std::optional<std::string> existing_job_status;
  std::string message = "OK";
  std::int64_t total_rows = 0;
  std::int64_t loaded_rows = 0;
  std::int64_t filtered_rows = 0;
  std::int64_t unselected_rows = 0;
  std::int64_t load_bytes = 0;
  std::int64_t load_time_ms = 0;
  std::int64_t read_data_time_ms = 0;
  std::int64_t write_data_time_ms = 0;
  std::optional<std::string> error_url;
};

nlohmann::ordered_json to_ordered_json(const LoadResult& result);

inline std::int64_t millis_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

}  // namespace sluice_tools
