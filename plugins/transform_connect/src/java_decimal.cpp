#include "java_decimal.hpp"

#include <cstdio>
#include <cstdlib>

namespace sluice_connect {

namespace {
constexpr std::int64_t kMaxScale = 100'000;

bool is_digit(char ch) noexcept {
  return ch >= '0' && ch <= '9';
}
}  // namespace

std::optional<JavaDecimal> parse_java_decimal(std::string_view s) {
  JavaDecimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  std::string digits;
  std::int64_t fraction = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      digits += s[i];
      if (point) ++fraction;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (digits.empty()) return std::nullopt;
  std::int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exp = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative_exp = s[i++] == '-';
    if (i == s.size()) return std::nullopt;
    for (; i < s.size() && is_digit(s[i]); ++i) {
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > kMaxScale) return std::nullopt;
    }
    if (negative_exp) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  d.scale = fraction - exponent;
  if (d.scale > kMaxScale || d.scale < -kMaxScale) return std::nullopt;
  const auto first = digits.find_first_not_of('0');
  d.digits = first == std::string::npos ? "0" : digits.substr(first);
  return d;
}

std::int64_t java_long_value(const JavaDecimal& d) {
  // Integer digits are the unscaled digits without the last `scale` ones, or followed by
  // -scale zeros; arithmetic modulo 2^64 keeps the low bits (10^64 ≡ 0, so stop there).
  std::uint64_t low = 0;
  const std::int64_t keep = static_cast<std::int64_t>(d.digits.size()) - d.scale;
  for (std::int64_t k = 0; k < keep && k < static_cast<std::int64_t>(d.digits.size()); ++k)
    low = low * 10 + static_cast<std::uint64_t>(d.digits[static_cast<std::size_t>(k)] - '0');
  for (std::int64_t z = 0; z < -d.scale && z < 64; ++z) low *= 10;
  if (d.negative) low = ~low + 1;
  return static_cast<std::int64_t>(low);
}

double java_double_value(const JavaDecimal& d) {
  std::string text = (d.negative ? "-" : "") + d.digits + "e" + std::to_string(-d.scale);
  return std::strtod(text.c_str(), nullptr);
}

std::string java_plain_string(const JavaDecimal& d) {
  std::string out = d.negative && d.digits != "0" ? "-" : "";
  if (d.scale <= 0) {
    out += d.digits;
    if (d.digits != "0") out.append(static_cast<std::size_t>(-d.scale), '0');
    return out;
  }
  const auto scale = static_cast<std::size_t>(d.scale);
  std::string digits = d.digits;
  if (digits.size() <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  out += digits.substr(0, digits.size() - scale) + "." + digits.substr(digits.size() - scale);
  return out;
}

double as_float32(double d) {
  const auto f = static_cast<float>(d);
  char buf[32];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) return std::strtod(buf, nullptr);
  }
  return static_cast<double>(f);
}

}  // namespace sluice_connect
