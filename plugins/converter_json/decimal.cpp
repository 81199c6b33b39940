#include "decimal.hpp"

#include <cctype>
#include <utility>

namespace sluice::json_converter {

Outcome<std::string> decimal_from_unscaled(std::span<const std::uint8_t> unscaled,
                                           std::int32_t scale) {
  std::string error;
  auto text = values::decimal_from_unscaled(unscaled, scale, error);
  if (!text) return Outcome<std::string>::failure(std::move(error));
  return std::move(*text);
}

Outcome<std::string> decimal_from_number_text(std::string_view text, std::int32_t scale) {
  using R = Outcome<std::string>;
  if (std::string error; !values::decimal_scale_supported(scale, error))
    return R::failure(std::move(error));
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
