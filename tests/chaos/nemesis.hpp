// The seeded nemesis: picks an action (std::mt19937_64 from --seed), does it, and schedules what
// undoes it (SIGCONT, the FE back, the brokers up). Actions: SIGKILL + restart, SIGTERM + restart,
// SIGTERM soon after a restart, SIGSTOP past session.timeout.ms then SIGCONT, Stream Load faults
// on the BE (fail, 5xx, dropped connection, slow, publish timeout, label already running) and on
// the FE (closes connections), the FE port refusing connections, all brokers down.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fleet.hpp"

namespace chaos {

struct NemesisOptions {
  std::uint64_t seed = 1;
  std::chrono::seconds duration{40};
  std::chrono::milliseconds session_timeout{6000};
  std::vector<std::string> tables;  // for table-filtered faults
};

class Nemesis {
 public:
  Nemesis(NemesisOptions options, Fleet& fleet, e2e::Stage& stage);
  // Acts until the duration has passed, then undoes every pending outage and clears the faults.
  void run();
  const std::map<std::string, int>& counts() const { return counts_; }

 private:
  struct Later {
    Clock::time_point due;
    std::function<void()> fn;
  };
  void act();
  void pace(std::chrono::milliseconds d);  // waits, polling the fleet and running what is due
  void run_due(bool all);
  int pick_idle();
  void later(std::chrono::milliseconds after, std::function<void()> fn);
  void note(const std::string& what);
  int uniform(int lo, int hi);
  // True while a zombie is stopped or has just woken: no kill, SIGTERM or broker outage then.
  bool membership_frozen() const;

  void kill();
  void terminate();
  void terminate_young();
  void zombie();
  void be_fault();
  void fe_fault();
  void fe_away();
  void brokers_down();

  NemesisOptions options_;
  Fleet& fleet_;
  e2e::Stage& stage_;
  std::mt19937_64 rng_;
  Clock::time_point begin_;
  std::vector<Later> later_;
  bool fe_gone_ = false, brokers_gone_ = false;
  Clock::time_point frozen_until_{};
  std::map<std::string, int> counts_;
};

}  // namespace chaos
