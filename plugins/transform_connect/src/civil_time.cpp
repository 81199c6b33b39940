#include "civil_time.hpp"

#include <chrono>
#include <cstdio>

namespace sluice_connect {

namespace chr = std::chrono;

std::optional<std::int64_t> from_civil(const CivilTime& c) {
  if (c.year < 0 || c.year > 9999 || c.month < 1 || c.month > 12 || c.hour < 0 || c.hour > 23 ||
      c.minute < 0 || c.minute > 59 || c.second < 0 || c.second > 59 || c.micros < 0 ||
      c.micros >= kMicrosPerSecond)
    return std::nullopt;
  const chr::year_month_day ymd{chr::year(static_cast<int>(c.year)),
                                chr::month(static_cast<unsigned>(c.month)),
                                chr::day(static_cast<unsigned>(c.day))};
  if (!ymd.ok()) return std::nullopt;
  const std::int64_t days = chr::sys_days(ymd).time_since_epoch().count();
  return days * kMicrosPerDay + ((c.hour * 60 + c.minute) * 60 + c.second) * kMicrosPerSecond +
         c.micros;
}

CivilTime to_civil(std::int64_t epoch_micros) {
  const std::int64_t days = floor_div(epoch_micros, kMicrosPerDay);
  std::int64_t of_day = epoch_micros - days * kMicrosPerDay;
  const chr::sys_days sd{chr::days(days)};
  const chr::year_month_day ymd{sd};
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.weekday = static_cast<int>(chr::weekday(sd).c_encoding());
  c.micros = of_day % kMicrosPerSecond;
  of_day /= kMicrosPerSecond;
  c.second = static_cast<int>(of_day % 60);
  c.minute = static_cast<int>(of_day / 60 % 60);
  c.hour = static_cast<int>(of_day / 3600);
  return c;
}

namespace {

std::string clock_text(const CivilTime& c) {
  char buf[32];
  if (c.micros != 0)
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06lld", c.hour, c.minute, c.second,
                  static_cast<long long>(c.micros));
  else
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
  return buf;
}

std::string date_text(const CivilTime& c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month,
                c.day);
  return buf;
}

/// Reads exactly `n` digits at `pos`.
bool digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char ch = s[pos + i];
    if (ch < '0' || ch > '9') return false;
    out = out * 10 + (ch - '0');
  }
  pos += n;
  return true;
}

bool read_date(std::string_view s, std::size_t& pos, CivilTime& c) {
  int y = 0;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, c.month) ||
      pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, c.day))
    return false;
  c.year = y;
  return true;
}

bool read_clock(std::string_view s, std::size_t& pos, CivilTime& c) {
  if (!digits(s, pos, 2, c.hour) || pos >= s.size() || s[pos++] != ':' ||
      !digits(s, pos, 2, c.minute) || pos >= s.size() || s[pos++] != ':' ||
      !digits(s, pos, 2, c.second))
    return false;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::int64_t frac = 0;
    std::size_t n = 0;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos, ++n)
      if (n < 6) frac = frac * 10 + (s[pos] - '0');
    if (n == 0) return false;
    for (; n < 6; ++n) frac *= 10;
    c.micros = frac;
  }
  return true;
}

}  // namespace

std::string format_timestamp(std::int64_t epoch_micros) {
  const CivilTime c = to_civil(epoch_micros);
  return date_text(c) + " " + clock_text(c);
}

std::string format_date(std::int64_t epoch_micros) {
  return date_text(to_civil(epoch_micros));
}

std::string format_time(std::int64_t epoch_micros) {
  return clock_text(to_civil(epoch_micros));
}

std::optional<std::int64_t> parse_sluice_temporal(std::string_view text) {
  CivilTime c;
  std::size_t pos = 0;
  if (text.size() >= 10 && text[4] == '-') {
    if (!read_date(text, pos, c)) return std::nullopt;
    if (pos < text.size()) {
      if (text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
      ++pos;
      if (!read_clock(text, pos, c)) return std::nullopt;
    }
  } else if (!read_clock(text, pos, c)) {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return from_civil(c);
}

}  // namespace sluice_connect
