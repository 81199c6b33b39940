#include "typed_value.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <regex>

namespace sluice_tools {
namespace {

std::string trimmed(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string invalid(const ColumnSpec& c, const nlohmann::json& in) {
  std::string shown = in.is_string() ? in.get<std::string>() : in.dump();
  if (shown.size() > 100) shown = shown.substr(0, 100) + "...";
  return "Value '" + shown + "' is invalid for column '" + c.name + "' of type " +
         std::string(column_type_name(c.type));
}

bool parse_integer(const nlohmann::json& in, std::int64_t& v) {
  if (in.is_number_integer()) {
    if (in.is_number_unsigned() &&
        in.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return false;
    v = in.get<std::int64_t>();
    return true;
  }
  if (in.is_boolean()) {
    v = in.get<bool>() ? 1 : 0;
    return true;
  }
  if (in.is_number_float()) {
    double d = in.get<double>();
    if (d != static_cast<double>(static_cast<std::int64_t>(d))) return false;
    v = static_cast<std::int64_t>(d);
    return true;
  }
  if (!in.is_string()) return false;
  std::string s = trimmed(in.get<std::string>());
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

bool parse_double(const nlohmann::json& in, double& v) {
  if (in.is_number()) {
    v = in.get<double>();
    return true;
  }
  if (!in.is_string()) return false;
  std::string s = trimmed(in.get<std::string>());
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool valid_date(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 0 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

// Accepts `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]` and the `T` form.
bool parse_datetime(const std::string& text, std::string& date, std::string& time) {
  static const std::regex kForm(
      R"(^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d{1,6})?)?$)");
  std::smatch m;
  std::string s = trimmed(text);
  if (!std::regex_match(s, m, kForm)) return false;
  int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  if (!valid_date(y, mo, d)) return false;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
  date = buf;
  if (m[4].matched) {
    int h = std::stoi(m[4]), mi = std::stoi(m[5]), se = std::stoi(m[6]);
    if (h > 23 || mi > 59 || se > 59) return false;
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, se);
    time = std::string(buf) + (m[7].matched ? m[7].str() : "");
  } else {
    time = "00:00:00";
  }
  return true;
}

}  // namespace

std::optional<std::string> convert_value(const ColumnSpec& column, const nlohmann::json& in,
                                         bool from_text, nlohmann::json& out) {
  if (in.is_null()) {
    out = nullptr;
    return std::nullopt;
  }
  switch (column.type) {
    case ColumnType::kInt:
    case ColumnType::kBigint: {
      std::int64_t v = 0;
      if (!parse_integer(in, v)) return invalid(column, in);
      if (column.type == ColumnType::kInt && (v < std::numeric_limits<std::int32_t>::min() ||
                                              v > std::numeric_limits<std::int32_t>::max()))
        return "Value '" + std::to_string(v) + "' is out of range for column '" + column.name +
               "' of type INT";
      out = v;
      return std::nullopt;
    }
    case ColumnType::kDouble: {
      double v = 0;
      if (!parse_double(in, v)) return invalid(column, in);
      out = v;
      return std::nullopt;
    }
    case ColumnType::kDecimal: {
      // Kept as its decimal text so no precision is lost in the read back.
      static const std::regex kDecimal(R"(^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$)");
      std::string s = in.is_string()   ? trimmed(in.get<std::string>())
                      : in.is_number() ? in.dump()
                                       : "";
      if (!std::regex_match(s, kDecimal)) return invalid(column, in);
      out = s;
      return std::nullopt;
    }
    case ColumnType::kVarchar:
      out = in.is_string() ? in.get<std::string>() : in.dump();
      return std::nullopt;
    case ColumnType::kDate:
    case ColumnType::kDatetime: {
      if (!in.is_string()) return invalid(column, in);
      std::string date, time;
      if (!parse_datetime(in.get<std::string>(), date, time)) return invalid(column, in);
      out = column.type == ColumnType::kDate ? date : date + " " + time;
      return std::nullopt;
    }
    case ColumnType::kJson:
      if (from_text && in.is_string()) {
        try {
          out = nlohmann::json::parse(in.get<std::string>());
        } catch (const nlohmann::json::exception&) {
          return invalid(column, in);
        }
      } else {
        out = in;
      }
      return std::nullopt;
    case ColumnType::kBoolean: {
      if (in.is_boolean()) {
        out = in.get<bool>();
        return std::nullopt;
      }
      std::string s = in.is_string() ? trimmed(in.get<std::string>()) : in.dump();
      for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (s == "true" || s == "1") {
        out = true;
      } else if (s == "false" || s == "0") {
        out = false;
      } else {
        return invalid(column, in);
      }
      return std::nullopt;
    }
  }
  return invalid(column, in);
}

}  // namespace sluice_tools
