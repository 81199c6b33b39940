// A library that claims another ABI version: the host must refuse it before calling into it.
#include <sluice/plugin.hpp>

extern "C" BOOST_SYMBOL_EXPORT const sluice_plugin_manifest sluice_manifest;
extern "C" BOOST_SYMBOL_EXPORT const sluice_plugin_manifest sluice_manifest = {
    SLUICE_MANIFEST_MAGIC, 999, "9.9.9", SLUICE_COMPILER_ID, SLUICE_STDLIB_ID, SLUICE_JSON_ID};

namespace {
std::vector<sluice::PluginDescriptor> plugins() {
  throw std::logic_error("must never be called");
}
}  // namespace
BOOST_DLL_ALIAS(plugins, sluice_plugin_entry)
