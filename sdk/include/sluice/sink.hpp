// sluice SDK — sink plugins: one finished batch → the destination.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/formatter.hpp"
#include "sluice/status.hpp"

namespace sluice {

/// One batch for one table. The engine derives the label from the pipeline, the table and the
/// batch's offsets, so a retried batch carries the same label (the destination deduplicates).
struct LoadRequest {
  std::string_view table;
  std::string_view label;
  const LoadBody& body;
};

/// What the destination said.
struct LoadResult {
  /// ok (loaded, or loaded before under this label), retryable (the engine retries the same
  /// request with backoff) or permanent (the engine applies errors.tolerance). The message is the
  /// destination's own words, with the first lines of its error log when it has one.
  Status status;
  std::int64_t loaded_rows = 0;
  std::int64_t filtered_rows = 0;    ///< rejected by the destination within its tolerance
  std::int64_t unselected_rows = 0;  ///< left out by a `where` filter
  bool already_loaded = false;       ///< this label had been loaded before (a replay)
  std::string error_url;             ///< where the destination keeps rejected rows, if any
  std::string response;              ///< the raw response, for logs and /status
};

/// Loads batches. Calls for different tables may run in parallel on one instance; calls for one
/// table never overlap and come in consumption order. load() blocks until the destination answers
/// (or a timeout); the engine owns retries, so a sink makes one attempt per call (it may follow
/// redirects and poll an in-flight label within that attempt).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual LoadResult load(const LoadRequest& request) = 0;
};

}  // namespace sluice
