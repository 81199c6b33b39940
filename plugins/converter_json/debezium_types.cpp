#include "debezium_types.hpp"

#include <cctype>
#include <limits>

#include "base64.hpp"
#include "civil_time.hpp"
#include "connect_logical.hpp"

namespace sluice::json_converter {
namespace {

Outcome<std::int64_t> to_micros(std::int64_t value, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::millis:
      return millis_to_micros(value);
    case TimeUnit::micros:
      return value;
    case TimeUnit::nanos:
      return floor_div(value, 1000);
  }
  return value;
}

/// A cursor over an ISO-8601 text with the few productions Debezium writes.
class IsoReader {
 public:
  explicit IsoReader(std::string_view s) : s_(s) {}

  bool at_end() const { return i_ == s_.size(); }
  bool accept(char c) {
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  bool peek_is(char c) const { return i_ < s_.size() && s_[i_] == c; }
  /// Exactly `n` digits.
  bool digits(std::size_t n, std::int64_t& out) {
    out = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (i_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[i_]))) return false;
      out = out * 10 + (s_[i_++] - '0');
    }
    return true;
  }
  /// At least `min` digits (at most 9, which a year never exceeds in practice).
  bool digits_at_least(std::size_t min, std::int64_t& out) {
    out = 0;
    std::size_t n = 0;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])) && n < 10)
      out = out * 10 + (s_[i_++] - '0'), ++n;
    return n >= min;
  }
  /// ".f" to ".fffffffff" → microseconds (digits after the sixth are dropped); absent → 0.
  bool fraction_micros(std::int64_t& micros) {
    micros = 0;
    if (!accept('.') && !accept(',')) return true;
    std::size_t n = 0;
    while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      if (n < 6) micros = micros * 10 + (s_[i_] - '0');
      ++i_, ++n;
    }
    if (n == 0 || n > 9) return false;
    for (std::size_t k = n; k < 6; ++k) micros *= 10;
    return true;
  }
  /// "HH:MM[:SS[.f]]" → microseconds of the day.
  bool clock(std::int64_t& micros) {
    std::int64_t h = 0, m = 0, s = 0, f = 0;
    if (!digits(2, h) || !accept(':') || !digits(2, m)) return false;
    if (accept(':')) {
      if (!digits(2, s) || !fraction_micros(f)) return false;
    }
    if (h > 23 || m > 59 || s > 59) return false;
    micros = ((h * 60 + m) * 60 + s) * kMicrosPerSecond + f;
    return true;
  }
  /// "Z", "+HH:MM[:SS]", "+HHMM", "+HH" (or '-') → offset east of UTC in microseconds.
  bool offset(std::int64_t& micros) {
    micros = 0;
    if (accept('Z') || accept('z')) return true;
    int sign = 0;
    if (accept('+'))
      sign = 1;
    else if (accept('-'))
      sign = -1;
    else
      return false;
    std::int64_t h = 0, m = 0, s = 0;
    if (!digits(2, h)) return false;
    if (accept(':')) {
      if (!digits(2, m)) return false;
      if (accept(':') && !digits(2, s)) return false;
    } else if (!at_end()) {
      if (!digits(2, m)) return false;
    }
    if (h > 18 || m > 59 || s > 59) return false;
    micros = sign * ((h * 60 + m) * 60 + s) * kMicrosPerSecond;
    return true;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

unsigned days_in_month(std::int64_t year, std::int64_t month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

Outcome<std::string> debezium_time(std::int64_t value, TimeUnit unit) {
  auto micros = to_micros(value, unit);
  if (!micros) return Outcome<std::string>::failure("time of " + micros.error());
  return format_time_micros(micros.value());
}

Outcome<std::string> debezium_timestamp(std::int64_t value, TimeUnit unit) {
  auto micros = to_micros(value, unit);
  if (!micros) return Outcome<std::string>::failure("timestamp of " + micros.error());
  return format_timestamp_micros(micros.value());
}

Outcome<std::string> debezium_zoned_timestamp(std::string_view iso) {
  auto bad = [&] {
    return Outcome<std::string>::failure("\"" + std::string(iso) +
                                         "\" is not an ISO-8601 timestamp with offset");
  };
  IsoReader r(iso);
  int sign = 1;
  if (r.accept('-'))
    sign = -1;
  else
    r.accept('+');
  std::int64_t year = 0, month = 0, day = 0, clock = 0, offset = 0;
  if (!r.digits_at_least(4, year) || !r.accept('-') || !r.digits(2, month) || !r.accept('-') ||
      !r.digits(2, day))
    return bad();
  if (year > 200000) return bad();  // keeps microseconds since the epoch within 64 bits
  year *= sign;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return bad();
  if (!(r.accept('T') || r.accept('t') || r.accept(' ')) || !r.clock(clock) || !r.offset(offset) ||
      !r.at_end())
    return bad();
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return format_timestamp_micros(days * kMicrosPerDay + clock - offset);
}

Outcome<std::string> debezium_zoned_time(std::string_view iso) {
  IsoReader r(iso);
  std::int64_t clock = 0, offset = 0;
  if (!r.clock(clock) || !r.offset(offset) || !r.at_end())
    return Outcome<std::string>::failure("\"" + std::string(iso) +
                                         "\" is not an ISO-8601 time with offset");
  return format_time_micros(floor_mod(clock - offset, kMicrosPerDay));
}

Outcome<std::string> debezium_variable_scale_decimal(const Value& scale_and_value) {
  using R = Outcome<std::string>;
  if (!scale_and_value.is_object()) return R::failure("expected a struct with 'scale' and 'value'");
  auto scale = scale_and_value.find("scale");
  auto value = scale_and_value.find("value");
  if (scale == scale_and_value.end() || !scale->is_number_integer())
    return R::failure("field 'scale' is missing or not an integer");
  if (value == scale_and_value.end() || !value->is_string())
    return R::failure("field 'value' is missing or not a base64 string");
  const auto s = scale->get<std::int64_t>();
  if (s < std::numeric_limits<std::int32_t>::min() || s > std::numeric_limits<std::int32_t>::max())
    return R::failure("scale " + std::to_string(s) + " is out of range");
  return connect_decimal_from_base64(value->get_ref<const std::string&>(),
                                     static_cast<std::int32_t>(s));
}

Outcome<Value> debezium_bits(std::string_view base64, std::size_t length) {
  auto bytes = base64_decode(base64);
  if (!bytes) return Outcome<Value>::failure(bytes.error());
  const auto& b = bytes.value();
  if (b.size() <= 8) {
    std::uint64_t v = 0;
    for (std::size_t i = b.size(); i-- > 0;) v = (v << 8) | b[i];
    return Value(v);
  }
  const std::size_t bits = length == 0 || length > b.size() * 8 ? b.size() * 8 : length;
  std::string text(bits, '0');
  for (std::size_t k = 0; k < bits; ++k)  // bit k counts from the least significant
    if ((b[k / 8] >> (k % 8)) & 1) text[bits - 1 - k] = '1';
  return Value(std::move(text));
}

}  // namespace sluice::json_converter
