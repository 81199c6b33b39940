#include "date_format.hpp"

#include <array>
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
constexpr std::string_view kSupported = "yMdHhmsSEaXZ";

std::string padded(std::int64_t n, int width) {
  char buf[32];
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

/// Reads a name from `names`, full or its first three letters; returns its index or -1.
template <std::size_t N>
int read_name(std::string_view text, std::size_t& pos, const std::array<const char*, N>& names,
              bool full) {
  for (std::size_t i = 0; i < N; ++i) {
    const std::string_view name = full ? std::string_view(names[i]) : std::string_view(names[i], 3);
    if (iequal_prefix(text, pos, name)) {
      pos += name.size();
      return static_cast<int>(i);
    }
  }
  return -1;
}

/// Reads 1..max_digits digits (exactly `exact` when non-zero).
bool read_number(std::string_view text, std::size_t& pos, int exact, int max_digits,
                 std::int64_t& out) {
  const int limit = exact ? exact : max_digits;
  int n = 0;
  out = 0;
  while (n < limit && pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    out = out * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  return exact ? n == exact : n > 0;
}

/// "Z", +HH, +HHMM or +HH:MM; the offset in minutes.
bool read_offset(std::string_view text, std::size_t& pos, bool allow_z, std::int64_t& minutes) {
  if (allow_z && pos < text.size() && text[pos] == 'Z') {
    ++pos;
    minutes = 0;
    return true;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  const int sign = text[pos++] == '-' ? -1 : 1;
  std::int64_t hh = 0, mm = 0;
  if (!read_number(text, pos, 2, 2, hh)) return false;
  if (pos < text.size() && text[pos] == ':') ++pos;
  if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' &&
      !read_number(text, pos, 2, 2, mm))
    return false;
  if (hh > 23 || mm > 59) return false;
  minutes = sign * (hh * 60 + mm);
  return true;
}

}  // namespace

DateFormat DateFormat::compile(std::string_view pattern) {
  DateFormat f;
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
      if (kSupported.find(c) == std::string_view::npos)
        throw std::invalid_argument(std::string("option 'format': pattern letter '") + c +
                                    "' is not supported (supported: y M d H h m s S E a X Z and "
                                    "'quoted' literals)");
      std::size_t j = i;
      while (j < pattern.size() && pattern[j] == c) ++j;
      f.tokens_.push_back({c, static_cast<int>(j - i), {}});
      i = j;
    } else {
      f.tokens_.push_back({0, 0, std::string(1, c)});
      ++i;
    }
  }
  return f;
}

bool DateFormat::numeric(const Token& t) const noexcept {
  switch (t.letter) {
    case 'y':
    case 'd':
    case 'H':
    case 'h':
    case 'm':
    case 's':
    case 'S':
      return true;
    case 'M':
      return t.count <= 2;
    default:
      return false;
  }
}

std::string DateFormat::format(std::int64_t epoch_micros) const {
  const CivilTime c = to_civil(epoch_micros);
  std::string out;
  for (const Token& t : tokens_) {
    switch (t.letter) {
      case 0:
        out += t.literal;
        break;
      case 'y':
        out += t.count == 2 ? padded(((c.year % 100) + 100) % 100, 2) : padded(c.year, t.count);
        break;
      case 'M':
        if (t.count >= 4)
          out += kMonths[c.month - 1];
        else if (t.count == 3)
          out += std::string(kMonths[c.month - 1], 3);
        else
          out += padded(c.month, t.count);
        break;
      case 'd':
        out += padded(c.day, t.count);
        break;
      case 'H':
        out += padded(c.hour, t.count);
        break;
      case 'h':
        out += padded(c.hour % 12 == 0 ? 12 : c.hour % 12, t.count);
        break;
      case 'm':
        out += padded(c.minute, t.count);
        break;
      case 's':
        out += padded(c.second, t.count);
        break;
      case 'S': {
        // The first `count` digits of the six-digit fraction.
        std::string frac = padded(c.micros, 6);
        if (t.count <= 6)
          frac.resize(static_cast<std::size_t>(t.count));
        else
          frac.append(static_cast<std::size_t>(t.count - 6), '0');
        out += frac;
        break;
      }
      case 'E':
        out += t.count >= 4 ? std::string(kDays[c.weekday]) : std::string(kDays[c.weekday], 3);
        break;
      case 'a':
        out += c.hour < 12 ? "AM" : "PM";
        break;
      case 'X':
        out += "Z";
        break;
      case 'Z':
        out += "+0000";
        break;
    }
  }
  return out;
}

std::optional<std::int64_t> DateFormat::parse(std::string_view text) const {
  CivilTime c;
  std::size_t pos = 0;
  std::int64_t offset_minutes = 0;
  int hour12 = -1;
  int pm = -1;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.letter == 0) {
      if (text.substr(pos, t.literal.size()) != t.literal) return std::nullopt;
      pos += t.literal.size();
      continue;
    }
    // Adjacent numeric fields (yyyyMMdd) are read with their exact widths.
    const bool adjacent = i + 1 < tokens_.size() && numeric(tokens_[i + 1]);
    const int exact = adjacent ? t.count : 0;
    std::int64_t n = 0;
    switch (t.letter) {
      case 'y':
        if (t.count == 2) {
          if (!read_number(text, pos, 2, 2, n)) return std::nullopt;
          c.year = 2000 + n;
        } else {
          if (!read_number(text, pos, exact, 9, n)) return std::nullopt;
          c.year = n;
        }
        break;
      case 'M':
        if (t.count >= 3) {
          const int m = read_name(text, pos, kMonths, t.count >= 4);
          if (m < 0) return std::nullopt;
          c.month = m + 1;
        } else {
          if (!read_number(text, pos, exact, 2, n)) return std::nullopt;
          c.month = static_cast<int>(n);
        }
        break;
      case 'd':
      case 'H':
      case 'h':
      case 'm':
      case 's': {
        if (!read_number(text, pos, exact, 2, n)) return std::nullopt;
        const int v = static_cast<int>(n);
        if (t.letter == 'd')
          c.day = v;
        else if (t.letter == 'H')
          c.hour = v;
        else if (t.letter == 'h')
          hour12 = v;
        else if (t.letter == 'm')
          c.minute = v;
        else
          c.second = v;
        break;
      }
      case 'S': {
        if (!read_number(text, pos, t.count, t.count, n)) return std::nullopt;
        int digits = t.count;
        for (; digits > 6; --digits) n /= 10;
        for (; digits < 6; ++digits) n *= 10;
        c.micros = n;
        break;
      }
      case 'E':
        if (read_name(text, pos, kDays, t.count >= 4) < 0) return std::nullopt;
        break;
      case 'a':
        if (iequal_prefix(text, pos, "AM"))
          pm = 0;
        else if (iequal_prefix(text, pos, "PM"))
          pm = 1;
        else
          return std::nullopt;
        pos += 2;
        break;
      case 'X':
      case 'Z':
        if (!read_offset(text, pos, true, offset_minutes)) return std::nullopt;
        break;
    }
  }
  if (pos != text.size()) return std::nullopt;
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12) return std::nullopt;
    c.hour = hour12 % 12 + (pm == 1 ? 12 : 0);
  } else if (pm == 1 && c.hour < 12) {
    c.hour += 12;
  }
  const auto micros = from_civil(c);
  if (!micros) return std::nullopt;
  return *micros - offset_minutes * 60 * kMicrosPerSecond;
}

}  // namespace sluice_connect
