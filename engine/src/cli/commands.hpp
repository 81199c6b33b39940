// The sluice subcommands. Each returns the process exit code: 0 success, 1 runtime failure,
// 2 bad usage or bad configuration.
#pragma once

#include <string>
#include <vector>

namespace sluice::engine {

constexpr int exit_ok = 0;
constexpr int exit_runtime = 1;
constexpr int exit_config = 2;

int validate_command(const std::string& pipeline_file);
int plugins_command(const std::vector<std::string>& plugin_path, const std::string& describe);
int version_command();
int run_command(const std::string& pipeline_file, bool drain, int progress_interval_s);
/// Exit 0 (same behaviour), 3 (migrated with changes in behaviour) or 2 (missing/malformed input).
int migrate_command(const std::string& file, const std::string& worker_file,
                    const std::string& output_file);

}  // namespace sluice::engine
