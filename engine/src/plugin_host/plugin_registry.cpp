#include "plugin_host/plugin_registry.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "plugin_host/plugin_probe.hpp"

#ifndef SLUICE_PLUGIN_INSTALL_RELDIR
#define SLUICE_PLUGIN_INSTALL_RELDIR "lib/sluice/plugins"
#endif

namespace sluice::engine {

namespace fs = std::filesystem;

fs::path bundled_plugin_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  fs::path prefix = exe.parent_path().parent_path();
  // The build tree mirrors an install prefix with lib/sluice/plugins; an install may use a
  // multiarch libdir (lib/x86_64-linux-gnu/sluice/plugins).
  for (const fs::path& rel :
       {fs::path(SLUICE_PLUGIN_INSTALL_RELDIR), fs::path("lib/sluice/plugins")}) {
    fs::path dir = prefix / rel;
    if (fs::is_directory(dir, ec)) return dir;
  }
  return prefix / SLUICE_PLUGIN_INSTALL_RELDIR;
}

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& pipeline_plugin_path,
                                         const fs::path& pipeline_dir) {
  std::vector<fs::path> dirs;
  for (const auto& p : pipeline_plugin_path) {
    fs::path d(p);
    dirs.push_back(d.is_absolute() ? d : pipeline_dir / d);
  }
  if (const char* env = std::getenv("SLUICE_PLUGIN_PATH")) {
    std::string_view s(env);
    while (!s.empty()) {
      auto colon = s.find(':');
      if (colon != 0) dirs.emplace_back(std::string(s.substr(0, colon)));
      if (colon == std::string_view::npos) break;
      s.remove_prefix(colon + 1);
    }
  }
  dirs.push_back(bundled_plugin_dir());
  return dirs;
}

PluginRegistry PluginRegistry::discover(const std::vector<fs::path>& dirs) {
  PluginRegistry reg;
  reg.searched_ = dirs;
  std::vector<fs::path> files;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    std::vector<fs::path> in_dir;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".so" && e.is_regular_file(ec)) in_dir.push_back(e.path());
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  // A file that would crash this process while loading is refused before it is opened here.
  std::vector<std::string> unsafe = probe_plugin_files(files);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const fs::path& f = files[i];
    if (!unsafe[i].empty()) {
      reg.failures_.push_back({f, f.string() + ": cannot load plugin: " + unsafe[i]});
      continue;
    }
    try {
      std::shared_ptr<const PluginLibrary> lib = PluginLibrary::open(f);
      for (const auto& d : lib->plugins()) {
        bool shadowed = reg.find(d.kind(), d.name) != nullptr;
        reg.entries_.push_back({lib, &d, shadowed});
      }
    } catch (const std::exception& e) {
      reg.failures_.push_back({f, e.what()});
    }
  }
  return reg;
}

const PluginRegistry::Entry* PluginRegistry::find(PluginKind kind, std::string_view name) const {
  for (const auto& e : entries_)
    if (!e.shadowed && e.descriptor->kind() == kind && e.descriptor->name == name) return &e;
  return nullptr;
}

std::vector<std::string> PluginRegistry::names(PluginKind kind) const {
  std::vector<std::string> out;
  for (const auto& e : entries_)
    if (!e.shadowed && e.descriptor->kind() == kind) out.push_back(e.descriptor->name);
  return out;
}

std::string PluginRegistry::not_found_message(PluginKind kind, std::string_view name) const {
  std::string msg =
      std::string("no ") + plugin_kind_name(kind) + " plugin named '" + std::string(name) + "'";
  auto candidates = names(kind);
  std::string near = nearest_name(name, candidates);
  if (!near.empty()) msg += "; did you mean '" + near + "'?";
  if (!candidates.empty()) {
    std::string list;
    for (const auto& c : candidates) list += (list.empty() ? "" : ", ") + c;
    msg += " (available: " + list + ")";
  }
  std::string dirs;
  for (const auto& d : searched_) dirs += (dirs.empty() ? "" : ", ") + d.string();
  msg += "; searched: " + dirs;
  for (const auto& f : failures_) msg += "\n  could not load " + f.error;
  return msg;
}

}  // namespace sluice::engine
