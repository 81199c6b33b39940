#include "sluice_values/civil_time.hpp"

#include <cstdio>

namespace sluice::values {

// Howard Hinnant's days_from_civil / civil_from_days: eras of 400 years (146097 days), years
// counted from March so that the leap day is the last day of the year.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(year, 400);
  const auto yoe = static_cast<std::int64_t>(year - era * 400);  // [0, 399]
  const std::int64_t doy =
      (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t doe = days - era * 146097;                                    // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const auto day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

namespace {

void append_fraction(std::string& out, std::int64_t micros_of_second) {
  if (micros_of_second == 0) return;
  char buf[16];
  std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros_of_second));
  out += buf;
}

std::string format_clock(std::int64_t micros_of_day) {
  const std::int64_t secs = micros_of_day / kMicrosPerSecond;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  std::string out(buf);
  append_fraction(out, micros_of_day % kMicrosPerSecond);
  return out;
}

}  // namespace

std::string format_date(std::int64_t days_since_epoch) {
  const CivilDate c = civil_from_days(days_since_epoch);
  char buf[48];
  if (c.year < 0)
    std::snprintf(buf, sizeof buf, "-%04lld-%02u-%02u", static_cast<long long>(-c.year), c.month,
                  c.day);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month,
                  c.day);
  return buf;
}

std::string format_time_micros(std::int64_t micros) {
  if (micros < 0) {
    // INT64_MIN has no positive counterpart; it is far beyond any real duration anyway.
    if (micros == INT64_MIN) micros += 1;
    return "-" + format_clock(-micros);
  }
  return format_clock(micros);
}

std::string format_timestamp_micros(std::int64_t epoch_micros) {
  const std::int64_t days = floor_div(epoch_micros, kMicrosPerDay);
  return format_date(days) + " " + format_clock(epoch_micros - days * kMicrosPerDay);
}

}  // namespace sluice::values
