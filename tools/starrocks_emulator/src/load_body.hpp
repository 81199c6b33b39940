// Steps shared by Stream Load and transaction loads: read and decompress the body, build rows,
// keep the error log of rejected rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator_core.hpp"
#include "http_server.hpp"
#include "load_options.hpp"

namespace sluice_tools {

constexpr std::uint64_t kMaxBodyBytes = 4ULL << 30;

struct BodyRead {
  bool client_gone = false;
  std::string error;  // decompression error
  std::string body;   // decompressed
};

BodyRead read_load_body(http::Exchange& exchange, const LoadOptions& options);

struct ProcessedBody {
  PendingRows rows;
  std::string fatal;
  std::optional<std::string> error_url;
};

ProcessedBody process_body(Core& core, const TableSpec& table, const LoadOptions& options,
                           std::string_view body, std::int64_t txn_id);

// StarRocks: filtered > (filtered + loaded) * max_filter_ratio fails the load.
bool too_many_filtered(std::int64_t filtered, std::int64_t loaded, double max_filter_ratio);

}  // namespace sluice_tools
