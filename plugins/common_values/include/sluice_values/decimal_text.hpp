// Shared by the converters (json, avro, protobuf): one implementation of the exact decimal texts
// StarRocks DECIMAL columns load. Arbitrary precision: digits never pass through a double.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sluice::values {

/// Largest |scale| accepted; bigger ones would only produce absurdly long strings.
inline constexpr std::int32_t kMaxDecimalScale = 1000;
/// Longest unscaled value accepted, in bytes (about 2400 decimal digits).
inline constexpr std::size_t kMaxUnscaledBytes = 1024;

/// True when |scale| <= kMaxDecimalScale; otherwise false with `error` set to
/// "decimal scale 1001 is outside the supported range [-1000, 1000]".
bool decimal_scale_supported(std::int32_t scale, std::string& error);

/// Writes the non-negative integer `digits` (decimal, no sign) scaled by 10^-scale, as Java's
/// BigDecimal.toPlainString(): ("12345", scale 2) → "123.45", ("5", 3) → "0.005",
/// ("12", -2) → "1200". `negative` adds a '-' unless the value is zero ("0.00", never "-0.00").
/// Leading zeros of `digits` are ignored; empty `digits` means zero. `scale` is not checked.
std::string format_scaled_decimal(std::string_view digits, bool negative, std::int32_t scale);

/// Connect Decimal, Debezium VariableScaleDecimal, Avro decimal, Confluent protobuf Decimal:
/// `unscaled` is a big-endian two's-complement integer (Java BigInteger.toByteArray()) and the
/// value is unscaled × 10^-scale, written as format_scaled_decimal does: {0xCF, 0xC7} at scale 2
/// → "-123.45". nullopt with `error` set when the input cannot be a decimal: no bytes, more than
/// kMaxUnscaledBytes, or a scale decimal_scale_supported refuses.
std::optional<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                                 std::int32_t scale, std::string& error);

}  // namespace sluice::values
