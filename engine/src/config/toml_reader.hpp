// Reads a pipeline file (TOML) into a Value tree plus the position of every key, expanding
// ${VAR} from the environment.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <sluice/record.hpp>

#include "config/source_map.hpp"

namespace sluice::engine {

struct TomlDocument {
  Value root;  // a JSON object mirroring the TOML tables
  SourceMap positions;
};

/// Looks up an environment variable; replaceable in tests.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

/// Parses `file`. Throws ConfigError "file:line:column: ..." for a syntax error, an unset ${VAR}
/// or a malformed ${...}. TOML dates and times become strings.
TomlDocument read_toml_file(const std::filesystem::path& file,
                            const EnvLookup& env = process_environment());

/// Same, from text (the name is used in messages).
TomlDocument read_toml_text(std::string_view text, const std::string& name,
                            const EnvLookup& env = process_environment());

/// Expands ${VAR} in `s`. "$${" writes a literal "${". Throws std::invalid_argument naming the
/// variable when it is unset.
std::string expand_env(std::string_view s, const EnvLookup& env);

}  // namespace sluice::engine
