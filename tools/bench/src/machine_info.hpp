// What the report says about the machine, and waiting for a quiet moment on a shared one.
#pragma once

#include <chrono>
#include <string>

namespace sluice::bench {

struct MachineInfo {
  unsigned cpus = 0;      // online CPUs (nproc)
  std::string cpu_model;  // /proc/cpuinfo "model name"
  std::string kernel;     // uname -sr
  double mem_total_gb = 0;
};

MachineInfo machine_info();

// The three load averages of /proc/loadavg, as text ("0.52 0.61 0.70"), and the 1-minute one.
std::string load_average_text();
double load_average_1min();

// Polls the 1-minute load average until it is below `threshold` or `max_wait` passed.
// Returns true when it got below.
bool wait_for_load(double threshold, std::chrono::seconds max_wait);

}  // namespace sluice::bench
