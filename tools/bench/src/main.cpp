// sluice-bench: measures `sluice run --drain` beside kcat reading the same topic, per scenario,
// and writes a Markdown table. See tools/bench/README.md.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "machine_info.hpp"
#include "report.hpp"
#include "scenario_runner.hpp"
#include "scenarios.hpp"

namespace fs = std::filesystem;
using namespace sluice::bench;

namespace {

fs::path own_directory() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : self.parent_path();
}

std::string quote_arg(const std::string& a) {
  if (!a.empty() && a.find_first_of(" \t\"'$\\*?;&|<>()") == std::string::npos) return a;
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

// First line of `kcat -V` (with its librdkafka), or "unknown".
std::string kcat_version(const std::string& kcat, const fs::path& work_dir) {
  const fs::path out = work_dir / "kcat-version.txt";
  try {
    run_child({{kcat, "-V"}, out.string(), "/dev/null", std::chrono::seconds(10), ""});
  } catch (const std::exception&) {
    return "unknown (kcat not found)";
  }
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Version", 0) == 0) return line;
  return "unknown";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "sluice-bench: sluice run --drain beside kcat on the same topic (embedded Kafka, StarRocks "
      "emulator)"};
  std::uint64_t records = 1000000;
  std::uint64_t scaling_records = 100000;
  std::string out_file = "BENCHMARKS-results.md";
  std::string scenario_list = "json,json-scaling,csv,cdc,cdc-parse,protobuf";
  std::string work_dir_opt;
  bool keep = false;
  double wait_load = 0;
  int wait_max_s = 900;
  int timeout_s = 900;
  BenchConfig config;
  app.add_option("--records", records, "records per scenario")
      ->check(CLI::Range(1ULL, 100000000ULL))
      ->capture_default_str();
  app.add_option("--runs", config.runs, "runs per scenario (medians are reported)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  app.add_option("--out", out_file, "Markdown file to write")->capture_default_str();
  app.add_option("--scenarios", scenario_list,
                 "comma-separated: json (pass-through), json-scaling (json at --scaling-records), "
                 "csv, cdc, cdc-parse (cdc, emulator "
                 "parsing), protobuf")
      ->capture_default_str();
  app.add_option("--scaling-records", scaling_records,
                 "records of the json-scaling scenario (CPU per record at a smaller N)")
      ->check(CLI::Range(1ULL, 100000000ULL))
      ->capture_default_str();
  app.add_option("--workers", config.workers, "sluice workers (consumer threads)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--buffer-max-bytes", config.buffer_max_bytes, "sluice buffer_max_bytes")
      ->capture_default_str();
  app.add_option("--librdkafka", config.librdkafka,
                 "extra [source.librdkafka] property for sluice, key=value (repeatable)");
  app.add_option("--sluice", config.sluice_path,
                 "the sluice binary (default: next to this program)");
  app.add_option("--kcat", config.kcat_path, "the kcat binary")->capture_default_str();
  app.add_option("--work-dir", work_dir_opt,
                 "folder for pipelines and logs (default: a new temporary folder)");
  app.add_flag("--keep", keep, "keep the work folder (it is always kept when a run failed)");
  app.add_option(
      "--wait-for-load", wait_load,
      "before measuring, wait until the 1-minute load average is below this (0: do not wait)");
  app.add_option("--wait-max-s", wait_max_s, "longest wait for --wait-for-load, seconds")
      ->capture_default_str();
  app.add_option("--timeout-s", timeout_s, "kill a child process after this many seconds")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::string command;
  for (int i = 0; i < argc; ++i) command += (i ? " " : "") + quote_arg(argv[i]);

  const fs::path bin = own_directory();
  if (config.sluice_path.empty()) config.sluice_path = (bin / "sluice").string();
  if (!fs::exists(config.sluice_path)) {
    std::cerr << "sluice-bench: no sluice binary at " << config.sluice_path
              << " (build the 'sluice' target or pass --sluice)\n";
    return 2;
  }
  config.plugin_dir =
      fs::path(config.sluice_path).parent_path().parent_path() / "lib" / "sluice" / "plugins";
  config.timeout = std::chrono::seconds(timeout_s);

  std::set<std::string> wanted;
  {
    std::stringstream ss(scenario_list);
    for (std::string id; std::getline(ss, id, ',');)
      if (!id.empty()) wanted.insert(id);
  }
  std::vector<Scenario> scenarios;
  for (auto& s : all_scenarios(records)) {
    if (wanted.count(s.id)) scenarios.push_back(s);
    if (s.id == "json" && wanted.count("json-scaling")) {
      Scenario small = s;
      small.id = "json-scaling";
      small.title = "plain JSON pass-through at a smaller N (CPU per record)";
      small.records = scaling_records;
      scenarios.push_back(small);
    }
    wanted.erase(s.id);
  }
  wanted.erase("json-scaling");
  if (!wanted.empty()) {
    std::cerr << "sluice-bench: unknown scenario '" << *wanted.begin() << "'\n";
    return 2;
  }

  fs::path work_dir;
  if (!work_dir_opt.empty()) {
    work_dir = work_dir_opt;
    fs::create_directories(work_dir);
  } else {
    std::string tmpl = (fs::temp_directory_path() / "sluice-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) {
      std::perror("sluice-bench: mkdtemp");
      return 1;
    }
    work_dir = tmpl;
  }
  config.work_dir = work_dir;

  ReportContext ctx;
  ctx.machine = machine_info();
  ctx.command = command;
  ctx.kcat_version = kcat_version(config.kcat_path, work_dir);
  if (wait_load > 0) {
    ctx.waited_for_load = load_average_1min() >= wait_load;
    if (!wait_for_load(wait_load, std::chrono::seconds(wait_max_s)))
      std::cerr << "sluice-bench: the load stayed at or above " << wait_load
                << "; measuring anyway\n";
  }
  ctx.started_utc = now_utc();
  ctx.load_at_start = load_average_text();
  ctx.config = config;
  std::cerr << "sluice-bench: load average " << ctx.load_at_start << "; work folder "
            << work_dir.string() << "\n";

  std::vector<ScenarioResult> results;
  bool all_ok = true;
  for (const auto& s : scenarios) {
    results.push_back(run_scenario(s, config));
    const auto& r = results.back();
    all_ok = all_ok && r.error.empty();
    for (const auto& run : r.runs) all_ok = all_ok && run.problems.empty();
  }
  ctx.load_at_end = load_average_text();

  const std::string report = markdown_report(ctx, results);
  std::ofstream out(out_file);
  out << report;
  if (!out) {
    std::cerr << "sluice-bench: cannot write " << out_file << "\n";
    return 1;
  }
  std::cout << report;
  std::cerr << "sluice-bench: wrote " << out_file << "\n";
  if (all_ok && !keep) {
    fs::remove_all(work_dir);
  } else {
    std::cerr << "sluice-bench: logs and pipelines kept in " << work_dir.string() << "\n";
  }
  return all_ok ? 0 : 1;
}
