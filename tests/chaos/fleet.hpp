// The `sluice run` processes of the chaos test: one consumer group, each process in a slot that
// the nemesis kills, terminates, stops and restarts. Every exit is checked against what was done
// to the process; anything else is a problem, reported with the tail of the process's stderr.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "../e2e/e2e_support.hpp"

namespace chaos {

using Clock = std::chrono::steady_clock;

class Fleet {
 public:
  Fleet(e2e::Stage& stage, e2e::fs::path pipeline, int processes);
  ~Fleet();
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  int size() const { return static_cast<int>(slots_.size()); }
  void start_all();
  // True when slot i runs and is neither stopped nor being terminated: the nemesis may act on it.
  bool idle(int i);
  int generation(int i) const { return slots_[i].generation; }
  Clock::duration age(int i) const { return Clock::now() - slots_[i].started; }
  // True when slot i has logged a partition assignment since it started.
  bool assigned(int i);
  // Time since the group's membership last changed here (a start, kill, SIGTERM, stop, resume).
  Clock::duration since_change() const { return Clock::now() - last_change_; }

  void kill(int i);       // SIGKILL, reaped at once (exit 137 expected), restarted
  void terminate(int i);  // SIGTERM; poll() checks the exit (0) and restarts the slot
  void stop(int i);       // SIGSTOP
  void resume(int i);     // SIGCONT
  // Checks every slot: a terminated process that ended is checked and restarted; a process that
  // ended on its own is a problem (and restarted); a terminated one past the deadline is killed
  // and is a problem. Samples each live process's peak RSS.
  void poll();
  // Resumes stopped processes, waits for terminated ones, restarts every slot that is down.
  void settle(std::chrono::seconds deadline);
  // SIGTERM to all, each must exit 0 within `deadline`.
  void terminate_all(std::chrono::seconds deadline);

  const std::vector<std::string>& problems() const { return problems_; }
  std::size_t peak_rss() const { return peak_rss_; }
  int restarts() const { return restarts_; }

 private:
  enum class State { running, stopped, terminating, down };
  struct Slot {
    std::unique_ptr<e2e::Process> process;
    int generation = 0;
    State state = State::down;
    Clock::time_point started, term_sent;
    bool handlers_installed_at_term = true;
  };

  void start(int i);
  void sample_rss(Slot& s);
  void check_terminated(int i, int code);
  void problem(int i, const std::string& what);
  std::string name(int i) const;

  e2e::Stage& stage_;
  e2e::fs::path pipeline_;
  std::vector<Slot> slots_;
  std::vector<std::string> problems_;
  std::size_t peak_rss_ = 0;
  int restarts_ = 0;
  Clock::time_point last_change_ = Clock::now();
  static constexpr std::chrono::seconds kTermDeadline{30};
};

}  // namespace chaos
