#include <iostream>

#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "config/pipeline.hpp"
#include "crash/crash_scope.hpp"
#include "log/logging.hpp"
#include "metrics/metrics.hpp"
#include "plugin_host/host_services.hpp"

namespace sluice::engine {

namespace {

// Creating each plugin once lets its factory refuse option combinations that declarations cannot
// express (a bad regular expression, two options that exclude each other).
void instantiate_all(const Pipeline& p, std::vector<std::string>& errors) {
  Metrics metrics;
  HostServices host(metrics);
  SourceMap where(p.file.string());
  auto try_make = [&](const PluginUse& use, auto tag) {
    using T = typename decltype(tag)::type;
    // A factory that crashes is named by the fatal-signal line.
    CrashSite site(plugin_kind_name(use.kind), use.name, use.library->path());
    CrashScope scope(site);
    try {
      create_plugin<T>(use.library, *use.descriptor, use.options, host.table(), p.name);
    } catch (const std::exception& e) {
      errors.push_back(p.file.string() + ": [" + format_path(use.table) + "] " +
                       plugin_kind_name(use.kind) + " '" + use.name + "': " + redact(e.what()));
    }
  };
  try_make(p.source.key, std::type_identity<Converter>{});
  try_make(p.source.value, std::type_identity<Converter>{});
  for (const auto& t : p.transforms) try_make(t, std::type_identity<Transform>{});
  try_make(p.formatter, std::type_identity<Formatter>{});
  try_make(p.sink.plugin, std::type_identity<Sink>{});
}

}  // namespace

int validate_command(const std::string& file) {
  try {
    LoadedPipeline loaded = load_pipeline(file);
    add_secrets(loaded.pipeline.secrets());
    std::vector<std::string> errors;
    instantiate_all(loaded.pipeline, errors);
    if (!errors.empty()) throw ConfigError(errors);
    std::cout << "# " << file << ": valid\n" << loaded.pipeline.to_toml();
    return exit_ok;
  } catch (const ConfigError& e) {
    for (const auto& m : e.messages()) std::cerr << "error: " << redact(m) << "\n";
    return exit_config;
  }
}

}  // namespace sluice::engine
