// sluice SDK — services the host offers to plugins: logging and metrics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" {
/// The table of host services, as the host lays it out. Append-only: new services are added at
/// the end and `size` tells a plugin which entries exist, so a plugin built against an older SDK
/// keeps working with a newer host and the other way round. Plain C so that its layout never
/// depends on the C++ library. Use it through sluice::Host, never directly.
struct sluice_host_services {
  std::uint32_t size;  ///< sizeof(sluice_host_services) as the host built it
  void* host;          ///< opaque, passed back to every call
  /// Writes a log line. level: 0 trace, 1 debug, 2 info, 3 warn, 4 error.
  void (*log)(void* host, int level, const char* plugin, const char* message, std::size_t len);
  /// Adds `delta` to the counter `name` (Prometheus naming, e.g. "converter_schema_fetches_total").
  void (*counter_add)(void* host, const char* plugin, const char* name, double delta);
  /// Sets the gauge `name` to `value`.
  void (*gauge_set)(void* host, const char* plugin, const char* name, double value);
};
}

namespace sluice {

enum class LogLevel : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };

/// Convenience wrapper over sluice_host_services that a plugin receives at creation. Cheap to
/// copy; valid for the lifetime of the plugin instance. Calls to services the host does not offer
/// are silently ignored. Never log secrets: the host masks known secrets, not everything.
class Host {
 public:
  Host() = default;
  Host(const sluice_host_services* services, std::string plugin)
      : services_(services), plugin_(std::move(plugin)) {}

  void log(LogLevel level, std::string_view message) const {
    if (has(offsetof(sluice_host_services, log)) && services_->log)
      services_->log(services_->host, static_cast<int>(level), plugin_.c_str(), message.data(),
                     message.size());
  }
  void debug(std::string_view m) const { log(LogLevel::debug, m); }
  void info(std::string_view m) const { log(LogLevel::info, m); }
  void warn(std::string_view m) const { log(LogLevel::warn, m); }
  void error(std::string_view m) const { log(LogLevel::error, m); }

  void count(const std::string& name, double delta = 1) const {
    if (has(offsetof(sluice_host_services, counter_add)) && services_->counter_add)
      services_->counter_add(services_->host, plugin_.c_str(), name.c_str(), delta);
  }
  void gauge(const std::string& name, double value) const {
    if (has(offsetof(sluice_host_services, gauge_set)) && services_->gauge_set)
      services_->gauge_set(services_->host, plugin_.c_str(), name.c_str(), value);
  }

  const std::string& plugin_name() const noexcept { return plugin_; }

 private:
  bool has(std::size_t offset) const noexcept {
    return services_ && services_->size >= offset + sizeof(void*);
  }
  const sluice_host_services* services_ = nullptr;
  std::string plugin_;
};

}  // namespace sluice
