#include "cli/commands.hpp"
#include "run/runner.hpp"

namespace sluice::engine {

int run_command(const std::string& pipeline_file, bool drain, int progress_interval_s) {
  return run_pipeline(pipeline_file, RunOptions{drain, progress_interval_s});
}

}  // namespace sluice::engine
