// The subset of Java's SimpleDateFormat patterns that TimestampConverter's `format` uses in
// practice, always in UTC (Kafka sets the formatter's zone to UTC):
//   y (yyyy 4-digit year; yy 2-digit, read as 2000-2099), M (M/MM number, MMM "Jan", MMMM
//   "January"), d, H (0-23), h (1-12) with a (AM/PM), m, s, S (fraction of a second with as many
//   digits as letters: SSS milliseconds, SSSSSS microseconds), E (EEE "Mon", EEEE "Monday"),
//   X/XX/XXX (written "Z"; read "Z", +HH, +HHMM, +HH:MM), Z (written "+0000"; read +HHMM,
//   +HH:MM), 'quoted literal', '' (a quote). Other characters that are not letters are literals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice_connect {

class DateFormat {
 public:
  /// Throws std::invalid_argument naming the unsupported letter or the unterminated quote.
  static DateFormat compile(std::string_view pattern);

  std::string format(std::int64_t epoch_micros) const;
  /// Epoch microseconds of `text`, which must match the whole pattern; nothing otherwise.
  std::optional<std::int64_t> parse(std::string_view text) const;

 private:
  struct Token {
    char letter = 0;  ///< 0 for a literal
    int count = 0;
    std::string literal;
  };
  bool numeric(const Token& t) const noexcept;
  std::vector<Token> tokens_;
};

}  // namespace sluice_connect
