// Java's BigDecimal as Kafka's MaskField reads a `replacement` (new BigDecimal(text), then
// longValue() / doubleValue() / toPlainString()), and Java's float rounding for float32 fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice_connect {

/// An exact decimal: (-1)^negative × digits × 10^-scale.
struct JavaDecimal {
  bool negative = false;
  std::string digits;  ///< the unscaled value, no sign, no leading zeros ("0" for zero)
  std::int64_t scale = 0;
};

/// new BigDecimal(text): an optional sign, digits with an optional point (at least one digit),
/// an optional exponent (e/E, optional sign, digits). No spaces, no NaN/Infinity. Nothing when
/// `text` is not of that form or its exponent is absurd (|scale| over 100000).
std::optional<JavaDecimal> parse_java_decimal(std::string_view text);

/// BigDecimal.longValue(): the integer part (toward zero), its low 64 bits.
std::int64_t java_long_value(const JavaDecimal& d);
/// BigDecimal.doubleValue(): the nearest double (may be ±infinity).
double java_double_value(const JavaDecimal& d);
/// BigDecimal.toPlainString(): no exponent ("1E+3" → "1000", "1.50" stays "1.50").
std::string java_plain_string(const JavaDecimal& d);

/// A double as Java prints a float: the shortest decimal that reads back as the same float.
double as_float32(double d);

}  // namespace sluice_connect
