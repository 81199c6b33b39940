// One descriptor per transform of the family; each is defined in the transform's own file,
// together with its options.
#pragma once

#include <sluice/plugin.hpp>

namespace sluice_connect {

sluice::PluginDescriptor insert_field_plugin();
sluice::PluginDescriptor replace_field_plugin();
sluice::PluginDescriptor mask_field_plugin();
sluice::PluginDescriptor cast_plugin();
sluice::PluginDescriptor timestamp_converter_plugin();
sluice::PluginDescriptor value_to_key_plugin();
sluice::PluginDescriptor extract_field_plugin();
sluice::PluginDescriptor flatten_plugin();
sluice::PluginDescriptor hoist_field_plugin();
sluice::PluginDescriptor regex_router_plugin();
sluice::PluginDescriptor filter_plugin();
sluice::PluginDescriptor header_from_plugin();
sluice::PluginDescriptor drop_headers_plugin();

}  // namespace sluice_connect
