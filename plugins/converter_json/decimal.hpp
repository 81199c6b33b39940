// Exact decimal strings for StarRocks DECIMAL columns. Arbitrary precision: digits are never
// routed through a double. The two's-complement form and the scaling are the shared ones
// (plugins/common_values, sluice_values/decimal_text.hpp); only the JSON number text is ours.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <sluice_values/decimal_text.hpp>

#include "outcome.hpp"

namespace sluice::json_converter {

using ::sluice::values::format_scaled_decimal;
using ::sluice::values::kMaxDecimalScale;
using ::sluice::values::kMaxUnscaledBytes;

/// Connect Decimal / Debezium VariableScaleDecimal: values::decimal_from_unscaled as an Outcome.
/// "-1234.50", "0.00", "1200" (scale -2, unscaled 12).
Outcome<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                           std::int32_t scale);

/// A JSON number's text (Connect `decimal.format=NUMERIC`) written with exactly `scale` decimal
/// places: "1234.5" at scale 2 → "1234.50", "1.5e2" at scale 0 → "150". Fails when non-zero digits
/// would be lost ("1.234" at scale 2), like Java's setScale without rounding.
Outcome<std::string> decimal_from_number_text(std::string_view text, std::int32_t scale);

}  // namespace sluice::json_converter
