// sluice SDK — opening plugin libraries and creating plugin instances.
// Shared by the engine and by the test harness, so a plugin is checked the same way in both.
#pragma once

#ifndef BOOST_DLL_USE_STD_FS
#define BOOST_DLL_USE_STD_FS
#endif
#include <elf.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "sluice/option_check.hpp"
#include "sluice/plugin.hpp"

namespace sluice {

/// A library could not be used: the message names the file and says why.
class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Checks that `file` is a complete ELF shared object for this machine. dlopen() maps segments
/// without checking that the file holds them, and touching a missing page kills the process with
/// SIGBUS, so a truncated or corrupt file must be refused before it is opened. Returns "" or why
/// not.
inline std::string elf_problem(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return "cannot open file";
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  Elf64_Ehdr eh;
  if (bytes.size() < sizeof eh || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    return "not an ELF file";
  std::memcpy(&eh, bytes.data(), sizeof eh);
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_type != ET_DYN)
    return "not a 64-bit ELF shared object";
  if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > bytes.size() ||
      eh.e_phnum > (bytes.size() - eh.e_phoff) / sizeof(Elf64_Phdr))
    return "truncated or corrupt ELF program headers";
  for (std::size_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    std::memcpy(&ph, bytes.data() + eh.e_phoff + i * sizeof ph, sizeof ph);
    if (ph.p_type == PT_LOAD &&
        (ph.p_offset > bytes.size() || ph.p_filesz > bytes.size() - ph.p_offset))
      return "truncated or corrupt ELF file (a segment lies past the end of the file)";
  }
  return "";
}

/// "gcc 12, libstdc++ 12, nlohmann/json 3.11.2, ABI 1": the build identity of a manifest.
inline std::string describe_build(std::uint32_t abi, const char* compiler, const char* stdlib,
                                  const char* json) {
  auto s = [](const char* p) { return p ? std::string(p) : std::string("?"); };
  return "ABI " + std::to_string(abi) + ", " + s(compiler) + ", " + s(stdlib) + ", " + s(json);
}

/// An open plugin library and the plugins it exports. Keep the shared_ptr alive as long as any
/// instance created from it lives (PluginInstance does this).
class PluginLibrary {
 public:
  /// Opens `file`, checks its manifest against this build and reads its descriptors.
  /// Throws PluginLoadError (never crashes) for a file that is not a shared library, lacks the
  /// sluice symbols, or was built for another ABI, compiler, standard library or json version.
  static std::shared_ptr<PluginLibrary> open(const std::filesystem::path& file) {
    auto self = std::shared_ptr<PluginLibrary>(new PluginLibrary(file));
    namespace dll = boost::dll;
    if (std::string why = elf_problem(file); !why.empty())
      throw PluginLoadError(file.string() + ": cannot load shared library: " + why);
    try {
      self->lib_.load(file, dll::load_mode::rtld_now | dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
      throw PluginLoadError(file.string() + ": cannot load shared library: " + e.what());
    }
    if (!self->lib_.has("sluice_manifest"))
      throw PluginLoadError(file.string() + ": not a sluice plugin (no 'sluice_manifest' symbol)");
    const auto& m = self->lib_.get<const sluice_plugin_manifest>("sluice_manifest");
    if (m.magic != SLUICE_MANIFEST_MAGIC)
      throw PluginLoadError(file.string() + ": not a sluice plugin (bad manifest magic)");
    self->build_ = describe_build(m.abi_version, m.compiler, m.stdlib, m.json);
    const std::string host_build =
        describe_build(SLUICE_ABI_VERSION, SLUICE_COMPILER_ID, SLUICE_STDLIB_ID, SLUICE_JSON_ID);
    if (self->build_ != host_build)
      throw PluginLoadError(file.string() + ": plugin was built for " + self->build_ +
                            " but this sluice is " + host_build +
                            "; rebuild the plugin against this SDK");
    if (!self->lib_.has("sluice_plugin_entry"))
      throw PluginLoadError(
          file.string() +
          ": not a sluice plugin (no 'sluice_plugin_entry'; use SLUICE_EXPORT_PLUGINS)");
    try {
      auto& entry = self->lib_.get_alias<PluginEntry>("sluice_plugin_entry");
      self->plugins_ = entry();
    } catch (const std::exception& e) {
      throw PluginLoadError(file.string() + ": plugin entry failed: " + e.what());
    }
    return self;
  }

  const std::filesystem::path& path() const noexcept { return path_; }
  /// "ABI 1, gcc 12, libstdc++ 12, nlohmann/json 3.11.2"
  const std::string& build() const noexcept { return build_; }
  const std::vector<PluginDescriptor>& plugins() const noexcept { return plugins_; }

  /// The descriptor of plugin `name` of `kind`, or nullptr.
  const PluginDescriptor* find(PluginKind kind, std::string_view name) const noexcept {
    for (const auto& d : plugins_)
      if (d.kind() == kind && d.name == name) return &d;
    return nullptr;
  }

 private:
  explicit PluginLibrary(std::filesystem::path p) : path_(std::move(p)) {}
  std::filesystem::path path_;
  std::string build_;
  boost::dll::shared_library lib_;
  // Declared after lib_: destroyed before the library is unloaded (it holds code from it).
  std::vector<PluginDescriptor> plugins_;
};

template <class T>
struct kind_of;
template <>
struct kind_of<Converter> : std::integral_constant<PluginKind, PluginKind::converter> {};
template <>
struct kind_of<Transform> : std::integral_constant<PluginKind, PluginKind::transform> {};
template <>
struct kind_of<Formatter> : std::integral_constant<PluginKind, PluginKind::formatter> {};
template <>
struct kind_of<Sink> : std::integral_constant<PluginKind, PluginKind::sink> {};

/// A plugin object together with the library its code lives in (destroyed first, unloaded last).
template <class T>
class PluginInstance {
 public:
  PluginInstance() = default;
  PluginInstance(std::shared_ptr<const PluginLibrary> lib, std::unique_ptr<T> obj)
      : lib_(std::move(lib)), obj_(std::move(obj)) {}
  PluginInstance(PluginInstance&&) noexcept = default;
  PluginInstance& operator=(PluginInstance&& o) noexcept {
    obj_.reset();
    lib_ = std::move(o.lib_);
    obj_ = std::move(o.obj_);
    return *this;
  }
  ~PluginInstance() { obj_.reset(); }

  T* operator->() const noexcept { return obj_.get(); }
  T& operator*() const noexcept { return *obj_; }
  T* get() const noexcept { return obj_.get(); }
  explicit operator bool() const noexcept { return obj_ != nullptr; }

 private:
  std::shared_ptr<const PluginLibrary> lib_;
  std::unique_ptr<T> obj_;
};

/// Creates an instance of `desc` (which must be of T's kind) with already-validated options.
/// Throws std::invalid_argument when the factory refuses the options.
template <class T>
PluginInstance<T> create_plugin(std::shared_ptr<const PluginLibrary> lib,
                                const PluginDescriptor& desc, const Options& options,
                                const sluice_host_services* services, std::string pipeline = "") {
  using F = std::function<std::unique_ptr<T>(const PluginContext&)>;
  const F* factory = std::get_if<F>(&desc.factory);
  if (!factory || !*factory)
    throw std::invalid_argument("plugin '" + desc.name + "' is a " + plugin_kind_name(desc.kind()) +
                                ", not a " + plugin_kind_name(kind_of<T>::value));
  PluginContext ctx{options, Host(services, desc.name), std::move(pipeline)};
  auto obj = (*factory)(ctx);
  if (!obj) throw std::invalid_argument("plugin '" + desc.name + "' returned no instance");
  return PluginInstance<T>(std::move(lib), std::move(obj));
}

}  // namespace sluice
