// StarRocks sink — what one load sends, for Stream Load and the transaction interface alike: the
// formatter's headers, then `properties`, then the table's own, and the body (compressed when
// `compression` is set, with its `compression` header).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <sluice/formatter.hpp>
#include <sluice/status.hpp>

#include "request_headers.hpp"
#include "sink_config.hpp"

namespace sluice::starrocks {

struct LoadPayload {
  Headers headers;
  std::vector<HeaderOverride> overrides;  ///< properties that replaced a formatter header
  std::string compressed;                 ///< the compressed body, when compression is on
  bool is_compressed = false;
  Status problem;  ///< not ok: nothing may be sent (permanent: bad headers; retryable: codec)

  std::string_view body(const LoadBody& source) const {
    return is_compressed ? std::string_view(compressed) : std::string_view(source.data);
  }
};

LoadPayload build_load_payload(const SinkConfig& config, std::string_view table,
                               const LoadBody& body);

}  // namespace sluice::starrocks
