// cast: Kafka's Cast — casts fields, or the whole key/value, to another primitive type.
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

#include "connect_schema.hpp"
#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "java_decimal.hpp"
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

/// Java's narrowing of a long to a smaller integer type: the low bits, two's complement.
std::int64_t narrow(std::int64_t n, CastType t) {
  switch (t) {
    case CastType::int8:
      return static_cast<std::int8_t>(n);
    case CastType::int16:
      return static_cast<std::int16_t>(n);
    case CastType::int32:
      return static_cast<std::int32_t>(n);
    default:
      return n;
  }
}

/// Java's (long) / (int) of a double: toward zero, saturating, NaN 0.
std::int64_t java_double_to(double d, bool to_long) {
  if (std::isnan(d)) return 0;
  const double lo = to_long ? -9223372036854775808.0 : -2147483648.0;
  const double hi = to_long ? 9223372036854775807.0 : 2147483647.0;
  if (d <= lo) return to_long ? INT64_MIN : INT32_MIN;
  if (d >= hi) return to_long ? INT64_MAX : INT32_MAX;
  return static_cast<std::int64_t>(std::trunc(d));
}

/// A double narrowed as Java's Double.byteValue/shortValue/intValue/longValue do.
std::int64_t narrow_double(double d, CastType t) {
  if (t == CastType::int64) return java_double_to(d, true);
  return narrow(java_double_to(d, false), t);
}

/// Decimal text (an exact number, as sluice carries a Kafka Decimal) narrowed as BigDecimal's
/// longValue/intValue: the integer part, its low 64 bits; then as a long is narrowed.
std::optional<std::int64_t> narrow_decimal(const std::string& s, CastType t) {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  const bool negative = !s.empty() && s[0] == '-';
  std::uint64_t low = 0;
  const std::size_t begin = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9')
    low = low * 10 + static_cast<std::uint64_t>(s[i++] - '0');  // wraps modulo 2^64
  if (i == begin) return std::nullopt;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i != s.size()) return std::nullopt;
  if (negative) low = ~low + 1;
  return narrow(static_cast<std::int64_t>(low), t);
}

/// Java's Byte/Short/Integer/Long.parseX: an optional sign and decimal digits, in range.
std::optional<std::int64_t> java_parse_integer(const std::string& s, CastType t) {
  std::size_t start = (!s.empty() && s[0] == '+') ? 1 : 0;
  if (start == 1 && s.size() > 1 && s[1] == '-') return std::nullopt;
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data() + start, s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || start == s.size()) return std::nullopt;
  if (narrow(n, t) != n) return std::nullopt;
  return n;
}

/// Java's Double.parseDouble: surrounding whitespace ignored, an f/F/d/D suffix allowed. Only
/// finite results, since JSON has no NaN or Infinity.
std::optional<double> java_parse_double(const std::string& text) {
  std::size_t b = 0, e = text.size();
  while (b < e && static_cast<unsigned char>(text[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(text[e - 1]) <= ' ') --e;
  std::string s = text.substr(b, e - b);
  if (!s.empty() && std::strchr("fFdD", s.back()) != nullptr) s.pop_back();
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front()))) return std::nullopt;
  for (char ch : s)
    if (std::isalpha(static_cast<unsigned char>(ch)) && ch != 'e' && ch != 'E')
      return std::nullopt;  // no inf/nan/hex spellings that strtod would read
  char* end = nullptr;
  errno = 0;
  const double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

/// A value as Kafka's Cast sees it after encoding logical types: a long (integers, Date days,
/// Time and Timestamp milliseconds), a double, a decimal (exact text), a boolean or a string.
struct Input {
  enum Kind { integer, real, decimal, boolean, text } kind = integer;
  std::int64_t n = 0;
  double d = 0;
  bool b = false;
  std::string s;
};

std::optional<Input> classify(const Value& v, Logical logical, std::string& error) {
  Input in;
  if (v.is_boolean()) {
    in.kind = Input::boolean;
    in.b = v.get<bool>();
  } else if (v.is_number_unsigned()) {
    in.n = static_cast<std::int64_t>(v.get<std::uint64_t>());  // the bits, as Java would see them
  } else if (v.is_number_integer()) {
    in.n = v.get<std::int64_t>();
  } else if (v.is_number_float()) {
    in.kind = Input::real;
    in.d = v.get<double>();
  } else if (v.is_string()) {
    in.s = v.get<std::string>();
    if (logical == Logical::decimal) {
      in.kind = Input::decimal;
    } else if (logical != Logical::none) {
      auto encoded = encode_temporal(logical, in.s);
      if (!encoded) {
        error = v.dump() + " is not a sluice date/time value";
        return std::nullopt;
      }
      in.n = *encoded;
    } else {
      in.kind = Input::text;
    }
  } else {
    error = std::string("cannot cast ") + type_name(v) + " (only primitive values can be cast)";
    return std::nullopt;
  }
  return in;
}

Cast to_integral(const Value& v, const Input& in, CastType type) {
  switch (in.kind) {
    case Input::boolean:
      return {in.b ? 1 : 0, {}};
    case Input::integer:
      return {narrow(in.n, type), {}};
    case Input::real:
      return {narrow_double(in.d, type), {}};
    case Input::decimal:
      if (auto n = narrow_decimal(in.s, type)) return {*n, {}};
      return {nullptr, v.dump() + " is not a decimal number"};
    case Input::text:
      if (auto n = java_parse_integer(in.s, type)) return {*n, {}};
      return {nullptr, "value " + v.dump() + " is not a valid " + name_of(type) + " (Java's parse" +
                           (type == CastType::int8    ? "Byte"
                            : type == CastType::int16 ? "Short"
                            : type == CastType::int32 ? "Int"
                                                      : "Long") +
                           ")"};
  }
  return {nullptr, "unknown input"};
}

Cast to_floating(const Value& v, const Input& in, CastType type) {
  double d = 0;
  switch (in.kind) {
    case Input::boolean:
      d = in.b ? 1 : 0;
      break;
    case Input::integer:
      d = type == CastType::float32 ? static_cast<double>(static_cast<float>(in.n))
                                    : static_cast<double>(in.n);
      break;
    case Input::real:
      d = in.d;
      break;
    case Input::decimal:
    case Input::text: {
      auto parsed = java_parse_double(in.s);
      if (!parsed) return {nullptr, v.dump() + " is not a finite number"};
      d = *parsed;
      break;
    }
  }
  if (type == CastType::float32) {
    if (std::fabs(d) > std::numeric_limits<float>::max())
      return {nullptr, v.dump() +
                           " is out of range for float32 (Java gives Infinity, which "
                           "JSON cannot hold)"};
    return {as_float32(d), {}};
  }
  return {d, {}};
}

Cast to_boolean(const Input& in) {
  switch (in.kind) {
    case Input::boolean:
      return {in.b, {}};
    case Input::integer:
      return {in.n != 0, {}};
    case Input::real:
      return {java_double_to(in.d, true) != 0, {}};  // Java: longValue() != 0
    case Input::decimal:
      return {narrow_decimal(in.s, CastType::int64).value_or(0) != 0, {}};
    case Input::text: {
      std::string s = in.s;
      for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      return {s == "true", {}};  // Java's Boolean.parseBoolean
    }
  }
  return {false, {}};
}

Cast cast_value(const Value& v, const Value* schema, CastType type) {
  if (v.is_null()) return {nullptr, {}};
  if (type == CastType::string) {
    if (v.is_string()) return {v, {}};  // sluice's text of a logical value stays as it is
    if (v.is_object() || v.is_array())
      return {nullptr,
              std::string("cannot cast ") + type_name(v) + " (only primitive values can be cast)"};
    return {v.dump(), {}};
  }
  std::string error;
  auto in = classify(v, logical_of(schema), error);
  if (!in) return {nullptr, error};
  switch (type) {
    case CastType::boolean:
      return to_boolean(*in);
    case CastType::float32:
    case CastType::float64:
      return to_floating(v, *in, type);
    default:
      return to_integral(v, *in, type);
  }
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
      Cast r = cast_value(v, &operand_schema(record, c_.target), *c_.whole);
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
      Cast r = cast_value(*it, field_schema(operand_schema(record, c_.target), field), type);
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
