// Parsed schemas by id, shared by all converter instances that read the same registry with the
// same credentials (one per worker, in parallel). Ids are immutable in a registry, so entries
// never expire; only successful parses are cached (an outage or a 404 is asked again).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sluice::registry {

template <class Parsed>
class SchemaCache {
 public:
  std::shared_ptr<const Parsed> find(std::int32_t id) const {
    std::lock_guard lock(mu_);
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second;
  }
  /// Keeps the first entry when two workers parsed the same id at once; returns the kept one.
  std::shared_ptr<const Parsed> insert(std::int32_t id, std::shared_ptr<const Parsed> parsed) {
    std::lock_guard lock(mu_);
    return by_id_.emplace(id, std::move(parsed)).first->second;
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return by_id_.size();
  }

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::int32_t, std::shared_ptr<const Parsed>> by_id_;
};

/// The cache for `key` (RegistryConfig::cache_key()), created on first use and kept while any
/// instance holds it.
template <class Parsed>
std::shared_ptr<SchemaCache<Parsed>> shared_schema_cache(const std::string& key) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<SchemaCache<Parsed>>> caches;
  std::lock_guard lock(mu);
  auto& slot = caches[key];
  if (auto existing = slot.lock()) return existing;
  auto created = std::make_shared<SchemaCache<Parsed>>();
  slot = created;
  return created;
}

}  // namespace sluice::registry
