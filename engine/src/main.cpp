// sluice — loads Kafka into StarRocks. The command line; each command lives in cli/.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "crash/crash_handler.hpp"
#include "log/logging.hpp"

int main(int argc, char** argv) {
  using namespace sluice::engine;
  // A fatal signal prints one line naming the plugin call in progress (crash/crash_scope.hpp).
  install_crash_handlers();
  CrashStackGuard main_thread_signal_stack;
  CLI::App app{"sluice: continuously loads Kafka topics into StarRocks"};
  app.require_subcommand(1);
  std::string log_format = "text", log_level = "info";
  app.add_option("--log-format", log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));

  std::string file;
  auto* validate = app.add_subcommand("validate", "check a pipeline file and print it resolved");
  validate->add_option("PIPELINE", file, "pipeline file (TOML)")->required();

  std::vector<std::string> plugin_path;
  std::string describe;
  auto* plugins = app.add_subcommand("plugins", "list the plugins found, or describe one");
  plugins->add_option("--describe", describe, "NAME or KIND/NAME");
  plugins->add_option("--plugin-path", plugin_path, "extra folder searched first (repeatable)");

  auto* version = app.add_subcommand("version", "print versions");

  bool drain = false;
  int progress_s = 10;
  auto* run =
      app.add_subcommand("run", "run a pipeline until SIGTERM/SIGINT (flush, commit, exit 0)");
  run->add_option("PIPELINE", file, "pipeline file (TOML)")->required();
  run->add_flag("--drain", drain,
                "stop once every assigned partition is consumed to its end offset at start, loaded "
                "and committed");
  run->add_option("--progress-interval", progress_s, "seconds between progress lines (0: none)")
      ->check(CLI::Range(0, 86400));

  std::string worker_file, output_file;
  auto* migrate = app.add_subcommand(
      "migrate",
      "print the pipeline TOML for a Kafka Connect StarRocks connector config "
      "(.properties or REST JSON); exit 3 if behaviour changes, 2 if input is incomplete");
  migrate
      ->add_option("FILE", file,
                   "connector config: connect-*.properties or the JSON body of POST /connectors")
      ->required();
  migrate->add_option("--worker-properties", worker_file,
                      "Connect worker config: bootstrap.servers, converters, consumer.*");
  migrate->add_option("--output", output_file, "write the TOML to this file instead of stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? exit_ok : exit_config;
  }
  setup_logging(log_format == "json" ? LogFormat::json : LogFormat::text,
                spdlog::level::from_str(log_level));

  try {
    if (*validate) return validate_command(file);
    if (*plugins) return plugins_command(plugin_path, describe);
    if (*version) return version_command();
    if (*run) return run_command(file, drain, progress_s);
    if (*migrate) return migrate_command(file, worker_file, output_file);
  } catch (const std::exception& e) {
    std::cerr << "error: " << redact(e.what()) << "\n";
    return exit_runtime;
  }
  return exit_config;
}
