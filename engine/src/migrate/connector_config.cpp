#include "migrate/connector_config.hpp"

#include <algorithm>

namespace sluice::engine::migrate {

void ConnectorConfig::set(std::string key, std::string value, std::size_t line) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const ConfigEntry& e) { return e.key == key; });
  if (it != entries_.end()) {
    it->value = std::move(value);
    it->line = line;
    return;
  }
  entries_.push_back({std::move(key), std::move(value), line});
  used_.push_back(false);
}

const ConfigEntry* ConnectorConfig::find(std::string_view key) const {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const ConfigEntry& e) { return e.key == key; });
  return it == entries_.end() ? nullptr : &*it;
}

std::optional<std::string> ConnectorConfig::take(std::string_view key) const {
  const ConfigEntry* e = find(key);
  if (!e) return std::nullopt;
  used_[static_cast<std::size_t>(e - entries_.data())] = true;
  return e->value;
}

std::optional<std::string> ConnectorConfig::peek(std::string_view key) const {
  const ConfigEntry* e = find(key);
  if (!e) return std::nullopt;
  return e->value;
}

std::vector<const ConfigEntry*> ConnectorConfig::with_prefix(std::string_view prefix) const {
  std::vector<const ConfigEntry*> out;
  for (const auto& e : entries_)
    if (e.key.size() > prefix.size() && e.key.compare(0, prefix.size(), prefix) == 0)
      out.push_back(&e);
  return out;
}

void ConnectorConfig::mark_used(std::string_view key) const {
  if (const ConfigEntry* e = find(key)) used_[static_cast<std::size_t>(e - entries_.data())] = true;
}

std::vector<const ConfigEntry*> ConnectorConfig::unused() const {
  std::vector<const ConfigEntry*> out;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (!used_[i]) out.push_back(&entries_[i]);
  return out;
}

}  // namespace sluice::engine::migrate
