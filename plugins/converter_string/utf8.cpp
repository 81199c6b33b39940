#include "utf8.hpp"

#include <cstdint>
#include <cstring>

namespace sluice::string_converter {
namespace {

bool continuation(unsigned char c) noexcept {
  return (c & 0xC0) == 0x80;
}

/// Length of the valid sequence starting at `i`, or 0 when it is ill-formed or truncated.
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = at(i);
  const std::size_t left = s.size() - i;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return left >= 2 && continuation(at(i + 1)) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (left < 3) return 0;
    const unsigned char b1 = at(i + 1);
    // E0 needs A0..BF (no overlongs), ED needs 80..9F (no surrogates).
    const unsigned char lo = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = lead == 0xED ? 0x9F : 0xBF;
    return b1 >= lo && b1 <= hi && continuation(at(i + 2)) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4) return 0;
    const unsigned char b1 = at(i + 1);
    // F0 needs 90..BF (no overlongs), F4 needs 80..8F (nothing above U+10FFFF).
    const unsigned char lo = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = lead == 0xF4 ? 0x8F : 0xBF;
    return b1 >= lo && b1 <= hi && continuation(at(i + 2)) && continuation(at(i + 3)) ? 4 : 0;
  }
  return 0;  // 80..C1 (continuation or overlong lead), F5..FF
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII runs, 8 bytes at a time: most message text is ASCII.
    while (i + 8 <= text.size()) {
      std::uint64_t block;
      std::memcpy(&block, text.data() + i, 8);
      if (block & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= text.size()) break;
    const std::size_t n = sequence_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

}  // namespace sluice::string_converter
