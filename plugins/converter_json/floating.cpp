#include "floating.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "raw_number.hpp"

namespace sluice::json_converter {
namespace {

bool is_non_finite_text(const Value& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  return s == kNaNText || s == kInfinityText || s == kNegativeInfinityText;
}

Outcome<Value> not_a_number() {
  return Outcome<Value>::failure("expected a number");
}

/// The shortest decimal of `f`, read back as a double: the double a user reads as that float.
double widen_shortest(float f) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  double d = f;
  if (ec == std::errc()) std::from_chars(buf, end, d);
  return d;
}

}  // namespace

Outcome<Value> connect_float32(const Value& payload) {
  if (is_non_finite_text(payload)) return payload;
  float f = 0;
  if (is_raw_number(payload)) {
    const std::string_view text = raw_number_text(payload);
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), f);
    if (ec == std::errc::result_out_of_range) {
      // Overflow is an error; underflow rounds towards zero as Java does.
      const double d = raw_number_to_double(payload);
      if (std::fabs(d) >= 1)
        return Outcome<Value>::failure(std::string(text) + " is out of range for float");
      f = static_cast<float>(d);
    } else if (ec != std::errc() || end != text.data() + text.size()) {
      return not_a_number();
    }
  } else if (payload.is_number_unsigned()) {
    f = static_cast<float>(payload.get<std::uint64_t>());
  } else if (payload.is_number_integer()) {
    f = static_cast<float>(payload.get<std::int64_t>());
  } else if (payload.is_number_float()) {
    const double d = payload.get<double>();
    if (std::isfinite(d) && std::fabs(d) > std::numeric_limits<float>::max())
      return Outcome<Value>::failure(payload.dump() + " is out of range for float");
    f = static_cast<float>(d);
  } else {
    return not_a_number();
  }
  return Value(widen_shortest(f));
}

Outcome<Value> connect_float64(const Value& payload) {
  if (is_non_finite_text(payload)) return payload;
  if (is_raw_number(payload)) return Value(raw_number_to_double(payload));
  if (payload.is_number_unsigned()) return Value(static_cast<double>(payload.get<std::uint64_t>()));
  if (payload.is_number_integer()) return Value(static_cast<double>(payload.get<std::int64_t>()));
  if (payload.is_number_float()) return Value(payload.get<double>());
  return not_a_number();
}

}  // namespace sluice::json_converter
