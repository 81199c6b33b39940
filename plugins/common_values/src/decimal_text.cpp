#include "sluice_values/decimal_text.hpp"

#include <utility>
#include <vector>

namespace sluice::values {
namespace {

/// Decimal digits of a non-negative big-endian base-256 integer (consumed).
std::string magnitude_digits(std::vector<std::uint8_t> be) {
  constexpr std::uint32_t kChunk = 1000000000;  // 9 decimal digits per division
  std::vector<std::uint32_t> chunks;            // least significant first
  std::size_t first = 0;
  while (first < be.size() && be[first] == 0) ++first;
  while (first < be.size()) {
    std::uint64_t rem = 0;
    for (std::size_t i = first; i < be.size(); ++i) {
      const std::uint64_t cur = (rem << 8) | be[i];
      be[i] = static_cast<std::uint8_t>(cur / kChunk);
      rem = cur % kChunk;
    }
    chunks.push_back(static_cast<std::uint32_t>(rem));
    while (first < be.size() && be[first] == 0) ++first;
  }
  if (chunks.empty()) return "0";
  std::string out = std::to_string(chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    const std::string part = std::to_string(chunks[i]);
    out.append(9 - part.size(), '0');
    out += part;
  }
  return out;
}

}  // namespace

bool decimal_scale_supported(std::int32_t scale, std::string& error) {
  if (scale >= -kMaxDecimalScale && scale <= kMaxDecimalScale) return true;
  error = "decimal scale " + std::to_string(scale) + " is outside the supported range [-" +
          std::to_string(kMaxDecimalScale) + ", " + std::to_string(kMaxDecimalScale) + "]";
  return false;
}

std::string format_scaled_decimal(std::string_view digits, bool negative, std::int32_t scale) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.empty()) digits = "0";
  const bool zero = digits == "0";
  std::string out;
  if (negative && !zero) out += '-';
  if (scale <= 0) {
    out += digits;
    if (!zero) out.append(static_cast<std::size_t>(-static_cast<std::int64_t>(scale)), '0');
    return out;
  }
  const auto s = static_cast<std::size_t>(scale);
  if (digits.size() <= s) {
    out += "0.";
    out.append(s - digits.size(), '0');
    out += digits;
  } else {
    out += digits.substr(0, digits.size() - s);
    out += '.';
    out += digits.substr(digits.size() - s);
  }
  return out;
}

std::optional<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                                 std::int32_t scale, std::string& error) {
  if (unscaled.empty()) {
    error = "empty decimal value (no bytes)";
    return std::nullopt;
  }
  if (unscaled.size() > kMaxUnscaledBytes) {
    error = "decimal value of " + std::to_string(unscaled.size()) + " bytes is longer than " +
            std::to_string(kMaxUnscaledBytes);
    return std::nullopt;
  }
  if (!decimal_scale_supported(scale, error)) return std::nullopt;
  std::vector<std::uint8_t> mag(unscaled.begin(), unscaled.end());
  const bool negative = (mag[0] & 0x80) != 0;
  if (negative) {  // two's complement: magnitude = ~x + 1
    for (auto& b : mag) b = static_cast<std::uint8_t>(~b);
    for (std::size_t i = mag.size(); i-- > 0;)
      if (++mag[i] != 0) break;
  }
  return format_scaled_decimal(magnitude_digits(std::move(mag)), negative, scale);
}

}  // namespace sluice::values
