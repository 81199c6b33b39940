// Java's SimpleDateFormat as Kafka's TimestampConverter uses it: every pattern letter Java
// accepts (G y Y M L w W D d F E u a H k K h m s S z Z X), the UTC zone, Java's default
// GregorianCalendar (Julian dates before 1582-10-15, years of an era: 1 BC is "1 BC") and lenient
// parsing (out-of-range numbers roll over, text after the pattern is ignored). Instants are epoch
// microseconds; S is milliseconds as in Java.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice_connect {

class DateFormat {
 public:
  /// Throws std::invalid_argument naming the letter Java refuses or the unterminated quote.
  static DateFormat compile(std::string_view pattern);

  std::string format(std::int64_t epoch_micros) const;
  /// Epoch microseconds of the text the pattern reads from the start of `text`; nothing when it
  /// does not match or the instant is out of range (about ±292,000 years).
  std::optional<std::int64_t> parse(std::string_view text) const;

 private:
  struct Token {
    char letter = 0;  ///< 0 for a literal
    int count = 0;
    std::string literal;
  };
  static bool numeric(const Token& t) noexcept;
  std::vector<Token> tokens_;
  std::int64_t century_start_ = 1946;  ///< two-digit years land in [this, this + 100)
};

}  // namespace sluice_connect
