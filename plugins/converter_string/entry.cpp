// Registration of the string converter.
#include <memory>

#include <sluice/plugin.hpp>

#include "options.hpp"
#include "string_converter.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  return {{"string", "1.0.0", "the bytes as one UTF-8 string (Kafka Connect's StringConverter)",
           sluice::string_converter::option_specs(),
           sluice::ConverterFactory([](const sluice::PluginContext&) {
             return std::make_unique<sluice::string_converter::StringConverter>();
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
