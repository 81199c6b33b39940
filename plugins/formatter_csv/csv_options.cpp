#include "csv_options.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace sluice::formatter_csv {

namespace {

// StarRocks limits multi-byte separators and delimiters to 50 bytes.
constexpr std::size_t kMaxSeparatorBytes = 50;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void bad(std::string_view option, const std::string& why) {
  throw std::invalid_argument("option '" + std::string(option) + "' " + why);
}

/// True when a proper suffix of `a` is a prefix of `b` (they could run into each other).
bool suffix_meets_prefix(std::string_view a, std::string_view b) {
  for (std::size_t n = 1; n < a.size() && n <= b.size(); ++n)
    if (a.substr(a.size() - n) == b.substr(0, n)) return true;
  return false;
}

std::optional<char> single_char(const Options& options, std::string_view name) {
  if (!options.has(name)) return std::nullopt;
  std::string v = options.get_string(name);
  if (v.size() != 1 || !(v[0] > 0x20 && v[0] < 0x7f) ||
      std::isalnum(static_cast<unsigned char>(v[0])))
    bad(name, "must be one ASCII punctuation character, e.g. '\"' or '\\', not \"" + v + "\"");
  return v[0];
}

void check_separator(std::string_view option, std::string_view bytes, const CsvConfig& c) {
  if (bytes.empty()) bad(option, "cannot be empty");
  if (bytes.size() > kMaxSeparatorBytes)
    bad(option, "is longer than StarRocks's limit of 50 bytes");
  // "\N" (NULL) must never touch a separator, whatever the quoting.
  if (bytes.find_first_of("\\N") != std::string_view::npos)
    bad(option, "cannot contain '\\' or 'N' (they spell NULL, \\N)");
  for (auto ch : {c.enclose, c.escape})
    if (ch && bytes.find(*ch) != std::string_view::npos)
      bad(option, std::string("cannot contain the ") + (ch == c.enclose ? "enclose" : "escape") +
                      " character '" + *ch + "'");
  if ((c.enclose || c.escape) && bytes.find('\0') != std::string_view::npos)
    bad(option, "cannot contain a NUL byte when enclose or escape is set");
}

}  // namespace

std::vector<OptionSpec> csv_option_specs() {
  return {
      OptionSpec("column_separator", OptionType::string,
                 "between fields; one or more bytes; \"\\x01\" hex form accepted")
          .with_default("\\t"),
      OptionSpec("row_delimiter", OptionType::string,
                 "after each row; one or more bytes; \"\\x0d0a\" hex form accepted")
          .with_default("\\n"),
      OptionSpec("enclose", OptionType::string,
                 "quote character for fields holding separators, delimiters or quotes (e.g. "
                 "'\"'); unset: such values are refused"),
      OptionSpec("escape", OptionType::string,
                 "escape character (e.g. '\\'); escapes quotes inside quoted fields, or "
                 "separators when enclose is unset"),
      OptionSpec("columns", OptionType::string_list,
                 "column order; fields not listed are ignored, missing ones are NULL; unset: the "
                 "first record of each batch gives the columns"),
  };
}

std::string decode_separator(std::string_view option, std::string_view spelled) {
  std::string out;
  if (spelled.size() > 2 && spelled[0] == '\\' && (spelled[1] == 'x' || spelled[1] == 'X')) {
    std::string_view hex = spelled.substr(2);
    if (hex.size() % 2 != 0)
      bad(option, "= \"" + std::string(spelled) + "\" has an odd number of hex digits");
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
      if (hi < 0 || lo < 0)
        bad(option, "= \"" + std::string(spelled) + "\" is not a valid hex form");
      out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
  }
  for (std::size_t i = 0; i < spelled.size(); ++i) {
    char c = spelled[i];
    if (c == '\\' && i + 1 < spelled.size()) {
      char n = spelled[++i];
      switch (n) {
        case 't':
          out.push_back('\t');
          continue;
        case 'n':
          out.push_back('\n');
          continue;
        case 'r':
          out.push_back('\r');
          continue;
        case '\\':
          out.push_back('\\');
          continue;
        default:
          bad(option, "= \"" + std::string(spelled) + "\" has an unknown escape '\\" + n +
                          "' (use \\t, \\n, \\r, \\\\ or the \\xNN hex form)");
      }
    }
    out.push_back(c);
  }
  return out;
}

std::string header_form(std::string_view bytes) {
  bool plain = !bytes.empty();
  for (char c : bytes)
    if (!(c > 0x20 && c < 0x7f) || c == '\\') plain = false;
  // StarRocks reads a value starting with "\x" or "0x" as hex.
  if (bytes.size() >= 2 && (bytes[0] == '0' || bytes[0] == '\\') &&
      (bytes[1] == 'x' || bytes[1] == 'X'))
    plain = false;
  if (plain) return std::string(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    out.push_back(kHex[u >> 4]);
    out.push_back(kHex[u & 0xf]);
  }
  return out;
}

std::string column_name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || std::string_view(" ,`=()'\"").find(c) != std::string_view::npos)
      return "contains a character the columns header cannot carry (space , ` = ( ) ' \" or a "
             "control character)";
  }
  return "";
}

CsvConfig parse_csv_options(const Options& options) {
  CsvConfig c;
  c.enclose = single_char(options, "enclose");
  c.escape = single_char(options, "escape");
  if (c.enclose && c.escape && *c.enclose == *c.escape) bad("escape", "must differ from enclose");
  if (c.enclose && *c.enclose == '\\')
    bad("enclose", "cannot be '\\' (StarRocks would read NULL, \\N, as a quoted field)");
  c.column_separator =
      decode_separator("column_separator", options.get_string_or("column_separator", "\\t"));
  c.row_delimiter =
      decode_separator("row_delimiter", options.get_string_or("row_delimiter", "\\n"));
  check_separator("column_separator", c.column_separator, c);
  check_separator("row_delimiter", c.row_delimiter, c);
  const std::string& s = c.column_separator;
  const std::string& d = c.row_delimiter;
  if (s.find(d) != std::string::npos || d.find(s) != std::string::npos ||
      suffix_meets_prefix(s, d) || suffix_meets_prefix(d, s))
    bad("row_delimiter", "overlaps the column separator; StarRocks could not tell them apart");
  if (options.has("columns")) {
    c.columns = options.get_list("columns");
    for (std::size_t i = 0; i < c.columns.size(); ++i) {
      if (auto why = column_name_problem(c.columns[i]); !why.empty())
        bad("columns", "has a column name that " + why + ": '" + c.columns[i] + "'");
      if (std::find(c.columns.begin(), c.columns.begin() + static_cast<std::ptrdiff_t>(i),
                    c.columns[i]) != c.columns.begin() + static_cast<std::ptrdiff_t>(i))
        bad("columns", "lists '" + c.columns[i] + "' twice");
    }
  }
  return c;
}

}  // namespace sluice::formatter_csv
