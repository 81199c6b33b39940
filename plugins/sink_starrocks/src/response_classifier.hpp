// StarRocks sink — what a Stream Load answer means for the engine: a pure function of the HTTP
// status and body, so every case of STREAM_LOAD.md is unit-testable without a server.
#pragma once

#include <string>
#include <string_view>

#include <sluice/sink.hpp>

namespace sluice::starrocks {

struct ClassifiedResponse {
  LoadResult result;
  /// `Label Already Exists` with a job still RUNNING (or no ExistingJobStatus): the sink must ask
  /// get_load_state before it can say what happened. `result` then holds the counts and a
  /// retryable placeholder.
  bool label_running = false;
};

/// Classifies the final answer of a Stream Load (after redirects) that arrived completely.
ClassifiedResponse classify_load_response(long http_status, std::string_view body);

/// Classifies the message of a `Fail` (BE) or `FAILED` (FE) answer: permanent for the failures a
/// retry cannot fix, retryable for everything else (known transient ones and unknown ones).
Errc classify_fail_message(std::string_view message);

/// What get_load_state said about a label.
enum class LabelVerdict {
  loaded,   ///< COMMITTED or VISIBLE: the earlier load of this label went through
  pending,  ///< PREPARE / PREPARED: still running, ask again later
  aborted,  ///< ABORTED: the label is free again, load it again
  unknown,  ///< UNKNOWN: StarRocks does not know the label (any more), load it again
  denied,   ///< HTTP 401/403: the credentials no longer work
  invalid,  ///< no usable answer (HTTP error, not JSON, no "state")
};

struct LabelStateAnswer {
  LabelVerdict verdict = LabelVerdict::invalid;
  std::string state;   ///< the "state" value as StarRocks wrote it
  std::string detail;  ///< for invalid/denied: what was wrong
};

LabelStateAnswer classify_label_state(long http_status, std::string_view body);

/// The first `max_lines` lines of an error log, at most `max_bytes` bytes, joined by " | ".
std::string error_log_excerpt(std::string_view log, std::size_t max_lines = 5,
                              std::size_t max_bytes = 1024);

/// At most `max_bytes` of `text`, for messages (marks the cut).
std::string clip(std::string_view text, std::size_t max_bytes = 512);

}  // namespace sluice::starrocks
