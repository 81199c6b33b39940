// StarRocks sink plugin — registration.
#include <sluice/sluice.hpp>

#include "http_client.hpp"
#include "sink_config.hpp"
#include "starrocks_sink.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  return {{"starrocks", "0.1.0",
           "StarRocks Stream Load over HTTP (libcurl): redirects, labels, FE failover",
           sluice::starrocks::option_specs(),
           sluice::SinkFactory([](const sluice::PluginContext& ctx) {
             sluice::starrocks::ensure_curl_initialised();
             return std::make_unique<sluice::starrocks::StarRocksSink>(
                 sluice::starrocks::parse_config(ctx.options), ctx.host);
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
