#include "resolve_helpers.hpp"

#include "config/config_error.hpp"

namespace sluice::test {

engine::EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

const engine::PluginRegistry& fixture_registry() {
  static const engine::PluginRegistry reg = engine::PluginRegistry::discover({FIXTURE_PLUGIN_DIR});
  return reg;
}

engine::Pipeline resolve(std::string_view toml, const engine::PluginRegistry& registry,
                         const engine::EnvLookup& env) {
  return engine::resolve_pipeline(engine::read_toml_text(toml, "pipeline.toml", env), registry);
}

std::string config_error(std::string_view toml, const engine::PluginRegistry& registry,
                         const engine::EnvLookup& env) {
  try {
    resolve(toml, registry, env);
  } catch (const engine::ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace sluice::test
