// StarRocks sink — waiting for a label that StarRocks reports as still RUNNING, by polling
// `GET /api/<db>/get_load_state?label=<label>` on the FEs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <sluice/status.hpp>

#include "http_client.hpp"
#include "response_classifier.hpp"
#include "sink_config.hpp"

namespace sluice::starrocks {

struct LabelWaitResult {
  /// ok: the label is COMMITTED/VISIBLE (loaded before); retryable: ABORTED, UNKNOWN, or still
  /// running after label_state_max_wait (load again under the same label); permanent: the FE
  /// refused the credentials.
  Status status;
  std::string state;  ///< the last state StarRocks named, if any
  int polls = 0;
};

/// One get_load_state question, asked of FE `first_fe` and then of the next FEs while one cannot
/// be reached. `answer.verdict` is invalid (with `problem` saying why) when no FE answered usably.
struct LabelStateQuery {
  LabelStateAnswer answer;
  std::string problem;
};
LabelStateQuery query_label_state(HandlePool& pool, const SinkConfig& config, std::size_t first_fe,
                                  std::string_view label);

/// Polls every `label_state_poll` until a final state or `label_state_max_wait` (at least one
/// poll). Starts at FE `first_fe` and moves on to the next FE when one cannot be reached.
LabelWaitResult wait_for_label(HandlePool& pool, const SinkConfig& config, std::size_t first_fe,
                               std::string_view label);

}  // namespace sluice::starrocks
