// A shared library with a valid manifest but no entry point.
#include <sluice/plugin.hpp>

extern "C" BOOST_SYMBOL_EXPORT const sluice_plugin_manifest sluice_manifest;
extern "C" BOOST_SYMBOL_EXPORT const sluice_plugin_manifest sluice_manifest = {
    SLUICE_MANIFEST_MAGIC, SLUICE_ABI_VERSION, SLUICE_SDK_VERSION,
    SLUICE_COMPILER_ID,    SLUICE_STDLIB_ID,   SLUICE_JSON_ID};
