// Shared by the converters (json, avro, protobuf): one implementation of the calendar texts.
// Calendar arithmetic (proleptic Gregorian, UTC) and the date/time texts StarRocks loads:
// "YYYY-MM-DD", "HH:MM:SS[.ffffff]", "YYYY-MM-DD HH:MM:SS[.ffffff]".
#pragma once

#include <cstdint>
#include <string>

namespace sluice::values {

struct CivilDate {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

inline constexpr std::int64_t kMicrosPerSecond = 1000000;
inline constexpr std::int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

/// Days since 1970-01-01 of a civil date (negative before the epoch).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;
/// Civil date of a day count since 1970-01-01.
CivilDate civil_from_days(std::int64_t days) noexcept;

/// Division rounding toward negative infinity (so -1 ms is 23:59:59.999 of the day before).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
constexpr std::int64_t floor_mod(std::int64_t a, std::int64_t b) noexcept {
  return a - floor_div(a, b) * b;
}

/// "YYYY-MM-DD"; years outside 0..9999 keep all their digits and a leading '-' when negative.
std::string format_date(std::int64_t days_since_epoch);

/// "HH:MM:SS" or "HH:MM:SS.ffffff" (the fraction only when non-zero, always 6 digits).
/// Durations outside one day (MySQL TIME through Debezium) keep going: "838:59:59", "-01:30:00".
std::string format_time_micros(std::int64_t micros);

/// "YYYY-MM-DD HH:MM:SS[.ffffff]" of microseconds since the epoch, UTC.
std::string format_timestamp_micros(std::int64_t epoch_micros);

}  // namespace sluice::values
