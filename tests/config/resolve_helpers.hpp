// Helpers for the configuration tests: resolve pipeline text against the fixture plugins, exactly
// as `sluice validate` does, and capture the configuration error.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "config/pipeline.hpp"

namespace sluice::test {

/// An environment for ${VAR} expansion, independent of the test process's own.
engine::EnvLookup fake_env(std::map<std::string, std::string> vars = {});

/// The fixture plugins (tests/fixtures/plugins), discovered once.
const engine::PluginRegistry& fixture_registry();

/// Reads `toml` as "pipeline.toml" and resolves it against `registry`.
engine::Pipeline resolve(std::string_view toml,
                         const engine::PluginRegistry& registry = fixture_registry(),
                         const engine::EnvLookup& env = fake_env());

/// The ConfigError that resolving `toml` raises (its lines joined by '\n'), or "" when it is valid.
std::string config_error(std::string_view toml,
                         const engine::PluginRegistry& registry = fixture_registry(),
                         const engine::EnvLookup& env = fake_env());

}  // namespace sluice::test
