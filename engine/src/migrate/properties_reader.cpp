#include "migrate/properties_reader.hpp"

#include <stdexcept>
#include <string>

namespace sluice::engine::migrate {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

struct LogicalLine {
  std::string text;  // escapes still in place, continuations joined
  std::size_t line = 0;
};

// Natural lines: split at "\r\n", "\r" or "\n".
std::vector<std::string_view> natural_lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end;
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n' && (end == pos || text[end] == '\r')) ++pos;
  }
  return out;
}

// An odd number of trailing backslashes continues the line.
bool continues(const std::string& s) {
  std::size_t n = 0;
  for (auto it = s.rbegin(); it != s.rend() && *it == '\\'; ++it) ++n;
  return n % 2 == 1;
}

std::string_view skip_blanks(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  return s.substr(i);
}

// Logical lines: comments and blank lines dropped, continuations joined.
std::vector<LogicalLine> logical_lines(std::string_view text) {
  std::vector<LogicalLine> out;
  auto lines = natural_lines(text);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::string_view first = skip_blanks(lines[n]);
    if (first.empty() || first.front() == '#' || first.front() == '!') continue;
    LogicalLine logical{std::string(first), n + 1};
    while (continues(logical.text)) {
      logical.text.pop_back();
      if (++n == lines.size()) break;
      logical.text += skip_blanks(lines[n]);
    }
    out.push_back(std::move(logical));
  }
  return out;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

unsigned read_hex4(std::string_view s, std::size_t at, std::size_t line) {
  if (at + 4 > s.size())
    throw std::invalid_argument("line " + std::to_string(line) + ": malformed \\uxxxx escape");
  unsigned v = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= static_cast<unsigned>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= static_cast<unsigned>(c - 'A' + 10);
    else
      throw std::invalid_argument("line " + std::to_string(line) + ": malformed \\uxxxx escape");
  }
  return v;
}

// Unescapes s; \uD8xx\uDCxx surrogate pairs become one code point.
std::string unescape(std::string_view s, std::size_t line) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      if (s[i] != '\\') out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        unsigned cp = read_hex4(s, i + 1, line);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.size() && s.substr(i + 1, 2) == "\\u") {
          unsigned low = read_hex4(s, i + 3, line);
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

ConnectorConfig read_properties(std::string_view text) {
  ConnectorConfig config;
  for (const auto& l : logical_lines(text)) {
    const std::string& t = l.text;
    std::size_t i = 0;
    // the key ends at the first unescaped '=', ':' or blank
    while (i < t.size()) {
      if (t[i] == '\\') {
        i += 2;
        continue;
      }
      if (t[i] == '=' || t[i] == ':' || is_blank(t[i])) break;
      ++i;
    }
    std::size_t key_end = std::min(i, t.size());
    while (i < t.size() && is_blank(t[i])) ++i;
    if (i < t.size() && (t[i] == '=' || t[i] == ':')) ++i;
    while (i < t.size() && is_blank(t[i])) ++i;
    config.set(unescape(std::string_view(t).substr(0, key_end), l.line),
               unescape(std::string_view(t).substr(std::min(i, t.size())), l.line), l.line);
  }
  return config;
}

}  // namespace sluice::engine::migrate
