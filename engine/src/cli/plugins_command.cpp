#include <iomanip>
#include <iostream>

#include "cli/commands.hpp"
#include "plugin_host/plugin_registry.hpp"

namespace sluice::engine {

namespace {

void describe(const PluginRegistry::Entry& e) {
  const auto& d = *e.descriptor;
  std::cout << plugin_kind_name(d.kind()) << " " << d.name << " " << d.version << "\n  "
            << d.summary << "\n  file: " << e.library->path().string() << "\n";
  if (d.options.empty()) {
    std::cout << "  options: none\n";
    return;
  }
  std::cout << "  options:\n";
  for (const auto& o : d.options) {
    std::cout << "    " << o.name << " (" << option_type_name(o.type);
    if (o.required) std::cout << ", required";
    if (!o.default_value.is_null()) std::cout << ", default " << o.default_value.dump();
    if (o.min || o.max)
      std::cout << ", range [" << (o.min ? detail::format_number(*o.min) : "-inf") << ", "
                << (o.max ? detail::format_number(*o.max) : "inf") << "]";
    if (!o.allowed.empty()) {
      std::cout << ", one of";
      for (const auto& a : o.allowed) std::cout << " " << a;
    }
    if (o.secret) std::cout << ", secret";
    std::cout << ")\n        " << o.doc << "\n";
  }
}

}  // namespace

int plugins_command(const std::vector<std::string>& plugin_path, const std::string& name) {
  auto reg =
      PluginRegistry::discover(plugin_search_path(plugin_path, std::filesystem::current_path()));
  if (!name.empty()) {
    // NAME or KIND/NAME (json is both a converter and a formatter)
    std::string kind, plugin = name;
    if (auto slash = name.find('/'); slash != std::string::npos)
      kind = name.substr(0, slash), plugin = name.substr(slash + 1);
    int found = 0;
    for (const auto& e : reg.entries())
      if (!e.shadowed && e.descriptor->name == plugin &&
          (kind.empty() || kind == plugin_kind_name(e.descriptor->kind()))) {
        if (found++) std::cout << "\n";
        describe(e);
      }
    if (!found) {
      std::cerr << "error: no plugin named '" << name << "'\n";
      return exit_config;
    }
    return exit_ok;
  }
  std::cout << std::left << std::setw(10) << "KIND" << std::setw(18) << "NAME" << std::setw(9)
            << "VERSION"
            << "FILE\n";
  for (const auto& e : reg.entries())
    std::cout << std::setw(10) << plugin_kind_name(e.descriptor->kind()) << std::setw(18)
              << e.descriptor->name << std::setw(9) << e.descriptor->version
              << e.library->path().string() << (e.shadowed ? "  (shadowed)" : "") << "\n";
  for (const auto& f : reg.failures()) std::cout << "unusable: " << f.error << "\n";
  std::cout << "searched:";
  for (const auto& d : reg.searched()) std::cout << " " << d.string();
  std::cout << "\n";
  return exit_ok;
}

}  // namespace sluice::engine
