#include "migrate/migration.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sluice::engine::migrate {

std::string MigrationContext::env_ref(const std::string& name, const std::string& why) {
  auto it =
      std::find_if(out.env.begin(), out.env.end(), [&](const EnvVar& e) { return e.name == name; });
  if (it == out.env.end()) out.env.push_back({name, why});
  return "${" + name + "}";
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    std::string item = trim(s.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

std::optional<bool> parse_bool(std::string_view s) {
  std::string v = lower(trim(s));
  if (v == "true") return true;
  if (v == "false") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::string v = trim(s);
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) return std::nullopt;
  return out;
}

std::string literal(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') out += '$';
    out += s[i];
  }
  return out;
}

}  // namespace sluice::engine::migrate
