#include "nemesis.hpp"

#include <cstdio>
#include <iostream>

namespace chaos {

using namespace std::chrono_literals;
using sluice_tools::FaultKind;
using sluice_tools::FaultSpec;

namespace {

struct Weighted {
  int weight;
  void (Nemesis::*action)();
};

}  // namespace

Nemesis::Nemesis(NemesisOptions options, Fleet& fleet, e2e::Stage& stage)
    : options_(std::move(options)), fleet_(fleet), stage_(stage), rng_(options_.seed) {}

int Nemesis::uniform(int lo, int hi) {
  return lo + static_cast<int>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
}

void Nemesis::note(const std::string& what) {
  double t = std::chrono::duration<double>(Clock::now() - begin_).count();
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "[%6.2fs] ", t);
  std::cout << stamp << what << std::endl;
}

void Nemesis::later(std::chrono::milliseconds after, std::function<void()> fn) {
  later_.push_back({Clock::now() + after, std::move(fn)});
}

void Nemesis::run_due(bool all) {
  auto now = Clock::now();
  for (std::size_t i = 0; i < later_.size();) {
    if (all || later_[i].due <= now) {
      auto fn = std::move(later_[i].fn);
      later_.erase(later_.begin() + static_cast<std::ptrdiff_t>(i));
      fn();  // may schedule more; those are looked at in this same pass
    } else {
      ++i;
    }
  }
}

void Nemesis::pace(std::chrono::milliseconds d) {
  auto end = Clock::now() + d;
  while (Clock::now() < end) {
    fleet_.poll();
    run_due(false);
    std::this_thread::sleep_for(std::min<Clock::duration>(100ms, end - Clock::now()));
  }
}

int Nemesis::pick_idle() {
  std::vector<int> idle;
  for (int i = 0; i < fleet_.size(); ++i)
    if (fleet_.idle(i)) idle.push_back(i);
  if (idle.empty()) return -1;
  return idle[static_cast<std::size_t>(uniform(0, static_cast<int>(idle.size()) - 1))];
}

void Nemesis::run() {
  begin_ = Clock::now();
  static const Weighted actions[] = {
      {3, &Nemesis::kill},    {3, &Nemesis::terminate},   {2, &Nemesis::terminate_young},
      {1, &Nemesis::zombie},  {3, &Nemesis::be_fault},    {1, &Nemesis::fe_fault},
      {1, &Nemesis::fe_away}, {1, &Nemesis::brokers_down}};
  int total = 0;
  for (const auto& a : actions) total += a.weight;
  while (Clock::now() - begin_ < options_.duration) {
    int r = uniform(0, total - 1);
    for (const auto& a : actions) {
      if (r < a.weight) {
        (this->*a.action)();
        break;
      }
      r -= a.weight;
    }
    pace(std::chrono::milliseconds(uniform(300, 1500)));
  }
  note("nemesis stops: undoing outages, clearing faults");
  run_due(true);
  stage_.sr.clear_faults();
}

bool Nemesis::membership_frozen() const {
  return Clock::now() < frozen_until_;
}

void Nemesis::kill() {
  if (membership_frozen()) return;
  int i = pick_idle();
  if (i < 0) return;
  note("SIGKILL p" + std::to_string(i) + " and restart");
  ++counts_["kill"];
  fleet_.kill(i);
}

void Nemesis::terminate() {
  if (membership_frozen()) return;
  int i = pick_idle();
  if (i < 0) return;
  note("SIGTERM p" + std::to_string(i) + " (restarted once it exits)");
  ++counts_["term"];
  fleet_.terminate(i);
}

void Nemesis::terminate_young() {
  if (membership_frozen()) return;
  int i = pick_idle();
  if (i < 0) return;
  auto after = std::chrono::milliseconds(uniform(300, 6000));
  note("SIGKILL p" + std::to_string(i) + ", restart, SIGTERM after " +
       std::to_string(after.count()) + " ms");
  ++counts_["term_young"];
  fleet_.kill(i);
  int gen = fleet_.generation(i);
  later(after, [this, i, gen] {
    if (fleet_.generation(i) == gen && fleet_.idle(i) && !membership_frozen()) fleet_.terminate(i);
  });
}

// librdkafka 2.0.2's mock cluster asserts (`!member->resp` in rd_kafka_mock_cgrp_member_add,
// killing the test process) when a JoinGroup names a member whose earlier JoinGroup it still
// holds. Two ways there: a consumer SIGSTOPped mid-join whose JoinGroup timed out on SIGCONT; and
// a recycled member id. The mock names a new member after its own address ("%p"), so once the
// stopped member's session expired and it was freed, the next member to join (a restarted
// process, one fenced by an outage) may get the same id; the zombie wakes, rejoins with that id
// and collides with the newcomer's pending join (seed 16 aborted so). So a process is stopped
// only once the group is settled (no membership change for kSettled, every slot running, this
// one assigned), and membership stays frozen (no kill, SIGTERM or broker outage) from SIGSTOP
// until session.timeout.ms after SIGCONT, by when the zombie has been told its id is unknown.
void Nemesis::zombie() {
  constexpr auto kSettled = 8s;
  if (membership_frozen()) return;
  int i = pick_idle();
  if (i < 0) return;
  auto settled = [&] {
    if (fleet_.since_change() < kSettled || !fleet_.assigned(i)) return false;
    for (int j = 0; j < fleet_.size(); ++j)
      if (!fleet_.idle(j)) return false;
    return true;
  };
  auto give_up = Clock::now() + 20s;
  while (!settled() && Clock::now() < give_up) {
    pace(200ms);
    if (!fleet_.idle(i)) return;
  }
  if (!settled()) return;
  auto length = options_.session_timeout + std::chrono::milliseconds(uniform(1000, 3000));
  note("SIGSTOP p" + std::to_string(i) + " for " + std::to_string(length.count()) + " ms");
  ++counts_["zombie"];
  frozen_until_ = Clock::time_point::max();
  fleet_.stop(i);
  later(length, [this, i] {
    note("SIGCONT p" + std::to_string(i));
    fleet_.resume(i);
    frozen_until_ = Clock::now() + options_.session_timeout;
  });
}

void Nemesis::be_fault() {
  static const FaultKind kinds[] = {FaultKind::kFailRetryable,  FaultKind::kHttp500,
                                    FaultKind::kDropMidBody,    FaultKind::kSlow,
                                    FaultKind::kPublishTimeout, FaultKind::kLabelRunning};
  FaultSpec f;
  f.kind = kinds[uniform(0, 5)];
  f.count = uniform(1, 3);
  f.delay_ms = uniform(200, 3000);
  f.running_polls = uniform(1, 4);
  int t = uniform(0, static_cast<int>(options_.tables.size()));
  if (t > 0) f.table = options_.tables[static_cast<std::size_t>(t - 1)];
  note("BE fault " + std::string(sluice_tools::fault_kind_name(f.kind)) + " x" +
       std::to_string(f.count) + (f.table.empty() ? "" : " on " + f.table) +
       (f.kind == FaultKind::kSlow ? " delay " + std::to_string(f.delay_ms) + " ms" : ""));
  ++counts_["be_fault"];
  stage_.sr.inject_fault(f);
}

void Nemesis::fe_fault() {
  FaultSpec f;
  f.kind = FaultKind::kFeDown;
  f.count = uniform(1, 6);
  note("FE fault: closes " + std::to_string(f.count) + " connection(s) without an answer");
  ++counts_["fe_fault"];
  stage_.sr.inject_fault(f);
}

void Nemesis::fe_away() {
  if (fe_gone_) return;
  auto length = std::chrono::milliseconds(uniform(1000, 4000));
  note("FE refuses connections for " + std::to_string(length.count()) + " ms");
  ++counts_["fe_away"];
  fe_gone_ = true;
  stage_.sr.stop_fe();
  later(length, [this] {
    note("FE back");
    stage_.sr.start_fe();  // same port; throws (ending the test) only if it was taken meanwhile
    fe_gone_ = false;
  });
}

void Nemesis::brokers_down() {
  if (brokers_gone_ || membership_frozen()) return;
  auto length = std::chrono::milliseconds(uniform(1000, 5000));
  note("all brokers down for " + std::to_string(length.count()) + " ms");
  ++counts_["brokers_down"];
  brokers_gone_ = true;
  stage_.kafka.broker_down(-1);
  later(length, [this] {
    note("brokers up");
    stage_.kafka.broker_up(-1);
    brokers_gone_ = false;
  });
}

}  // namespace chaos
