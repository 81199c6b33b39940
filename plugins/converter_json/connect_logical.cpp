#include "connect_logical.hpp"

#include <charconv>
#include <limits>

#include "base64.hpp"
#include "civil_time.hpp"
#include "decimal.hpp"

namespace sluice::json_converter {

std::string connect_date(std::int64_t days) {
  return format_date(days);
}

Outcome<std::int64_t> millis_to_micros(std::int64_t millis) {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1000;
  if (millis > kLimit || millis < -kLimit)
    return Outcome<std::int64_t>::failure(std::to_string(millis) + " ms is out of range");
  return millis * 1000;
}

Outcome<std::string> connect_time(std::int64_t millis) {
  if (millis < 0 || millis >= 86400000)
    return Outcome<std::string>::failure("time of " + std::to_string(millis) +
                                         " ms is not within a day (0 to 86399999)");
  return format_time_micros(millis * 1000);
}

Outcome<std::string> connect_timestamp(std::int64_t millis) {
  auto micros = millis_to_micros(millis);
  if (!micros) return Outcome<std::string>::failure("timestamp of " + micros.error());
  return format_timestamp_micros(micros.value());
}

Outcome<std::int32_t> decimal_scale(const Value& parameters) {
  using R = Outcome<std::int32_t>;
  if (!parameters.is_object() || !parameters.contains("scale"))
    return R::failure("the schema has no 'scale' parameter");
  const Value& s = parameters["scale"];
  std::int64_t scale = 0;
  if (s.is_number_integer()) {
    scale = s.get<std::int64_t>();
  } else if (s.is_string()) {
    const auto& text = s.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), scale);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
      return R::failure("the 'scale' parameter \"" + text + "\" is not an integer");
  } else {
    return R::failure("the 'scale' parameter is not an integer");
  }
  if (scale < std::numeric_limits<std::int32_t>::min() ||
      scale > std::numeric_limits<std::int32_t>::max())
    return R::failure("the 'scale' parameter " + std::to_string(scale) + " is out of range");
  return static_cast<std::int32_t>(scale);
}

Outcome<std::string> connect_decimal_from_base64(std::string_view base64, std::int32_t scale) {
  auto bytes = base64_decode(base64);
  if (!bytes) return Outcome<std::string>::failure(bytes.error());
  return decimal_from_unscaled(bytes.value(), scale);
}

}  // namespace sluice::json_converter
