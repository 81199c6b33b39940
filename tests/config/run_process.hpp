// Runs a program as a child process and captures its exit code, stdout and stderr.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sluice::test {

struct ProcessResult {
  int exit_code = -1;  // -1: did not exit normally (killed by a signal)
  int signal = 0;      // the signal that ended it, if one did
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] is a path) with the test's environment, minus SLUICE_PLUGIN_PATH, plus
/// `env` (a value of nullopt removes the variable). Blocks until the child exits.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::optional<std::string>>& env = {});

}  // namespace sluice::test
