#include "csv_value_text.hpp"

#include <charconv>
#include <cmath>

namespace sluice::formatter_csv {

ValueText::Result ValueText::render(const Value& v) {
  switch (v.type()) {
    case Value::value_t::string:
      return {Kind::text, v.get_ref<const std::string&>()};
    case Value::value_t::null:
    case Value::value_t::discarded:
      return {Kind::null, {}};
    case Value::value_t::boolean:
      return {Kind::text, v.get<bool>() ? std::string_view("true") : std::string_view("false")};
    case Value::value_t::number_integer: {
      auto r =
          std::to_chars(number_.data(), number_.data() + number_.size(), v.get<std::int64_t>());
      return {Kind::text,
              std::string_view(number_.data(), static_cast<std::size_t>(r.ptr - number_.data()))};
    }
    case Value::value_t::number_unsigned: {
      auto r =
          std::to_chars(number_.data(), number_.data() + number_.size(), v.get<std::uint64_t>());
      return {Kind::text,
              std::string_view(number_.data(), static_cast<std::size_t>(r.ptr - number_.data()))};
    }
    case Value::value_t::number_float:
      // JSON has no NaN or infinity, and nlohmann would write "null" for them.
      if (!std::isfinite(v.get<double>()))
        return {Kind::unsupported, "is NaN or infinite, which has no CSV text StarRocks loads"};
      [[fallthrough]];
    case Value::value_t::object:
    case Value::value_t::array:
      try {
        scratch_ = v.dump();
      } catch (const nlohmann::json::exception&) {
        return {Kind::unsupported, "holds text that is not valid UTF-8"};
      }
      return {Kind::text, scratch_};
    case Value::value_t::binary:
      break;
  }
  return {Kind::unsupported, "is binary data, which CSV cannot carry (convert it to base64 first)"};
}

}  // namespace sluice::formatter_csv
