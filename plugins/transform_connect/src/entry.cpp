// Registration of the Kafka Connect transform family (org.apache.kafka.connect.transforms.*).
#include <sluice/sluice.hpp>

#include "descriptors.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  using namespace sluice_connect;
  std::vector<sluice::PluginDescriptor> out;
  out.push_back(insert_field_plugin());
  out.push_back(replace_field_plugin());
  out.push_back(mask_field_plugin());
  out.push_back(cast_plugin());
  out.push_back(timestamp_converter_plugin());
  out.push_back(value_to_key_plugin());
  out.push_back(extract_field_plugin());
  out.push_back(flatten_plugin());
  out.push_back(hoist_field_plugin());
  out.push_back(regex_router_plugin());
  out.push_back(filter_plugin());
  out.push_back(header_from_plugin());
  out.push_back(drop_headers_plugin());
  return out;
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
