// Kafka Connect's logical types (org.apache.kafka.connect.data.*) as StarRocks loads them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sluice/record.hpp>

#include "outcome.hpp"

namespace sluice::json_converter {

inline constexpr std::string_view kConnectDecimal = "org.apache.kafka.connect.data.Decimal";
inline constexpr std::string_view kConnectDate = "org.apache.kafka.connect.data.Date";
inline constexpr std::string_view kConnectTime = "org.apache.kafka.connect.data.Time";
inline constexpr std::string_view kConnectTimestamp = "org.apache.kafka.connect.data.Timestamp";

/// Date: int32 days since 1970-01-01 → "YYYY-MM-DD".
std::string connect_date(std::int64_t days);
/// Time: int32 milliseconds since midnight, 0 ≤ ms < 86400000 → "HH:MM:SS[.ffffff]".
Outcome<std::string> connect_time(std::int64_t millis);
/// Timestamp: int64 milliseconds since the epoch → "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC).
Outcome<std::string> connect_timestamp(std::int64_t millis);

/// The Decimal `scale` parameter (a string, as Connect writes parameters: {"scale": "2"}).
Outcome<std::int32_t> decimal_scale(const Value& parameters);
/// Decimal payload → exact decimal string. `payload` is a base64 string of the unscaled
/// two's-complement bytes (decimal.format=BASE64, the default), or the number's text
/// (decimal.format=NUMERIC).
Outcome<std::string> connect_decimal_from_base64(std::string_view base64, std::int32_t scale);

/// Microseconds from milliseconds, failing instead of overflowing.
Outcome<std::int64_t> millis_to_micros(std::int64_t millis);

}  // namespace sluice::json_converter
