#include "sluice_registry/text_values.hpp"

#include <charconv>
#include <cstdlib>
#include <vector>

namespace sluice::registry {

std::string base64_encode(std::span<const std::uint8_t> bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) n |= std::uint32_t{bytes[i + 1]} << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

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

std::string place_point(const std::string& digits, bool negative, std::int32_t scale) {
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
    out.append(digits, 0, digits.size() - s);
    out += '.';
    out.append(digits, digits.size() - s);
  }
  return out;
}

}  // namespace

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
  if (scale < -kMaxDecimalScale || scale > kMaxDecimalScale) {
    error = "decimal scale " + std::to_string(scale) + " is out of range";
    return std::nullopt;
  }
  std::vector<std::uint8_t> mag(unscaled.begin(), unscaled.end());
  const bool negative = (mag[0] & 0x80) != 0;
  if (negative) {  // two's complement: magnitude = ~x + 1
    for (auto& b : mag) b = static_cast<std::uint8_t>(~b);
    for (std::size_t i = mag.size(); i-- > 0;)
      if (++mag[i] != 0) break;
  }
  return place_point(magnitude_digits(std::move(mag)), negative, scale);
}

double widen_float(float f) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, f);
  if (res.ec != std::errc()) return static_cast<double>(f);
  *res.ptr = '\0';
  return std::strtod(buf, nullptr);
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) < len) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (std::size_t i = 2; i < len; ++i)
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    p += len;
  }
  return true;
}

}  // namespace sluice::registry
