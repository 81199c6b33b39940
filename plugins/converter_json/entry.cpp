// Registration of the json converter.
#include <memory>

#include <sluice/plugin.hpp>

#include "json_converter.hpp"
#include "options.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  using namespace sluice::json_converter;
  return {{"json", "1.0.0",
           "JSON values; with schemas_enable, Kafka Connect envelopes with logical types applied",
           option_specs(), sluice::ConverterFactory([](const sluice::PluginContext& ctx) {
             return std::make_unique<JsonConverter>(parse_options(ctx.options));
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
