// `sluice run`: starts the workers, handles signals, prints progress, decides the exit code.
#pragma once

#include <string>

namespace sluice::engine {

struct RunOptions {
  bool drain = false;
  int progress_interval_s = 10;
};

/// Runs the pipeline in `file` until SIGTERM/SIGINT (or, with drain, until every partition is
/// consumed to its start end offset, loaded and committed). Returns the exit code.
int run_pipeline(const std::string& file, const RunOptions& options);

}  // namespace sluice::engine
