#include "date_format.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "civil_time.hpp"

namespace sluice_connect {
namespace {

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 2> kEras = {"BC", "AD"};
constexpr std::array<const char*, 2> kAmPm = {"AM", "PM"};
// The letters java.text.SimpleDateFormat accepts.
constexpr std::string_view kJavaLetters = "GyYMLwWDdFEuaHkKhmsSzZX";

constexpr std::int64_t kMillisPerDay = 86'400'000;
// Days from the epoch to the first Gregorian day of Java's default calendar, 1582-10-15.
constexpr std::int64_t kGregorianCutover = -141'427;
// Instants Java's Date can carry and our epoch microseconds too (about ±292,000 years).
constexpr std::int64_t kMaxDays = 106'000'000;

// ---- calendars: a day number (days since 1970-01-01) ⇄ year, month, day ----

struct Ymd {
  std::int64_t year;  ///< astronomical: 0 is 1 BC
  int month, day;
};

/// Proleptic Gregorian day number; months are counted from March so leap days come last.
std::int64_t gregorian_days(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
  return era * 146'097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719'468;
}

Ymd gregorian_date(std::int64_t days) {
  const std::int64_t z = days + 719'468;
  const std::int64_t era = floor_div(z, 146'097);
  const std::int64_t doe = z - era * 146'097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

std::int64_t julian_raw(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 4);
  const std::int64_t yoe = y - era * 4;
  return era * 1461 + yoe * 365 + (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
}

// Julian 1582-10-04 is the day before the cutover.
const std::int64_t kJulianOffset = julian_raw(1582, 10, 4) - (kGregorianCutover - 1);

std::int64_t julian_days(std::int64_t y, int m, int d) {
  return julian_raw(y, m, d) - kJulianOffset;
}

Ymd julian_date(std::int64_t days) {
  const std::int64_t z = days + kJulianOffset;
  const std::int64_t era = floor_div(z, 1461);
  const std::int64_t doe = z - era * 1461;
  const std::int64_t yoe = doe / 365 < 3 ? doe / 365 : 3;
  const std::int64_t doy = doe - 365 * yoe;
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 4 + (m <= 2), m, d};
}

/// Java's GregorianCalendar: Julian before the cutover.
std::int64_t hybrid_days(std::int64_t y, int m, int d) {
  const std::int64_t g = gregorian_days(y, m, d);
  return g >= kGregorianCutover ? g : julian_days(y, m, d);
}

Ymd hybrid_date(std::int64_t days) {
  return days >= kGregorianCutover ? gregorian_date(days) : julian_date(days);
}

int weekday(std::int64_t days) {  // 0 Sunday .. 6 Saturday
  return static_cast<int>(floor_div(days + 4, 7) * -7 + days + 4);
}

/// The calendar fields Java formats, with en_US weeks (Sunday first, week 1 holds January 1).
struct Fields {
  std::int64_t year, week_year;
  int month, day, day_of_year, dow, week_of_year, week_of_month;
  int hour, minute, second, millis;
};

Fields fields_of(std::int64_t epoch_micros) {
  const std::int64_t ms = floor_div(epoch_micros, 1000);
  const std::int64_t days = floor_div(ms, kMillisPerDay);
  const std::int64_t of_day = ms - days * kMillisPerDay;
  const Ymd ymd = hybrid_date(days);
  Fields f{};
  f.year = ymd.year;
  f.month = ymd.month;
  f.day = ymd.day;
  f.dow = weekday(days);
  const std::int64_t jan1 = hybrid_days(ymd.year, 1, 1);
  f.day_of_year = static_cast<int>(days - jan1 + 1);
  f.week_year = ymd.year;
  f.week_of_year = (f.day_of_year - 1 + weekday(jan1)) / 7 + 1;
  const std::int64_t next_jan1 = hybrid_days(ymd.year + 1, 1, 1);
  if (weekday(next_jan1) != 0 && days >= next_jan1 - weekday(next_jan1)) {
    f.week_of_year = 1;  // the week that holds next January 1
    f.week_year = ymd.year + 1;
  }
  f.week_of_month = (f.day - 1 + weekday(days - f.day + 1)) / 7 + 1;
  f.hour = static_cast<int>(of_day / 3'600'000);
  f.minute = static_cast<int>(of_day / 60'000 % 60);
  f.second = static_cast<int>(of_day / 1000 % 60);
  f.millis = static_cast<int>(of_day % 1000);
  return f;
}

// ---- text helpers ----

std::string padded(std::int64_t n, int width) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(n));
  return buf;
}

bool is_letter(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool iequal_prefix(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char a = text[pos + i], b = word[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

/// Java matches a text field's long names first, then the short (three-letter) ones.
template <std::size_t N>
int read_name(std::string_view text, std::size_t& pos, const std::array<const char*, N>& names,
              bool with_short = true) {
  for (int pass = 0; pass < (with_short ? 2 : 1); ++pass)
    for (std::size_t i = 0; i < N; ++i) {
      std::string_view name(names[i]);
      if (pass == 1) name = name.substr(0, 3);
      if (iequal_prefix(text, pos, name)) {
        pos += name.size();
        return static_cast<int>(i);
      }
    }
  return -1;
}

/// Digits at `pos`: exactly up to `limit` of them when abutting the next numeric field, else
/// all of them (at most 10, beyond any calendar field).
bool read_number(std::string_view text, std::size_t& pos, int limit, std::int64_t& out) {
  if (limit <= 0) limit = 10;
  const std::size_t start = pos;
  out = 0;
  while (static_cast<int>(pos - start) < limit && pos < text.size() && text[pos] >= '0' &&
         text[pos] <= '9')
    out = out * 10 + (text[pos++] - '0');
  return pos > start;
}

/// ±HH, ±HHMM or ±HH:MM; the offset in minutes.
bool read_signed_offset(std::string_view text, std::size_t& pos, std::int64_t& minutes) {
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  const int sign = text[pos++] == '-' ? -1 : 1;
  std::int64_t hh = 0, mm = 0;
  const std::size_t start = pos;
  if (!read_number(text, pos, 2, hh)) return false;
  const bool short_hour = pos - start == 1;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!read_number(text, pos, 2, mm)) return false;
  } else if (!short_hour && pos + 1 < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    read_number(text, pos, 2, mm);
  }
  if (hh > 23 || mm > 59) return false;
  minutes = sign * (hh * 60 + mm);
  return true;
}

/// A general time zone as Java reads it for z (and Z): GMT/UTC/UT with an optional offset, the
/// long name of UTC, or an RFC 822 offset. Named zones other than UTC are not known here.
bool read_zone(std::string_view text, std::size_t& pos, std::int64_t& minutes) {
  minutes = 0;
  if (iequal_prefix(text, pos, "Coordinated Universal Time")) {
    pos += 26;
    return true;
  }
  for (std::string_view name : {"GMT", "UTC", "UT"})
    if (iequal_prefix(text, pos, name)) {
      pos += name.size();
      std::size_t after = pos;
      if (read_signed_offset(text, after, minutes)) pos = after;
      return true;
    }
  return read_signed_offset(text, pos, minutes);
}

}  // namespace

DateFormat DateFormat::compile(std::string_view pattern) {
  DateFormat f;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto now_micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
  f.century_start_ = fields_of(now_micros).year - 80;  // Java: 80 years before, 20 after now
  for (std::size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    if (c == '\'') {
      std::string lit;
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        lit = "'";
        i += 2;
      } else {
        std::size_t j = i + 1;
        for (;; ++j) {
          if (j >= pattern.size())
            throw std::invalid_argument("option 'format': unterminated quote in '" +
                                        std::string(pattern) + "'");
          if (pattern[j] == '\'') {
            if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
              lit += '\'';
              ++j;
              continue;
            }
            break;
          }
          lit += pattern[j];
        }
        i = j + 1;
      }
      f.tokens_.push_back({0, 0, std::move(lit)});
    } else if (is_letter(c)) {
      if (kJavaLetters.find(c) == std::string_view::npos)
        throw std::invalid_argument(std::string("option 'format': '") + std::string(pattern) +
                                    "' is not a SimpleDateFormat pattern: letter '" + c +
                                    "' is not a pattern letter (quote literal text: 'T')");
      std::size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      if (c == 'X' && j - i > 3)
        throw std::invalid_argument("option 'format': 'X' may be repeated at most 3 times in '" +
                                    std::string(pattern) + "'");
      f.tokens_.push_back({c, static_cast<int>(j - i), {}});
      i = j;
    } else {
      f.tokens_.push_back({0, 0, std::string(1, c)});
      ++i;
    }
  }
  return f;
}

bool DateFormat::numeric(const Token& t) noexcept {
  switch (t.letter) {
    case 'M':
    case 'L':
      return t.count <= 2;
    case 'G':
    case 'E':
    case 'a':
    case 'z':
    case 'Z':
    case 'X':
    case 0:
      return false;
    default:
      return true;
  }
}

std::string DateFormat::format(std::int64_t epoch_micros) const {
  const Fields f = fields_of(epoch_micros);
  const std::int64_t year_of_era = f.year > 0 ? f.year : 1 - f.year;
  const std::int64_t week_year_of_era = f.week_year > 0 ? f.week_year : 1 - f.week_year;
  std::string out;
  for (const Token& t : tokens_) {
    switch (t.letter) {
      case 0:
        out += t.literal;
        break;
      case 'G':
        out += kEras[f.year > 0 ? 1 : 0];
        break;
      case 'y':
      case 'Y': {
        const std::int64_t y = t.letter == 'y' ? year_of_era : week_year_of_era;
        out += t.count == 2 ? padded(y % 100, 2) : padded(y, t.count);
        break;
      }
      case 'M':
      case 'L':
        if (t.count >= 4)
          out += kMonths[f.month - 1];
        else if (t.count == 3)
          out += std::string(kMonths[f.month - 1], 3);
        else
          out += padded(f.month, t.count);
        break;
      case 'w':
        out += padded(f.week_of_year, t.count);
        break;
      case 'W':
        out += padded(f.week_of_month, t.count);
        break;
      case 'D':
        out += padded(f.day_of_year, t.count);
        break;
      case 'd':
        out += padded(f.day, t.count);
        break;
      case 'F':
        out += padded((f.day - 1) / 7 + 1, t.count);
        break;
      case 'E':
        out += t.count >= 4 ? std::string(kDays[f.dow]) : std::string(kDays[f.dow], 3);
        break;
      case 'u':
        out += padded(f.dow == 0 ? 7 : f.dow, t.count);
        break;
      case 'a':
        out += kAmPm[f.hour < 12 ? 0 : 1];
        break;
      case 'H':
        out += padded(f.hour, t.count);
        break;
      case 'k':
        out += padded(f.hour == 0 ? 24 : f.hour, t.count);
        break;
      case 'K':
        out += padded(f.hour % 12, t.count);
        break;
      case 'h':
        out += padded(f.hour % 12 == 0 ? 12 : f.hour % 12, t.count);
        break;
      case 'm':
        out += padded(f.minute, t.count);
        break;
      case 's':
        out += padded(f.second, t.count);
        break;
      case 'S':
        out += padded(f.millis, t.count);
        break;
      case 'z':
        out += t.count >= 4 ? "Coordinated Universal Time" : "UTC";
        break;
      case 'Z':
        out += "+0000";
        break;
      case 'X':
        out += "Z";
        break;
    }
  }
  return out;
}

std::optional<std::int64_t> DateFormat::parse(std::string_view text) const {
  // Fields as read; unset ones take Java's defaults (1970-01-01 00:00:00.000).
  std::optional<std::int64_t> year, week_year, month, day, day_of_year;
  std::int64_t hour = 0, minute = 0, second = 0, millis = 0, offset_minutes = 0;
  std::optional<std::int64_t> hour12;
  int ampm = -1;
  bool bc = false;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.letter == 0) {
      if (text.substr(pos, t.literal.size()) != t.literal) return std::nullopt;
      pos += t.literal.size();
      continue;
    }
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;  // as Java
    // A numeric field followed by another numeric field (yyyyMMdd) reads only its width.
    const bool abutting = i + 1 < tokens_.size() && numeric(tokens_[i + 1]);
    const int limit = abutting ? t.count : 0;
    std::int64_t n = 0;
    if (numeric(t)) {
      const std::size_t start = pos;
      if (!read_number(text, pos, limit, n)) return std::nullopt;
      switch (t.letter) {
        case 'y':
        case 'Y':
          // Two digits for y/yy: the century that puts the year within 80 years before and 20
          // after the time the format was made.
          if (t.count <= 2 && pos - start == 2) {
            n += century_start_ / 100 * 100;
            if (n < century_start_) n += 100;
          }
          (t.letter == 'y' ? year : week_year) = n;
          break;
        case 'M':
        case 'L':
          month = n;
          break;
        case 'd':
          day = n;
          break;
        case 'D':
          day_of_year = n;
          break;
        case 'H':
          hour = n;
          break;
        case 'k':
          hour = n == 24 ? 0 : n;
          break;
        case 'K':
          hour12 = n;
          break;
        case 'h':
          hour12 = n == 12 ? 0 : n;
          break;
        case 'm':
          minute = n;
          break;
        case 's':
          second = n;
          break;
        case 'S':
          millis = n;
          break;
        default:
          break;  // w W F u: read, not used to place the date
      }
      continue;
    }
    switch (t.letter) {
      case 'G': {
        const int e = read_name(text, pos, kEras, false);
        if (e < 0) return std::nullopt;
        bc = e == 0;
        break;
      }
      case 'M':
      case 'L': {
        const int m = read_name(text, pos, kMonths);
        if (m < 0) return std::nullopt;
        month = m + 1;
        break;
      }
      case 'E':
        if (read_name(text, pos, kDays) < 0) return std::nullopt;
        break;
      case 'a':
        ampm = read_name(text, pos, kAmPm, false);
        if (ampm < 0) return std::nullopt;
        break;
      case 'z':
      case 'Z':
        if (!read_zone(text, pos, offset_minutes)) return std::nullopt;
        break;
      case 'X':
        if (pos < text.size() && text[pos] == 'Z') {
          ++pos;
          offset_minutes = 0;
        } else if (!read_signed_offset(text, pos, offset_minutes)) {
          return std::nullopt;
        }
        break;
    }
  }
  // Lenient resolution: out-of-range values roll over into the next unit, as Java's default.
  std::int64_t y = year ? *year : (week_year ? *week_year : 1970);
  if (bc) y = 1 - y;
  if (y < -300'000 || y > 300'000) return std::nullopt;
  std::int64_t days;
  if (day_of_year && !month && !day) {
    days = hybrid_days(y, 1, 1) + *day_of_year - 1;
  } else {
    const std::int64_t m0 = (month ? *month : 1) - 1;
    const std::int64_t yy = y + floor_div(m0, 12);
    const int m = static_cast<int>(m0 - floor_div(m0, 12) * 12) + 1;
    days = hybrid_days(yy, m, 1) + (day ? *day : 1) - 1;
  }
  if (hour12)
    hour = *hour12 + (ampm == 1 ? 12 : 0);
  else if (ampm == 1 && hour < 12)
    hour += 12;
  const std::int64_t ms_of_day =
      ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis;
  days += floor_div(ms_of_day, kMillisPerDay);
  if (days < -kMaxDays || days > kMaxDays) return std::nullopt;
  return (days * kMillisPerDay + ms_of_day - floor_div(ms_of_day, kMillisPerDay) * kMillisPerDay) *
         1000;
}

}  // namespace sluice_connect
