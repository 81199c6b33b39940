#include "fleet.hpp"

#include <cstdio>
#include <iostream>

namespace chaos {

namespace {
// Logged by `sluice run` once its SIGTERM handler is installed; before it a SIGTERM kills the
// process with the default action (exit 143), which the test accepts only then.
constexpr const char* kHandlersInstalled = "running pipeline '";
constexpr std::size_t kTailLines = 40;
// The threads' stacks of a hung process (gdb, if installed), to say where it hangs.
std::string stacks(pid_t pid) {
  std::string cmd = "gdb -p " + std::to_string(pid) +
                    " -batch -ex 'thread apply all bt 10' 2>/dev/null | grep -E '^(Thread|#)'";
  std::string out;
  if (FILE* f = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (fgets(buf, sizeof buf, f)) out += buf;
    pclose(f);
  }
  return out.empty() ? "(no stacks: gdb missing or not permitted)\n" : out;
}
}  // namespace

Fleet::Fleet(e2e::Stage& stage, e2e::fs::path pipeline, int processes)
    : stage_(stage), pipeline_(std::move(pipeline)), slots_(static_cast<std::size_t>(processes)) {}

Fleet::~Fleet() {
  for (auto& s : slots_)
    if (s.process && s.state == State::stopped) s.process->signal(SIGCONT);
}

std::string Fleet::name(int i) const {
  return "p" + std::to_string(i) + "." + std::to_string(slots_[i].generation);
}

void Fleet::start_all() {
  for (int i = 0; i < size(); ++i) start(i);
}

void Fleet::start(int i) {
  Slot& s = slots_[i];
  if (s.process) {
    ++restarts_;
    ++s.generation;
  }
  s.process = stage_.sluice({"run", pipeline_.string()}, name(i));
  s.state = State::running;
  s.started = last_change_ = Clock::now();
}

bool Fleet::assigned(int i) {
  return slots_[i].process->err().find(": assigned ") != std::string::npos;
}

bool Fleet::idle(int i) {
  Slot& s = slots_[i];
  return s.state == State::running && s.process->running();
}

void Fleet::sample_rss(Slot& s) {
  if (s.process && s.process->running())
    peak_rss_ = std::max(peak_rss_, e2e::peak_rss_bytes(s.process->pid()));
}

void Fleet::problem(int i, const std::string& what) {
  std::string text = name(i) + ": " + what + "\n--- stderr tail of " + name(i) + " ---\n" +
                     e2e::tail_lines(slots_[i].process->err(), kTailLines);
  std::cout << "PROBLEM " << text << std::endl;
  problems_.push_back(text);
}

void Fleet::kill(int i) {
  Slot& s = slots_[i];
  sample_rss(s);
  s.process->signal(SIGKILL);
  auto code = s.process->wait(std::chrono::seconds(10));
  if (code != 128 + SIGKILL)
    problem(i, "after SIGKILL the exit was " + (code ? std::to_string(*code) : "(still running)"));
  start(i);
}

void Fleet::terminate(int i) {
  Slot& s = slots_[i];
  sample_rss(s);
  s.handlers_installed_at_term = s.process->err().find(kHandlersInstalled) != std::string::npos;
  s.process->signal(SIGTERM);
  s.state = State::terminating;
  s.term_sent = last_change_ = Clock::now();
}

void Fleet::stop(int i) {
  sample_rss(slots_[i]);
  slots_[i].process->signal(SIGSTOP);
  slots_[i].state = State::stopped;
  last_change_ = Clock::now();
}

void Fleet::resume(int i) {
  slots_[i].process->signal(SIGCONT);
  slots_[i].state = State::running;
  last_change_ = Clock::now();
}

void Fleet::check_terminated(int i, int code) {
  const Slot& s = slots_[i];
  if (code == 0) return;
  if (code == 128 + SIGTERM && !s.handlers_installed_at_term) return;  // before the handler
  std::string why = code == 128 + SIGABRT   ? " (SIGABRT)"
                    : code == 128 + SIGSEGV ? " (SIGSEGV)"
                    : code == 128 + SIGTERM ? " (SIGTERM after the handler was installed)"
                                            : "";
  problem(i, "after SIGTERM the exit was " + std::to_string(code) + why + ", expected 0");
}

void Fleet::poll() {
  for (int i = 0; i < size(); ++i) {
    Slot& s = slots_[i];
    if (s.state == State::down) continue;
    sample_rss(s);
    auto code = s.process->exit_code();
    if (s.state == State::terminating) {
      if (code) {
        check_terminated(i, *code);
        start(i);
      } else if (Clock::now() - s.term_sent > kTermDeadline) {
        problem(i, "still running " + std::to_string(kTermDeadline.count()) +
                       " s after SIGTERM; its threads:\n" + stacks(s.process->pid()));
        s.process->signal(SIGKILL);
        s.process->wait(std::chrono::seconds(10));
        start(i);
      }
    } else if (code) {
      problem(i, "exited by itself with " + std::to_string(*code));
      start(i);
    }
  }
}

void Fleet::settle(std::chrono::seconds deadline) {
  for (int i = 0; i < size(); ++i)
    if (slots_[i].state == State::stopped) resume(i);
  auto end = Clock::now() + deadline;
  auto terminating = [&] {
    for (const auto& s : slots_)
      if (s.state == State::terminating) return true;
    return false;
  };
  while (terminating() && Clock::now() < end) {
    poll();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  poll();
}

void Fleet::terminate_all(std::chrono::seconds deadline) {
  for (int i = 0; i < size(); ++i) {
    sample_rss(slots_[i]);
    slots_[i].process->signal(SIGTERM);
  }
  for (int i = 0; i < size(); ++i) {
    auto code = slots_[i].process->wait(deadline);
    if (!code) {
      problem(i, "still running " + std::to_string(deadline.count()) +
                     " s after the final SIGTERM; its threads:\n" +
                     stacks(slots_[i].process->pid()));
      slots_[i].process->signal(SIGKILL);
    } else if (*code != 0) {
      problem(i, "after the final SIGTERM the exit was " + std::to_string(*code) + ", expected 0");
    }
    slots_[i].state = State::down;
  }
}

}  // namespace chaos
