// Well-known message types that become plain values instead of objects.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include <sluice/record.hpp>

namespace sluice::protobuf_converter {

enum class WellKnown {
  none,
  timestamp,    // google.protobuf.Timestamp → "YYYY-MM-DD HH:MM:SS[.ffffff]" UTC
  duration,     // google.protobuf.Duration  → exact decimal seconds "3.5"
  wrapper,      // google.protobuf.*Value wrappers → the wrapped value
  struct_,      // google.protobuf.Struct    → object
  value,        // google.protobuf.Value     → any JSON value
  list_value,   // google.protobuf.ListValue → array
  date,         // google.type.Date          → "YYYY-MM-DD" (a partial date stays an object)
  time_of_day,  // google.type.TimeOfDay     → "HH:MM:SS[.ffffff]"
  decimal,      // confluent.type.Decimal    → exact decimal string
};

WellKnown well_known_kind(std::string_view full_name);

/// Timestamp texts; false with `error` for values outside the type's documented range.
bool timestamp_text(std::int64_t seconds, std::int32_t nanos, std::string& out, std::string& error);
/// Exact decimal seconds: (3, 500000000) → "3.5", (-1, -500000000) → "-1.5", (0, 0) → "0".
bool duration_text(std::int64_t seconds, std::int32_t nanos, std::string& out, std::string& error);

}  // namespace sluice::protobuf_converter
