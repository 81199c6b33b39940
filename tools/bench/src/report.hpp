// The Markdown report: machine, command, one summary row per scenario (medians over runs), the
// issue's targets checked, and every run's raw figures.
#pragma once

#include <string>
#include <vector>

#include "machine_info.hpp"
#include "scenario_runner.hpp"

namespace sluice::bench {

struct ReportContext {
  MachineInfo machine;
  std::string command;
  std::string started_utc;
  std::string load_at_start;
  std::string load_at_end;
  bool waited_for_load = false;
  std::string kcat_version;
  BenchConfig config;
};

std::string markdown_report(const ReportContext& ctx, const std::vector<ScenarioResult>& results);

double median(std::vector<double> values);

}  // namespace sluice::bench
