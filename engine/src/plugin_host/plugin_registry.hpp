// Finds plugin libraries on the search path and keeps them loaded.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/loader.hpp>

namespace sluice::engine {

/// The folders searched for plugins, in order: the pipeline's `plugin_path` (relative entries are
/// relative to the pipeline file's folder), then $SLUICE_PLUGIN_PATH (colon-separated), then the
/// bundled folder next to the binary (<prefix>/bin/sluice → <prefix>/lib/sluice/plugins).
std::vector<std::filesystem::path> plugin_search_path(
    const std::vector<std::string>& pipeline_plugin_path,
    const std::filesystem::path& pipeline_dir);

/// The bundled plugin folder of this binary (may not exist).
std::filesystem::path bundled_plugin_dir();

class PluginRegistry {
 public:
  struct Entry {
    std::shared_ptr<const PluginLibrary> library;
    const PluginDescriptor* descriptor;
    /// Another library earlier on the path already provides this kind and name.
    bool shadowed = false;
  };
  struct Failure {
    std::filesystem::path file;
    std::string error;
  };

  /// Opens every `*.so` in `dirs` (not recursive). A file that cannot be loaded is recorded as a
  /// failure, never fatal here: it only matters if the pipeline needs what it would provide. Each
  /// file is first loaded in a child process (plugin_probe.hpp): one that crashes there, e.g. a
  /// corrupt dynamic section, is a failure too and is never opened in this process.
  static PluginRegistry discover(const std::vector<std::filesystem::path>& dirs);

  /// The first plugin of this kind and name on the path, or nullptr.
  const Entry* find(PluginKind kind, std::string_view name) const;
  /// Names of the plugins of a kind, for suggestions.
  std::vector<std::string> names(PluginKind kind) const;

  const std::vector<Entry>& entries() const noexcept { return entries_; }
  const std::vector<Failure>& failures() const noexcept { return failures_; }
  const std::vector<std::filesystem::path>& searched() const noexcept { return searched_; }

  /// "no transform plugin named 'x'" plus the folders searched, the nearest name and the files that
  /// failed to load (one of them may have been it).
  std::string not_found_message(PluginKind kind, std::string_view name) const;

 private:
  std::vector<Entry> entries_;
  std::vector<Failure> failures_;
  std::vector<std::filesystem::path> searched_;
};

}  // namespace sluice::engine
