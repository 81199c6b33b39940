// The result of migrating a Kafka Connect configuration, and what the mappers share while building
// it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/record.hpp>

#include "migrate/connector_config.hpp"
#include "migrate/migration_notes.hpp"

namespace sluice::engine::migrate {

/// A comment printed at the end of a line of the TOML: on `key` of `table`, or on the table's
/// header when `key` is empty. Tables are named as in their header ("source.value", "sink");
/// the n-th [[transforms]] entry is "transforms[n]".
struct LineComment {
  std::string table;
  std::string key;
  std::string text;
};

/// An environment variable the migrated pipeline reads through ${NAME}.
struct EnvVar {
  std::string name;
  std::string why;
};

struct Migration {
  Value pipeline = Value::object();
  std::vector<LineComment> comments;
  std::vector<EnvVar> env;
  Notes notes;
};

/// The inputs and the output under construction, shared by the mappers.
struct MigrationContext {
  const ConnectorConfig& connector;
  const ConnectorConfig* worker = nullptr;  // the Connect worker config, when given
  Migration& out;

  void comment(std::string table, std::string key, std::string text) {
    out.comments.push_back({std::move(table), std::move(key), std::move(text)});
  }
  /// "${NAME}", recording that the user must set NAME.
  std::string env_ref(const std::string& name, const std::string& why);
  Notes& notes() { return out.notes; }
};

// Value helpers shared by the mappers.
std::string trim(std::string_view s);
std::string lower(std::string_view s);
/// Comma-separated list, entries trimmed, empty entries dropped.
std::vector<std::string> split_list(std::string_view s);
/// "true"/"false" in any case, as Kafka's ConfigDef reads booleans.
std::optional<bool> parse_bool(std::string_view s);
std::optional<std::int64_t> parse_int(std::string_view s);
/// A string copied from the Connect config, written so that the pipeline reader's ${VAR}
/// expansion gives it back unchanged ("${" becomes "$${").
std::string literal(std::string_view s);

}  // namespace sluice::engine::migrate
