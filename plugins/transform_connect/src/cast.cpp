// cast: Kafka's Cast — casts fields, or the whole key/value, to another primitive type.
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

enum class CastType { int8, int16, int32, int64, float32, float64, boolean, string };

struct TypeName {
  const char* name;
  CastType type;
};
constexpr TypeName kTypes[] = {{"int8", CastType::int8},       {"int16", CastType::int16},
                               {"int32", CastType::int32},     {"int64", CastType::int64},
                               {"float32", CastType::float32}, {"float64", CastType::float64},
                               {"boolean", CastType::boolean}, {"string", CastType::string}};

std::optional<CastType> type_of(std::string_view name) {
  for (const auto& t : kTypes)
    if (name == t.name) return t.type;
  return std::nullopt;
}

const char* name_of(CastType type) {
  for (const auto& t : kTypes)
    if (type == t.type) return t.name;
  return "?";
}

struct CastConfig {
  Target target = Target::value;
  std::optional<CastType> whole;                         ///< spec "type"
  std::vector<std::pair<std::string, CastType>> fields;  ///< spec "field:type,..."
};

/// The result of one cast: the value, or why it cannot be cast.
struct Cast {
  Value value;
  std::string error;
};

bool integral_range(CastType t, std::int64_t& lo, std::int64_t& hi) {
  switch (t) {
    case CastType::int8:
      lo = INT8_MIN, hi = INT8_MAX;
      return true;
    case CastType::int16:
      lo = INT16_MIN, hi = INT16_MAX;
      return true;
    case CastType::int32:
      lo = INT32_MIN, hi = INT32_MAX;
      return true;
    case CastType::int64:
      lo = INT64_MIN, hi = INT64_MAX;
      return true;
    default:
      return false;
  }
}

/// A double as Java prints a float: the shortest decimal that reads back as the same float.
double as_float32(double d) {
  const auto f = static_cast<float>(d);
  char buf[32];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) return std::strtod(buf, nullptr);
  }
  return static_cast<double>(f);
}

/// Parses the whole of `s` as a finite double.
std::optional<double> parse_double(const std::string& s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(d)) return std::nullopt;
  return d;
}

/// Integer text, or decimal text truncated toward zero ("12.75" → 12, as Kafka casts a Decimal):
/// exact for any length. Sets `overflow` when the integer part does not fit in 64 bits.
std::optional<std::int64_t> parse_integral(const std::string& s, bool& overflow) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  const std::size_t digits_begin = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  const std::size_t digits_end = i;
  if (digits_end == digits_begin) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i != s.size()) return std::nullopt;
  std::string integral =
      (s[0] == '-' ? "-" : "") + s.substr(digits_begin, digits_end - digits_begin);
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(integral.data(), integral.data() + integral.size(), n);
  if (ec == std::errc::result_out_of_range) {
    overflow = true;
    return std::nullopt;
  }
  if (ec != std::errc() || p != integral.data() + integral.size()) return std::nullopt;
  return n;
}

Cast to_integral(const Value& v, CastType type) {
  std::int64_t lo = 0, hi = 0;
  integral_range(type, lo, hi);
  const std::string range_error = v.dump() + " is out of range for " + name_of(type) + " [" +
                                  std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (v.is_boolean()) return {v.get<bool>() ? 1 : 0, {}};
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi)) return {nullptr, range_error};
    return {static_cast<std::int64_t>(u), {}};
  }
  std::optional<double> real;
  std::optional<std::int64_t> integer;
  if (v.is_number_integer()) {
    integer = v.get<std::int64_t>();
  } else if (v.is_number_float()) {
    real = v.get<double>();
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    bool overflow = false;
    integer = parse_integral(s, overflow);
    if (overflow) return {nullptr, range_error};
    if (!integer) real = parse_double(s);
    if (!integer && !real) return {nullptr, v.dump() + " is not a number"};
  } else {
    return {nullptr, "cannot cast " + std::string(type_name(v)) + " to " + name_of(type)};
  }
  if (real) {
    const double t = std::trunc(*real);
    // 2^63 is exactly representable; anything at or beyond it does not fit.
    if (!(t >= -9223372036854775808.0 && t < 9223372036854775808.0)) return {nullptr, range_error};
    integer = static_cast<std::int64_t>(t);
  }
  if (*integer < lo || *integer > hi) return {nullptr, range_error};
  return {*integer, {}};
}

Cast to_floating(const Value& v, CastType type) {
  double d = 0;
  if (v.is_boolean()) {
    d = v.get<bool>() ? 1 : 0;
  } else if (v.is_number()) {
    d = v.get<double>();
  } else if (v.is_string()) {
    auto parsed = parse_double(v.get<std::string>());
    if (!parsed) return {nullptr, v.dump() + " is not a number"};
    d = *parsed;
  } else {
    return {nullptr, "cannot cast " + std::string(type_name(v)) + " to " + name_of(type)};
  }
  if (type == CastType::float32) {
    if (std::fabs(d) > std::numeric_limits<float>::max())
      return {nullptr, v.dump() + " is out of range for float32"};
    return {as_float32(d), {}};
  }
  return {d, {}};
}

Cast to_boolean(const Value& v) {
  if (v.is_boolean()) return {v, {}};
  if (v.is_number()) return {v.get<double>() != 0, {}};
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (s == "true") return {true, {}};
    if (s == "false") return {false, {}};
    return {nullptr, v.dump() + " is not a boolean (true or false)"};
  }
  return {nullptr, "cannot cast " + std::string(type_name(v)) + " to boolean"};
}

Cast cast_value(const Value& v, CastType type) {
  if (v.is_null()) return {nullptr, {}};
  switch (type) {
    case CastType::int8:
    case CastType::int16:
    case CastType::int32:
    case CastType::int64:
      return to_integral(v, type);
    case CastType::float32:
    case CastType::float64:
      return to_floating(v, type);
    case CastType::boolean:
      return to_boolean(v);
    case CastType::string:
      if (v.is_string()) return {v, {}};
      return {v.dump(), {}};  // numbers, booleans; objects and arrays as JSON text
  }
  return {nullptr, "unknown type"};
}

class CastTransform final : public ConnectTransform {
 public:
  CastTransform(CastConfig c, Predicate p)
      : ConnectTransform("cast", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    if (v.is_null()) return sluice::Status::ok();
    if (c_.whole) {
      Cast r = cast_value(v, *c_.whole);
      if (!r.error.empty())
        return bad(std::string("the record ") + target_name(c_.target) + ": " + r.error);
      v = std::move(r.value);
      operand_schema(record, c_.target) = nullptr;
      return sluice::Status::ok();
    }
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    // Cast into a copy so that a failure leaves nothing half done.
    Value updated = v;
    for (const auto& [field, type] : c_.fields) {
      auto it = updated.find(field);
      if (it == updated.end()) continue;  // as Kafka: only fields present are cast
      Cast r = cast_value(*it, type);
      if (!r.error.empty()) return bad("field '" + field + "': " + r.error);
      *it = std::move(r.value);
    }
    v = std::move(updated);
    operand_schema(record, c_.target) = nullptr;
    return sluice::Status::ok();
  }

 private:
  CastConfig c_;
};

CastConfig parse(const sluice::Options& o) {
  CastConfig c;
  c.target = parse_target(o);
  const auto spec = o.get_list("spec");
  if (spec.empty()) throw std::invalid_argument("option 'spec' is empty");
  auto checked_type = [](const std::string& name, const std::string& entry) {
    auto t = type_of(name);
    if (!t)
      throw std::invalid_argument("option 'spec': entry '" + entry + "' has unknown type '" + name +
                                  "'; expected int8, int16, int32, int64, float32, float64, "
                                  "boolean or string");
    return *t;
  };
  if (spec.size() == 1 && spec[0].find(':') == std::string::npos) {
    c.whole = checked_type(spec[0], spec[0]);
    return c;
  }
  for (const auto& entry : spec)
    if (entry.find(':') == std::string::npos)
      throw std::invalid_argument("option 'spec': entry '" + entry +
                                  "' needs field:type (a lone type casts the whole value and "
                                  "must be the only entry)");
  for (auto& [field, type] : parse_pairs(spec, "spec"))
    c.fields.emplace_back(field, checked_type(type, field + ":" + type));
  return c;
}

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("spec", OptionType::string_list,
                         "field:type,... or a single type for the whole key/value; types int8 "
                         "int16 int32 int64 float32 float64 boolean string")
                  .mandatory());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor cast_plugin() {
  return {"cast", "1.0.0", "Kafka Cast: fields or the whole key/value to another primitive type",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<CastTransform>(parse(ctx.options),
                                                   Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
