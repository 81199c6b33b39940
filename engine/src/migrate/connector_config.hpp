// A Kafka Connect configuration as flat key/value strings (a connector's or a worker's), in the
// order written, remembering which keys the migration has used so that the rest can be reported.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine::migrate {

struct ConfigEntry {
  std::string key;
  std::string value;
  std::size_t line = 0;  // 1-based line in the file; 0 when unknown (JSON)
};

class ConnectorConfig {
 public:
  /// Adds or replaces `key` (a later definition wins, as in java.util.Properties and JSON).
  void set(std::string key, std::string value, std::size_t line = 0);

  /// The value of `key`, marking it used.
  std::optional<std::string> take(std::string_view key) const;
  /// The value of `key` without marking it used.
  std::optional<std::string> peek(std::string_view key) const;
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  /// Entries whose key starts with `prefix`, in file order (not marked used).
  std::vector<const ConfigEntry*> with_prefix(std::string_view prefix) const;
  /// Marks `key` used without reading it.
  void mark_used(std::string_view key) const;
  /// Entries never taken nor marked, in file order.
  std::vector<const ConfigEntry*> unused() const;

  const std::vector<ConfigEntry>& entries() const noexcept { return entries_; }
  bool empty() const noexcept { return entries_.empty(); }

 private:
  const ConfigEntry* find(std::string_view key) const;
  std::vector<ConfigEntry> entries_;
  mutable std::vector<bool> used_;
};

}  // namespace sluice::engine::migrate
