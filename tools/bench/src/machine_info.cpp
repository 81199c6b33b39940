#include "machine_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

namespace sluice::bench {

MachineInfo machine_info() {
  MachineInfo m;
  m.cpus = static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN));
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      m.cpu_model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname u{};
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    if (key == "MemTotal:") {
      double kb = 0;
      meminfo >> kb;
      m.mem_total_gb = kb / 1024.0 / 1024.0;
      break;
    }
    meminfo.ignore(1 << 10, '\n');
  }
  return m;
}

std::string load_average_text() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

double load_average_1min() {
  std::ifstream in("/proc/loadavg");
  double one = 0;
  in >> one;
  return one;
}

bool wait_for_load(double threshold, std::chrono::seconds max_wait) {
  const auto deadline = std::chrono::steady_clock::now() + max_wait;
  while (true) {
    const double load = load_average_1min();
    if (load < threshold) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::cerr << "sluice-bench: 1-minute load " << load << " >= " << threshold << ", waiting\n";
    std::this_thread::sleep_for(
        std::chrono::seconds(15));  // polling the load average, not synchronisation
  }
}

}  // namespace sluice::bench
