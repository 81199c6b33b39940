// A child process for tests: stdout captured through a pipe, stderr inherited, every wait
// bounded by a deadline.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sluice::tools::test {

class Subprocess {
 public:
  // argv[0] is the program path. stdin comes from `stdin_file` (or /dev/null).
  explicit Subprocess(const std::vector<std::string>& argv,
                      const std::optional<std::string>& stdin_file = std::nullopt);
  ~Subprocess();  // kills (SIGKILL) and reaps the child if still running
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  // Next stdout line without '\n'; nullopt on EOF or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Everything left on stdout until EOF; throws on timeout.
  std::string read_to_end(std::chrono::milliseconds timeout);
  void send_signal(int sig);
  // Exit code, or 128 + signal when killed by a signal; throws on timeout.
  int wait(std::chrono::milliseconds timeout);

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // false on EOF or timeout

  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool eof_ = false;
  std::string buffer_;
  std::optional<int> exit_code_;
};

struct RunResult {
  int exit_code = -1;
  std::string out;
};

// Runs a program to completion (bounded by `timeout`) and captures its stdout.
RunResult run(const std::vector<std::string>& argv,
              const std::optional<std::string>& stdin_file = std::nullopt,
              std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace sluice::tools::test
