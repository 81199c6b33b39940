#include "json_body_reader.hpp"

#include <cctype>
#include <cstring>
#include <sstream>

namespace sluice_tools {
namespace {

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

std::string excerpt(std::string_view s) {
  return std::string(s.substr(0, 200)) + (s.size() > 200 ? "..." : "");
}

}  // namespace

JsonBody read_json_body(std::string_view body, bool strip_outer_array) {
  JsonBody out;
  std::size_t first = skip_space(body, 0);
  if (first == body.size()) return out;
  bool is_array = body[first] == '[';
  if (is_array && !strip_outer_array) {
    out.fatal = "JSON data is an array, strip_outer_array must be set true";
    return out;
  }
  if (!is_array && strip_outer_array) {
    out.fatal = "JSON data is an object, strip_outer_array must be set false";
    return out;
  }
  std::istringstream in{std::string(body)};
  for (;;) {
    in >> std::ws;
    if (in.peek() == std::char_traits<char>::eof()) break;
    auto start = static_cast<std::size_t>(in.tellg());
    nlohmann::json value;
    try {
      in >> value;
    } catch (const nlohmann::json::exception& e) {
      out.rejected.push_back(
          {excerpt(body.substr(start)), std::string("Failed to parse json data: ") + e.what()});
      break;
    }
    auto end = in.tellg() < 0 ? body.size() : static_cast<std::size_t>(in.tellg());
    if (value.is_array() && strip_outer_array) {
      for (auto& element : value) {
        if (element.is_object()) {
          out.objects.push_back(std::move(element));
        } else {
          out.rejected.push_back({excerpt(element.dump()), "JSON data is not an object"});
        }
      }
    } else if (value.is_object()) {
      out.objects.push_back(std::move(value));
    } else {
      out.rejected.push_back({excerpt(body.substr(start, end - start)),
                              value.is_array()
                                  ? "JSON data is an array, strip_outer_array must be set true"
                                  : "JSON data is not an object"});
    }
  }
  return out;
}

std::size_t count_json_records(std::string_view body, bool strip_outer_array) {
  std::size_t count = 0;
  if (!strip_outer_array) {
    std::size_t pos = 0;
    while (pos < body.size()) {
      std::size_t nl = body.find('\n', pos);
      std::string_view line = body.substr(pos, nl == std::string_view::npos ? body.npos : nl - pos);
      if (skip_space(line, 0) < line.size()) ++count;
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    return count;
  }
  // Elements of the outer array, found by depth; strings are skipped with memchr (they are most
  // of the text), so counting a blackhole load costs little beside receiving it.
  int depth = 0;
  bool element_open = false;
  const char* const end = body.data() + body.size();
  for (const char* p = body.data(); p < end; ++p) {
    const char c = *p;
    if (c == '"') {
      const char* q = p + 1;
      for (;;) {
        q = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
        if (!q) break;
        std::size_t backslashes = 0;
        while (q - backslashes > p + 1 && q[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\')
          ++backslashes;
        if (backslashes % 2 == 0) break;  // not escaped: the string ends here
        ++q;
      }
      if (depth >= 1 && !element_open) {
        element_open = true;
        ++count;
      }
      if (!q) break;  // unterminated string: the rest is inside it
      p = q;
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if (depth == 1 && c == ',') element_open = false;
    if (depth >= 1 && !element_open && !std::isspace(static_cast<unsigned char>(c)) && c != ',' &&
        !(depth == 1 && c == '[')) {
      element_open = true;
      ++count;
    }
  }
  return count;
}

}  // namespace sluice_tools
