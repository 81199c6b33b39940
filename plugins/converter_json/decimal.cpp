#include "decimal.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sluice::json_converter {
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
      std::uint64_t cur = (rem << 8) | be[i];
      be[i] = static_cast<std::uint8_t>(cur / kChunk);
      rem = cur % kChunk;
    }
    chunks.push_back(static_cast<std::uint32_t>(rem));
    while (first < be.size() && be[first] == 0) ++first;
  }
  if (chunks.empty()) return "0";
  std::string out = std::to_string(chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out.append(9 - part.size(), '0');
    out += part;
  }
  return out;
}

bool scale_in_range(std::int32_t scale) {
  return scale >= -kMaxDecimalScale && scale <= kMaxDecimalScale;
}

std::string scale_error(std::int32_t scale) {
  return "decimal scale " + std::to_string(scale) + " is outside the supported range [-" +
         std::to_string(kMaxDecimalScale) + ", " + std::to_string(kMaxDecimalScale) + "]";
}

}  // namespace

std::string format_scaled_decimal(std::string_view digits, bool negative, std::int32_t scale) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.empty()) digits = "0";
  const bool zero = digits == "0";
  std::string out;
  if (negative && !zero) out += '-';
  if (scale <= 0) {
    out += digits;
    if (!zero) out.append(static_cast<std::size_t>(-scale), '0');
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

Outcome<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                           std::int32_t scale) {
  if (unscaled.empty()) return Outcome<std::string>::failure("empty decimal value (no bytes)");
  if (unscaled.size() > kMaxUnscaledBytes)
    return Outcome<std::string>::failure("decimal value of " + std::to_string(unscaled.size()) +
                                         " bytes is longer than " +
                                         std::to_string(kMaxUnscaledBytes));
  if (!scale_in_range(scale)) return Outcome<std::string>::failure(scale_error(scale));
  std::vector<std::uint8_t> mag(unscaled.begin(), unscaled.end());
  const bool negative = (mag[0] & 0x80) != 0;
  if (negative) {  // two's complement: magnitude = ~x + 1
    for (auto& b : mag) b = static_cast<std::uint8_t>(~b);
    for (std::size_t i = mag.size(); i-- > 0;)
      if (++mag[i] != 0) break;
  }
  return format_scaled_decimal(magnitude_digits(std::move(mag)), negative, scale);
}

Outcome<std::string> decimal_from_number_text(std::string_view text, std::int32_t scale) {
  using R = Outcome<std::string>;
  if (!scale_in_range(scale)) return R::failure(scale_error(scale));
  const std::string original(text);
  auto bad = [&] { return R::failure("'" + original + "' is not a decimal number"); };
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::string digits;
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) digits += text[i++];
  const std::size_t int_len = digits.size();
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      digits += text[i++];
  }
  if (digits.empty()) return bad();
  const auto frac_len = static_cast<std::int64_t>(digits.size() - int_len);
  std::int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) exp_negative = text[i++] == '-';
    if (i == text.size()) return bad();
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      exponent = exponent * 10 + (text[i++] - '0');
      if (exponent > 100000) return R::failure("'" + original + "' has an exponent out of range");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return bad();
  // value = digits × 10^(exponent - frac_len); unscaled at `scale` = digits × 10^shift.
  const std::int64_t shift = exponent - frac_len + scale;
  if (shift >= 0) {
    if (digits.find_first_not_of('0') != std::string::npos) {
      if (shift > 100000) return R::failure("'" + original + "' is too large");
      digits.append(static_cast<std::size_t>(shift), '0');
    }
  } else {
    const auto drop = static_cast<std::size_t>(-shift);
    const std::size_t keep = digits.size() > drop ? digits.size() - drop : 0;
    if (digits.find_first_not_of('0', keep) != std::string::npos)
      return R::failure("'" + original + "' has more than " + std::to_string(scale) +
                        " decimal places (the schema's scale)");
    digits.resize(keep);
  }
  return format_scaled_decimal(digits, negative, scale);
}

}  // namespace sluice::json_converter
