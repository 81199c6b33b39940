#include "base64.hpp"

#include <array>
#include <string>

namespace sluice::json_converter {
namespace {

constexpr std::array<std::int8_t, 256> make_table() {
  std::array<std::int8_t, 256> t{};
  for (auto& v : t) v = -1;
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr auto kTable = make_table();

}  // namespace

Outcome<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
  // Padding only at the end: strip up to two '=' once the length says they can be padding.
  std::size_t end = text.size();
  std::size_t pad = 0;
  while (end > 0 && text[end - 1] == '=' && pad < 2) --end, ++pad;
  if (pad > 0 && text.size() % 4 != 0)
    return Outcome<std::vector<std::uint8_t>>::failure("invalid base64: bad padding at character " +
                                                       std::to_string(end));
  std::vector<std::uint8_t> out;
  out.reserve(end / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < end; ++i) {
    std::int8_t v = kTable[static_cast<unsigned char>(text[i])];
    if (v < 0)
      return Outcome<std::vector<std::uint8_t>>::failure(
          "invalid base64: unexpected character at " + std::to_string(i));
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFF));
    }
  }
  // 1 leftover character (6 bits) cannot encode a byte.
  if (end % 4 == 1)
    return Outcome<std::vector<std::uint8_t>>::failure("invalid base64: truncated at character " +
                                                       std::to_string(end - 1));
  return out;
}

}  // namespace sluice::json_converter
