// Writes one field's text the way StarRocks's CSV reader (csv_reader.cpp) reads it back, or says
// why that value cannot be carried with the configured separator, delimiter, enclose and escape.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "csv_options.hpp"

namespace sluice::formatter_csv {

/// Values the CSV format cannot carry under a configuration (see README.md "Refused values").
enum class FieldProblem {
  none,
  literal_null_text,   ///< the text is exactly \N, which StarRocks always reads as NULL
  contains_separator,  ///< no enclose/escape can protect it
  contains_delimiter,
  touches_separator,  ///< part of a multi-byte separator that StarRocks could match across fields
  touches_delimiter,
  starts_with_enclose,  ///< a quoted field that starts with a doubled quote is not read as quoted
  empty_only_column,    ///< an empty one-column row is a blank line, which StarRocks skips
  nul_byte,             ///< NUL is the reader's unset enclose/escape character
  invalid_utf8,         ///< StarRocks filters rows that are not UTF-8
};

class CsvFieldWriter {
 public:
  explicit CsvFieldWriter(const CsvConfig& config);

  /// Appends `text` as one field to `out`. `only_column`: the row has a single field. On a
  /// problem nothing is appended.
  FieldProblem write_text(std::string_view text, bool only_column, std::string& out) const;

  /// Appends NULL (\N, escaped when the escape character is '\').
  void write_null(std::string& out) const { out.append(null_text_); }

  /// The reason for the user, completing "field 'x' ...".
  std::string describe(FieldProblem p) const;

 private:
  enum class Mode { plain, enclose, escape_only };

  FieldProblem write_plain(std::string_view text, std::string& out) const;
  FieldProblem write_enclosed(std::string_view text, bool only_column, std::string& out) const;
  FieldProblem write_escaped(std::string_view text, std::string& out) const;

  Mode mode_;
  std::string sep_;
  std::string delim_;
  char enclose_ = 0;
  char escape_ = 0;
  bool has_escape_ = false;
  std::string null_text_;
  /// Bytes that need quoting (enclose mode) or escaping (escape-only mode).
  std::array<bool, 256> special_{};
};

/// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

}  // namespace sluice::formatter_csv
