// sluice SDK — describing and exporting plugins.
//
// A plugin library (.so) exports two symbols:
//  - `sluice_manifest`: a plain C struct with the ABI version and the build's compiler, standard
//    library and nlohmann/json versions. The host reads it first and refuses a library built
//    differently, naming the file and both versions, before touching any C++ type.
//  - `sluice_plugin_entry` (a Boost.DLL alias): returns the descriptors of the plugins in the
//    library (one library may hold a family of plugins).
// Both come from one macro:
//
//   static std::vector<sluice::PluginDescriptor> plugins() { return
//   {sluice::describe_converter(...)}; } SLUICE_EXPORT_PLUGINS(plugins)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif
#include <boost/dll/alias.hpp>

#include "sluice/converter.hpp"
#include "sluice/formatter.hpp"
#include "sluice/host.hpp"
#include "sluice/options.hpp"
#include "sluice/sink.hpp"
#include "sluice/transform.hpp"
#include "sluice/version.hpp"

extern "C" {
/// Identifies a plugin library's build. Layout frozen forever: fields are only appended.
struct sluice_plugin_manifest {
  std::uint32_t magic;        ///< SLUICE_MANIFEST_MAGIC
  std::uint32_t abi_version;  ///< SLUICE_ABI_VERSION the library was built with
  const char* sdk_version;
  const char* compiler;  ///< SLUICE_COMPILER_ID
  const char* stdlib;    ///< SLUICE_STDLIB_ID
  const char* json;      ///< SLUICE_JSON_ID
};
}

#define SLUICE_MANIFEST_MAGIC 0x534c4331u /* "SLC1" */

namespace sluice {

enum class PluginKind { converter, transform, formatter, sink };

constexpr const char* plugin_kind_name(PluginKind k) noexcept {
  switch (k) {
    case PluginKind::converter:
      return "converter";
    case PluginKind::transform:
      return "transform";
    case PluginKind::formatter:
      return "formatter";
    case PluginKind::sink:
      return "sink";
  }
  return "unknown";
}

/// What a factory receives: the validated options (defaults filled) and the host services.
/// Both stay valid only during the factory call; copy what the instance keeps.
struct PluginContext {
  const Options& options;
  Host host;
  /// The pipeline's name (labels, client ids).
  std::string pipeline;
};

/// A factory reports bad option combinations by throwing std::invalid_argument with a message that
/// names the option; the host turns it into a configuration error.
using ConverterFactory = std::function<std::unique_ptr<Converter>(const PluginContext&)>;
using TransformFactory = std::function<std::unique_ptr<Transform>(const PluginContext&)>;
using FormatterFactory = std::function<std::unique_ptr<Formatter>(const PluginContext&)>;
using SinkFactory = std::function<std::unique_ptr<Sink>(const PluginContext&)>;
using Factory = std::variant<ConverterFactory, TransformFactory, FormatterFactory, SinkFactory>;

/// One plugin: its identity, its options and its factory (which also gives its kind).
struct PluginDescriptor {
  std::string name;     ///< unique per kind, e.g. "json"
  std::string version;  ///< the plugin's own version
  std::string summary;  ///< one line for `sluice plugins`
  std::vector<OptionSpec> options;
  Factory factory;

  PluginKind kind() const noexcept { return static_cast<PluginKind>(factory.index()); }
};

/// Entry point type behind `sluice_plugin_entry`.
using PluginEntry = std::vector<PluginDescriptor>();

}  // namespace sluice

/// Exports the plugins that `entry_function` (a `std::vector<sluice::PluginDescriptor>()`) returns,
/// with the manifest of this build. Use once per library, at namespace scope.
#define SLUICE_EXPORT_PLUGINS(entry_function)                                     \
  extern "C" BOOST_SYMBOL_EXPORT const sluice_plugin_manifest sluice_manifest;    \
  extern "C" BOOST_SYMBOL_EXPORT const sluice_plugin_manifest sluice_manifest = { \
      SLUICE_MANIFEST_MAGIC, SLUICE_ABI_VERSION, SLUICE_SDK_VERSION,              \
      SLUICE_COMPILER_ID,    SLUICE_STDLIB_ID,   SLUICE_JSON_ID};                 \
  BOOST_DLL_ALIAS(entry_function, sluice_plugin_entry)
