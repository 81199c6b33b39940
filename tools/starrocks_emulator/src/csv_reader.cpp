#include "csv_reader.hpp"

#include <charconv>

namespace sluice_tools {
namespace {

bool at(std::string_view body, std::size_t i, std::string_view token) {
  return !token.empty() && body.substr(i, token.size()) == token;
}

void trim_spaces(std::string& s) {
  std::size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) {
    s.clear();
    return;
  }
  s = s.substr(b, s.find_last_not_of(' ') - b + 1);
}

}  // namespace

std::optional<std::string> decode_separator(std::string_view value, std::string& out) {
  out.clear();
  if (value.size() >= 2 && value[0] == '\\' && (value[1] == 'x' || value[1] == 'X')) {
    std::string_view hex = value.substr(2);
    if (hex.empty() || hex.size() % 2 != 0) return "invalid hex separator: " + std::string(value);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      unsigned v = 0;
      auto r = std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
      if (r.ec != std::errc() || r.ptr != hex.data() + i + 2) {
        return "invalid hex separator: " + std::string(value);
      }
      out.push_back(static_cast<char>(v));
    }
    return std::nullopt;
  }
  out = std::string(value);
  return std::nullopt;
}

void read_csv(std::string_view body, const CsvOptions& options,
              const std::function<void(CsvRecord&&)>& on_record) {
  const std::string_view sep = options.column_separator;
  const std::string_view delim = options.row_delimiter;
  std::size_t i = 0;
  std::size_t skipped = 0;
  const std::size_t n = body.size();
  while (i < n) {
    if (at(body, i, delim)) {  // empty line
      i += delim.size();
      continue;
    }
    const std::size_t record_start = i;
    CsvRecord record;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string text;
      bool quoted = false;
      if (options.trim_space) {
        while (i < n && body[i] == ' ') ++i;
      }
      // A field that begins with a doubled enclose char is not read as quoted (csv_reader.cpp).
      if (options.enclose && i < n && body[i] == *options.enclose &&
          !(i + 1 < n && body[i + 1] == *options.enclose)) {
        quoted = true;
        ++i;
        while (i < n) {
          char c = body[i];
          if (options.escape && c == *options.escape && i + 1 < n) {
            text.push_back(body[i + 1]);
            i += 2;
          } else if (c == *options.enclose) {
            if (i + 1 < n && body[i + 1] == *options.enclose) {
              text.push_back(c);
              i += 2;
            } else {
              ++i;
              break;
            }
          } else {
            text.push_back(c);
            ++i;
          }
        }
      }
      // Unquoted text, or what follows a closing quote, up to the separator or delimiter.
      std::string tail;
      for (;;) {
        if (i >= n) {
          end_of_record = true;
          break;
        }
        if (at(body, i, sep)) {
          i += sep.size();
          break;
        }
        if (at(body, i, delim)) {
          i += delim.size();
          end_of_record = true;
          break;
        }
        if (options.escape && body[i] == *options.escape && i + 1 < n) {
          tail.push_back(body[i + 1]);
          i += 2;
        } else {
          tail.push_back(body[i]);
          ++i;
        }
      }
      if (options.trim_space) trim_spaces(tail);
      if (!quoted || !tail.empty()) text += tail;
      if (text == "\\N") {
        record.fields.emplace_back(std::nullopt);
      } else {
        record.fields.emplace_back(std::move(text));
      }
    }
    std::size_t record_end = i;
    if (record_end >= delim.size() && at(body, record_end - delim.size(), delim) &&
        record_end > record_start) {
      record_end -= delim.size();
    }
    record.raw = body.substr(record_start, record_end - record_start);
    if (skipped < options.skip_header) {
      ++skipped;
      continue;
    }
    on_record(std::move(record));
  }
}

std::size_t count_csv_records(std::string_view body, std::string_view row_delimiter) {
  if (row_delimiter.empty()) return body.empty() ? 0 : 1;
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t next = body.find(row_delimiter, pos);
    if (next == std::string_view::npos) {
      ++count;
      break;
    }
    if (next > pos) ++count;
    pos = next + row_delimiter.size();
  }
  return count;
}

}  // namespace sluice_tools
