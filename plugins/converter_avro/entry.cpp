// Registration of the avro converter.
#include <memory>

#include <sluice/plugin.hpp>
#include <sluice_registry/registry_options.hpp>

#include "avro_converter.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  using namespace sluice;
  return {{"avro", "1.0.0",
           "Avro in the Confluent wire format, writer schemas from a Confluent schema registry",
           registry::registry_option_specs(), ConverterFactory([](const PluginContext& ctx) {
             return std::make_unique<avro_converter::AvroConverter>(
                 registry::parse_registry_options(ctx.options), ctx.host);
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
