// Pure conversions shared by the schema-registry converters: bytes as base64, exact decimals,
// floats as the number their shortest text means.
#pragma once

#include <sluice_values/decimal_text.hpp>

#include <cstdint>
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

// Exact decimals (decimal_from_unscaled, kMaxUnscaledBytes, kMaxDecimalScale) come from the
// shared library (plugins/common_values), as the converter_json ones do.
using ::sluice::values::decimal_from_unscaled;
using ::sluice::values::kMaxDecimalScale;
using ::sluice::values::kMaxUnscaledBytes;

/// A float widened to the double its shortest decimal text denotes (1.1f → 1.1, not
/// 1.100000023841858), so the JSON shows what the writer wrote.
double widen_float(float f);

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF). Strings that are not cannot be written as JSON, so converters refuse them.
bool is_valid_utf8(std::string_view text);

}  // namespace sluice::registry
