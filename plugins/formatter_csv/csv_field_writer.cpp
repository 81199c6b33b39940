#include "csv_field_writer.hpp"

namespace sluice::formatter_csv {

namespace {

constexpr std::string_view kNullText = "\\N";

/// True when a proper, non-empty suffix of `text` is a prefix of `sep`: the reader could match
/// `sep` starting inside the value and running into the real separator after it.
bool suffix_is_prefix_of(std::string_view text, std::string_view sep) {
  for (std::size_t n = 1; n < sep.size() && n <= text.size(); ++n)
    if (text.substr(text.size() - n) == sep.substr(0, n)) return true;
  return false;
}

unsigned char byte(char c) {
  return static_cast<unsigned char>(c);
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    unsigned char c = byte(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned lo = 0x80, hi = 0xbf;  // range of the second byte
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c == 0xe0) lo = 0xa0;  // no overlong forms
      if (c == 0xed) hi = 0x9f;  // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;  // up to U+10FFFF
    } else {
      return false;
    }
    if (n - i < len) return false;
    unsigned c1 = byte(text[i + 1]);
    if (c1 < lo || c1 > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((byte(text[i + k]) & 0xc0) != 0x80) return false;
    i += len;
  }
  return true;
}

CsvFieldWriter::CsvFieldWriter(const CsvConfig& config)
    : sep_(config.column_separator), delim_(config.row_delimiter) {
  if (config.enclose) {
    mode_ = Mode::enclose;
    enclose_ = *config.enclose;
  } else {
    mode_ = config.escape ? Mode::escape_only : Mode::plain;
  }
  if (config.escape) {
    has_escape_ = true;
    escape_ = *config.escape;
  }
  // With escape '\', "\N" read back is "N": NULL's backslash must itself be escaped.
  null_text_ = (has_escape_ && escape_ == '\\') ? "\\\\N" : std::string(kNullText);
  special_[byte(sep_[0])] = true;
  special_[byte(delim_[0])] = true;
  if (mode_ == Mode::enclose) special_[byte(enclose_)] = true;
  if (has_escape_) special_[byte(escape_)] = true;
}

FieldProblem CsvFieldWriter::write_text(std::string_view text, bool only_column,
                                        std::string& out) const {
  if (text == kNullText) return FieldProblem::literal_null_text;
  if (!is_valid_utf8(text)) return FieldProblem::invalid_utf8;
  switch (mode_) {
    case Mode::plain:
      // A blank line is skipped by the reader, so a lone empty field would vanish.
      if (text.empty() && only_column) return FieldProblem::empty_only_column;
      return write_plain(text, out);
    case Mode::enclose:
      return write_enclosed(text, only_column, out);
    case Mode::escape_only:
      if (text.empty() && only_column) return FieldProblem::empty_only_column;
      return write_escaped(text, out);
  }
  return FieldProblem::none;
}

FieldProblem CsvFieldWriter::write_plain(std::string_view text, std::string& out) const {
  // No quoting: the reader cuts rows at the first delimiter and fields at each separator.
  if (sep_.size() == 1 && delim_.size() == 1) {
    for (char c : text) {
      if (c == sep_[0]) return FieldProblem::contains_separator;
      if (c == delim_[0]) return FieldProblem::contains_delimiter;
    }
  } else {
    if (text.find(sep_) != std::string_view::npos) return FieldProblem::contains_separator;
    if (text.find(delim_) != std::string_view::npos) return FieldProblem::contains_delimiter;
    if (suffix_is_prefix_of(text, sep_)) return FieldProblem::touches_separator;
    if (suffix_is_prefix_of(text, delim_)) return FieldProblem::touches_delimiter;
  }
  out.append(text);
  return FieldProblem::none;
}

FieldProblem CsvFieldWriter::write_enclosed(std::string_view text, bool only_column,
                                            std::string& out) const {
  // Without an escape character, NUL is the reader's escape character.
  if (!has_escape_ && text.find('\0') != std::string_view::npos) return FieldProblem::nul_byte;
  if (text.empty()) {
    // "" keeps a one-column empty row from reading as a blank line.
    if (only_column) out.append({enclose_, enclose_});
    return FieldProblem::none;
  }
  bool needs_quotes = false;
  for (char c : text)
    if (special_[byte(c)]) {
      needs_quotes = true;
      break;
    }
  if (!needs_quotes) {
    out.append(text);
    return FieldProblem::none;
  }
  // A quoted field opening with a doubled quote ("""x") is not read as quoted: a leading quote
  // can only be written with the escape character.
  if (text[0] == enclose_ && !has_escape_) return FieldProblem::starts_with_enclose;
  out.reserve(out.size() + text.size() + 8);
  out.push_back(enclose_);
  for (char c : text) {
    if (c == enclose_) {
      out.push_back(has_escape_ ? escape_ : enclose_);
    } else if (has_escape_ && c == escape_) {
      out.push_back(escape_);
    }
    out.push_back(c);
  }
  out.push_back(enclose_);
  return FieldProblem::none;
}

FieldProblem CsvFieldWriter::write_escaped(std::string_view text, std::string& out) const {
  // Without enclose, NUL is the reader's enclose character.
  if (text.find('\0') != std::string_view::npos) return FieldProblem::nul_byte;
  // An escaped byte is followed by a greedy separator match in the reader, which could swallow
  // the real separator after it; so only single-byte separators are escaped.
  for (char c : text) {
    if (c == sep_[0] && sep_.size() > 1) return FieldProblem::touches_separator;
    if (c == delim_[0] && delim_.size() > 1) return FieldProblem::touches_delimiter;
  }
  out.reserve(out.size() + text.size() + 8);
  for (char c : text) {
    if (special_[byte(c)]) out.push_back(escape_);
    out.push_back(c);
  }
  return FieldProblem::none;
}

std::string CsvFieldWriter::describe(FieldProblem p) const {
  switch (p) {
    case FieldProblem::none:
      return "is fine";
    case FieldProblem::literal_null_text:
      return "is the text \\N, which StarRocks always reads as NULL";
    case FieldProblem::contains_separator:
      return "contains the column separator (" + header_form(sep_) + "); set enclose to carry it";
    case FieldProblem::contains_delimiter:
      return "contains the row delimiter (" + header_form(delim_) + "); set enclose to carry it";
    case FieldProblem::touches_separator:
      return "holds part of the multi-byte column separator (" + header_form(sep_) +
             ") where StarRocks could split it; set enclose to carry it";
    case FieldProblem::touches_delimiter:
      return "holds part of the multi-byte row delimiter (" + header_form(delim_) +
             ") where StarRocks could split it; set enclose to carry it";
    case FieldProblem::starts_with_enclose:
      return std::string("starts with the enclose character (") + enclose_ +
             "), which StarRocks cannot read back without an escape character; set escape to "
             "carry it";
    case FieldProblem::empty_only_column:
      return "is an empty string in a one-column row, which StarRocks skips as a blank line; set "
             "enclose to carry it";
    case FieldProblem::nul_byte:
      return "contains a NUL byte, which StarRocks reads as the unset enclose or escape "
             "character; set both to carry it";
    case FieldProblem::invalid_utf8:
      return "is not valid UTF-8 (StarRocks filters such rows)";
  }
  return "cannot be written";
}

}  // namespace sluice::formatter_csv
