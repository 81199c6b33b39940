#include "plugin_host/host_services.hpp"

#include <spdlog/spdlog.h>

namespace sluice::engine {

HostServices::HostServices(Metrics& metrics) : metrics_(metrics) {
  table_.size = sizeof(sluice_host_services);
  table_.host = this;
  table_.log = [](void*, int level, const char* plugin, const char* msg, std::size_t len) {
    static constexpr spdlog::level::level_enum levels[] = {
        spdlog::level::trace, spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
        spdlog::level::err};
    auto lvl = levels[level < 0 ? 0 : level > 4 ? 4 : level];
    spdlog::log(lvl, "{}: {}", plugin ? plugin : "plugin", std::string_view(msg, len));
  };
  table_.counter_add = [](void* host, const char* plugin, const char* name, double d) {
    static_cast<HostServices*>(host)->metrics_.add(std::string("sluice_plugin_") + name,
                                                   {{"plugin", plugin}}, d);
  };
  table_.gauge_set = [](void* host, const char* plugin, const char* name, double v) {
    static_cast<HostServices*>(host)->metrics_.set(std::string("sluice_plugin_") + name,
                                                   {{"plugin", plugin}}, v);
  };
}

}  // namespace sluice::engine
