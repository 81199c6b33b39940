// Runs a program as a child process and measures it: wall time, the child's own CPU time from
// wait4()'s rusage, and its peak RSS (VmHWM sampled every 20 ms), so the in-process Kafka and
// emulator are not counted.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace sluice::bench {

struct ChildSpec {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH when it has no '/'
  std::string stdout_path = "/dev/null";
  std::string stderr_path = "/dev/null";
  std::chrono::seconds timeout{600};  // then SIGKILL
  // When set, stderr is read through a pipe (and copied to stderr_path) and the time of the first
  // line containing this text is recorded (e.g. kcat's "assigned:" after the group join).
  std::string stderr_marker;
};

struct ChildResult {
  int exit_code = -1;   // -1 when killed by a signal
  int term_signal = 0;  // the signal that ended it, 0 if it exited
  bool timed_out = false;
  double wall_s = 0;
  double user_s = 0;
  double sys_s = 0;
  double max_rss_mb = 0;    // ru_maxrss, MiB
  double marker_at_s = -1;  // seconds from start to the stderr_marker line; -1 if none

  double cpu_s() const { return user_s + sys_s; }
  bool ok() const { return exit_code == 0 && !timed_out; }
  std::string describe() const;  // "exit 0", "killed by signal 9 (timeout)"
};

// Throws std::runtime_error when the program cannot be started.
ChildResult run_child(const ChildSpec& spec);

}  // namespace sluice::bench
