// StarRocks sink — body compression (lz4 frame, gzip), as Stream Load's `compression` header reads
// it.
#pragma once

#include <string>
#include <string_view>

#include "sink_config.hpp"

namespace sluice::starrocks {

/// Compresses `data` into `out`. Returns an empty string on success, else what went wrong.
std::string compress_body(Compression codec, std::string_view data, std::string& out);

}  // namespace sluice::starrocks
