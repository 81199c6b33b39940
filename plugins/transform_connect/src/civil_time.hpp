// Instants as microseconds since the epoch (UTC), and sluice's text forms of them (DESIGN.md
// "Values as StarRocks loads them"): Timestamp "YYYY-MM-DD HH:MM:SS[.ffffff]", Date "YYYY-MM-DD",
// Time "HH:MM:SS[.ffffff]".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice_connect {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

/// A broken-down UTC date-time.
struct CivilTime {
  std::int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::int64_t micros = 0;  ///< of the second, 0..999999
  int weekday = 4;          ///< 0 Sunday .. 6 Saturday (filled by to_civil only)
};

/// Instants sluice writes: years 0000 to 9999 (StarRocks DATETIME covers 0000-9999).
constexpr std::int64_t kMinMicros = -62'167'219'200'000'000;  // 0000-01-01 00:00:00
constexpr std::int64_t kMaxMicros = 253'402'300'799'999'999;  // 9999-12-31 23:59:59.999999
constexpr bool in_civil_range(std::int64_t micros) noexcept {
  return micros >= kMinMicros && micros <= kMaxMicros;
}

/// Epoch microseconds of `c`, or nothing when a field is out of range (Feb 30, hour 24, year
/// 10000, ...).
std::optional<std::int64_t> from_civil(const CivilTime& c);
/// `epoch_micros` must be in_civil_range.
CivilTime to_civil(std::int64_t epoch_micros);

std::string format_timestamp(std::int64_t epoch_micros);
std::string format_date(std::int64_t epoch_micros);  ///< the date part
std::string format_time(std::int64_t epoch_micros);  ///< the time of day

/// Reads a sluice Timestamp, Date (midnight) or Time (on 1970-01-01); nothing if `text` is none.
std::optional<std::int64_t> parse_sluice_temporal(std::string_view text);

}  // namespace sluice_connect
