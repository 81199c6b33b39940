// Exact decimal strings for StarRocks DECIMAL columns. Arbitrary precision: digits are never
// routed through a double.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "outcome.hpp"

namespace sluice::json_converter {

/// Largest |scale| accepted; bigger ones would only produce absurdly long strings.
inline constexpr std::int32_t kMaxDecimalScale = 1000;
/// Longest unscaled value accepted, in bytes (about 2400 decimal digits).
inline constexpr std::size_t kMaxUnscaledBytes = 1024;

/// Connect Decimal / Debezium VariableScaleDecimal: `unscaled` is a big-endian two's-complement
/// integer (Java BigInteger.toByteArray()), the value is unscaled × 10^-scale. Result as
/// BigDecimal.toPlainString() writes it: "-1234.50", "0.00", "1200" (scale -2, unscaled 12).
Outcome<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                           std::int32_t scale);

/// A JSON number's text (Connect `decimal.format=NUMERIC`) written with exactly `scale` decimal
/// places: "1234.5" at scale 2 → "1234.50", "1.5e2" at scale 0 → "150". Fails when non-zero digits
/// would be lost ("1.234" at scale 2), like Java's setScale without rounding.
Outcome<std::string> decimal_from_number_text(std::string_view text, std::int32_t scale);

/// Writes the non-negative integer `digits` (decimal, no sign) scaled by 10^-scale, with `negative`
/// applied unless the value is zero. Leading zeros of `digits` are ignored.
std::string format_scaled_decimal(std::string_view digits, bool negative, std::int32_t scale);

}  // namespace sluice::json_converter
