#include "load_options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sluice_tools {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string unquote_name(std::string s) {
  if (s.size() >= 2 && s.front() == '`' && s.back() == '`') return s.substr(1, s.size() - 2);
  return s;
}

bool is_identifier(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '$';
  }) && !std::isdigit(static_cast<unsigned char>(s[0]));
}

// Splits on commas outside quotes and parentheses.
std::vector<std::string> split_columns(std::string_view text) {
  std::vector<std::string> items;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (char c : text) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      items.push_back(trim(current));
      current.clear();
      continue;
    }
    current.push_back(c);
  }
  items.push_back(trim(current));
  return items;
}

std::optional<std::string> parse_columns(const std::string& text, LoadOptions& out) {
  out.has_columns = true;
  for (const auto& item : split_columns(text)) {
    if (item.empty()) return "Invalid column list: " + text;
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      out.source_columns.push_back(unquote_name(item));
      continue;
    }
    std::string target = unquote_name(trim(std::string_view(item).substr(0, eq)));
    std::string expr = trim(std::string_view(item).substr(eq + 1));
    if (expr.size() >= 2 && (expr.front() == '\'' || expr.front() == '"') &&
        expr.back() == expr.front()) {
      out.constants[target] = expr.substr(1, expr.size() - 2);
      continue;
    }
    double number = 0;
    auto r = std::from_chars(expr.data(), expr.data() + expr.size(), number);
    if (r.ec == std::errc() && r.ptr == expr.data() + expr.size()) {
      out.constants[target] = expr;
      continue;
    }
    std::string ref = unquote_name(expr);
    if (!is_identifier(ref)) {
      return "the emulator supports only column references and constants in `columns`, not: " +
             item;
    }
    out.column_refs[target] = ref;
  }
  return std::nullopt;
}

bool is_true(const std::string& value) {
  return lower(trim(value)) == "true";
}

std::optional<std::string> single_char(const http::HeaderMap& headers, const char* name,
                                       std::optional<char>& out) {
  auto it = headers.find(name);
  if (it == headers.end() || it->second.empty()) return std::nullopt;
  std::string decoded;
  if (auto err = decode_separator(it->second, decoded)) return err;
  if (decoded.size() != 1) return std::string(name) + " must be a single character";
  out = decoded[0];
  return std::nullopt;
}

}  // namespace

std::optional<std::string> parse_load_options(const http::HeaderMap& headers, LoadOptions& out) {
  auto get = [&](const char* name) {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  };
  std::string format = lower(trim(get("format")));
  if (format.empty() || format == "csv") {
    out.format = BodyFormat::kCsv;
  } else if (format == "json") {
    out.format = BodyFormat::kJson;
  } else {
    return "unknown data format, format=" + get("format");
  }
  out.strip_outer_array = is_true(get("strip_outer_array"));
  if (headers.count("column_separator") && !get("column_separator").empty()) {
    if (auto err = decode_separator(get("column_separator"), out.csv.column_separator)) return err;
  }
  if (headers.count("row_delimiter") && !get("row_delimiter").empty()) {
    if (auto err = decode_separator(get("row_delimiter"), out.csv.row_delimiter)) return err;
  }
  if (auto err = single_char(headers, "enclose", out.csv.enclose)) return err;
  if (auto err = single_char(headers, "escape", out.csv.escape)) return err;
  out.csv.trim_space = is_true(get("trim_space"));
  if (std::string skip = trim(get("skip_header")); !skip.empty()) {
    auto r = std::from_chars(skip.data(), skip.data() + skip.size(), out.csv.skip_header);
    if (r.ec != std::errc() || r.ptr != skip.data() + skip.size()) {
      return "Invalid skip_header: " + skip;
    }
  }
  if (headers.count("columns")) {
    if (auto err = parse_columns(get("columns"), out)) return err;
  }
  if (std::string ratio = trim(get("max_filter_ratio")); !ratio.empty()) {
    auto r = std::from_chars(ratio.data(), ratio.data() + ratio.size(), out.max_filter_ratio);
    if (r.ec != std::errc() || r.ptr != ratio.data() + ratio.size() || out.max_filter_ratio < 0 ||
        out.max_filter_ratio > 1) {
      return "Invalid max_filter_ratio: " + ratio;
    }
  }
  out.partial_update = is_true(get("partial_update"));
  bool has_compression = headers.count("compression") > 0;
  bool has_encoding = headers.count("Content-Encoding") > 0;
  if (has_compression && has_encoding) {
    return "Only one of compression and Content-Encoding can be set";
  }
  out.compression = lower(trim(has_compression ? get("compression") : get("Content-Encoding")));
  return std::nullopt;
}

}  // namespace sluice_tools
