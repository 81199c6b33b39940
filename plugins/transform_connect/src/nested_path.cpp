#include "nested_path.hpp"

#include <cctype>
#include <stdexcept>

namespace sluice_connect {
namespace {

std::invalid_argument unmatched(std::string_view path, std::string_view option, std::size_t at) {
  return std::invalid_argument("option '" + std::string(option) + "': path '" + std::string(path) +
                               "' has a backtick at " + std::to_string(at) +
                               " without its closing pair");
}

/// V2: steps split at dots; a step that starts with a backtick runs to the backtick that ends
/// the path or is followed by a dot.
std::vector<std::string> steps_v2(std::string_view path, std::string_view option) {
  std::vector<std::string> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] != '`') {
      const std::size_t dot = path.find('.', i);
      steps.emplace_back(path.substr(i, dot == std::string_view::npos ? dot : dot - i));
      i = dot == std::string_view::npos ? path.size() : dot + 1;
      continue;
    }
    const std::size_t open = i;
    std::string step;
    std::size_t start = ++i;
    for (;;) {
      const std::size_t tick = path.find('`', i);
      if (tick == std::string_view::npos) throw unmatched(path, option, open);
      const bool escaped = path[tick - 1] == '\\';
      if (tick + 1 == path.size()) {  // the path ends here
        if (escaped) throw unmatched(path, option, open);
        step.append(path.substr(start, tick - start));
        i = tick + 1;
        break;
      }
      if (path[tick + 1] != '.') {  // a backtick inside the name
        i = tick + 1;
        continue;
      }
      if (escaped) {  // \` keeps the backtick, the backslash goes
        step.append(path.substr(start, tick - 1 - start)).push_back('`');
        i = start = tick + 1;
        continue;
      }
      step.append(path.substr(start, tick - start));
      i = tick + 2;
      break;
    }
    steps.push_back(std::move(step));
  }
  if (!path.empty() && path.back() == '.') steps.emplace_back();  // "a." ends in an empty step
  return steps;
}

}  // namespace

sluice::OptionSpec field_syntax_option_spec() {
  return sluice::OptionSpec("field.syntax.version", sluice::OptionType::string,
                            "V1: the field name as it is; V2: a dotted path to a nested field "
                            "(backticks around a name with dots)")
      .with_default("V1");
}

std::vector<std::string> field_path_steps(const sluice::Options& options, std::string_view path,
                                          std::string_view option) {
  std::string version = options.get_string_or("field.syntax.version", "V1");
  for (auto& ch : version) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (version == "V1") return {std::string(path)};
  if (version == "V2") return steps_v2(path, option);
  throw std::invalid_argument("option 'field.syntax.version': '" + version + "' is not V1 or V2");
}

}  // namespace sluice_connect
