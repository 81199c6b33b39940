// Registration of the bytes converter.
#include <memory>

#include <sluice/plugin.hpp>

#include "bytes_converter.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  return {{"bytes",
           "1.0.0",
           "the bytes as a base64 string (Kafka Connect's ByteArrayConverter)",
           {},
           sluice::ConverterFactory([](const sluice::PluginContext&) {
             return std::make_unique<sluice::bytes_converter::BytesConverter>();
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
