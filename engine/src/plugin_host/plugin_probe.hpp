// Loading a plugin file in a child process before this process loads it.
//
// dlopen() trusts the file: a library whose ELF headers are intact but whose dynamic section is
// corrupt (or whose static constructors crash, or call exit()) takes the whole process down, even
// `sluice plugins`. So each file is first opened, exactly as PluginLibrary::open would, in a child
// (this same executable, started with SLUICE_PLUGIN_PROBE_CHILD=<file>; a constructor in
// plugin_probe.cpp handles that before main() runs). Only a file whose child survived is opened
// here. Results are kept per path, size and modification time for the life of the process.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sluice::engine {

/// The variable that turns a start of this executable into a probe of one plugin file.
inline constexpr const char* plugin_probe_env = "SLUICE_PLUGIN_PROBE_CHILD";

/// Why `file` must not be opened in this process ("it crashed while loading (signal 11,
/// SIGSEGV)"), or "" when its child survived: the file may still be refused, which the in-process
/// open then explains. Children run in parallel (a few at a time).
std::vector<std::string> probe_plugin_files(const std::vector<std::filesystem::path>& files);

/// One file; see probe_plugin_files.
std::string probe_plugin_file(const std::filesystem::path& file);

}  // namespace sluice::engine
