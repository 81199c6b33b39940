// Pure conversions shared by the schema-registry converters: bytes as base64, exact decimals,
// floats as the number their shortest text means.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sluice::registry {

/// Standard base64 (RFC 4648, with '=' padding), as DESIGN.md asks for bytes.
std::string base64_encode(std::span<const std::uint8_t> bytes);
inline std::string base64_encode(std::string_view bytes) {
  return base64_encode(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

/// Longest unscaled decimal accepted, in bytes (about 2400 decimal digits).
inline constexpr std::size_t kMaxUnscaledBytes = 1024;
/// Largest |scale| accepted.
inline constexpr std::int32_t kMaxDecimalScale = 1000;

/// Big-endian two's-complement `unscaled` × 10^-scale as an exact plain decimal string
/// ("-1234.50", "0.00"); never through a double. nullopt with `error` set when the input cannot
/// be a decimal (empty, too long, scale out of range).
std::optional<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                                 std::int32_t scale, std::string& error);

/// A float widened to the double its shortest decimal text denotes (1.1f → 1.1, not
/// 1.100000023841858), so the JSON shows what the writer wrote.
double widen_float(float f);

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF). Strings that are not cannot be written as JSON, so converters refuse them.
bool is_valid_utf8(std::string_view text);

}  // namespace sluice::registry
