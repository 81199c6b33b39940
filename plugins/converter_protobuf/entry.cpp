// Registration of the protobuf converter.
#include <memory>

#include <sluice/plugin.hpp>
#include <sluice_registry/registry_options.hpp>

#include "protobuf_converter.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  using namespace sluice;
  return {{"protobuf", "1.0.0",
           "Protobuf in the Confluent wire format, schemas from a Confluent schema registry",
           registry::registry_option_specs(), ConverterFactory([](const PluginContext& ctx) {
             return std::make_unique<protobuf_converter::ProtobufConverter>(
                 registry::parse_registry_options(ctx.options), ctx.host);
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
