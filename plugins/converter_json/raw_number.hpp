// Number text kept verbatim while an envelope is walked. A decimal written as a JSON number
// (Connect `decimal.format=NUMERIC`) must keep every digit, which a double cannot; so the envelope
// parser stores each non-integer number (and each integer too big for 64 bits) as a nlohmann
// `binary` value holding its text. JSON text never yields binary values, so the marker cannot be
// confused with data. The schema walk turns them into doubles or exact decimal strings.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>
#include <vector>

#include <sluice/record.hpp>

namespace sluice::json_converter {

inline Value make_raw_number(std::string_view text) {
  return Value::binary(std::vector<std::uint8_t>(text.begin(), text.end()));
}

inline bool is_raw_number(const Value& v) noexcept {
  return v.is_binary();
}

inline std::string_view raw_number_text(const Value& v) {
  const auto& bytes = v.get_binary();
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// The double nearest to a raw number's text (what a plain JSON parse would have produced).
inline double raw_number_to_double(const Value& v) {
  std::string_view text = raw_number_text(v);
  double d = 0;
  std::from_chars(text.data(), text.data() + text.size(), d);
  return d;
}

/// Replaces every raw number in `v` by its double, for parts that are not walked by a schema.
inline void resolve_raw_numbers(Value& v) {
  if (is_raw_number(v)) {
    v = raw_number_to_double(v);
  } else if (v.is_structured()) {
    for (auto& child : v) resolve_raw_numbers(child);
  }
}

}  // namespace sluice::json_converter
