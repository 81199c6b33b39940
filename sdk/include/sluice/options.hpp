// sluice SDK — plugin options: declarations the host validates, and typed access to the values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/record.hpp"

namespace sluice {

/// Type of an option value as written in the pipeline file (TOML).
enum class OptionType {
  string,
  integer,  ///< 64-bit signed integer
  number,   ///< floating point; an integer is accepted too
  boolean,
  string_list,  ///< array of strings; a comma-separated string is accepted and split
  table,        ///< table of string values (e.g. extra HTTP headers), keys free
  any,          ///< any TOML value, passed through as JSON
};

constexpr const char* option_type_name(OptionType t) noexcept {
  switch (t) {
    case OptionType::string:
      return "string";
    case OptionType::integer:
      return "integer";
    case OptionType::number:
      return "number";
    case OptionType::boolean:
      return "boolean";
    case OptionType::string_list:
      return "array of strings";
    case OptionType::table:
      return "table of strings";
    case OptionType::any:
      return "any value";
  }
  return "unknown";
}

/// Declaration of one option. A plugin lists its options in a static array; the host validates
/// every pipeline table against it before anything starts, fills in defaults, and documents the
/// options in `sluice plugins --describe`.
///
/// Option names follow the tool they come from: Debezium and Kafka Connect transforms keep their
/// dotted names ("delete.handling.mode"); sluice's own options use underscores.
struct OptionSpec {
  OptionSpec(std::string name_, OptionType type_, std::string doc_)
      : name(std::move(name_)), type(type_), doc(std::move(doc_)) {}

  /// Builder-style setters: `OptionSpec("size", OptionType::integer,
  /// "...").with_default(10).range(1, 100)`.
  OptionSpec&& with_default(Value v) && {
    default_value = std::move(v);
    return std::move(*this);
  }
  OptionSpec&& mandatory() && {
    required = true;
    return std::move(*this);
  }
  OptionSpec&& range(std::optional<double> lo, std::optional<double> hi) && {
    min = lo;
    max = hi;
    return std::move(*this);
  }
  OptionSpec&& one_of(std::vector<std::string> values) && {
    allowed = std::move(values);
    return std::move(*this);
  }
  OptionSpec&& is_secret() && {
    secret = true;
    return std::move(*this);
  }

  std::string name;
  OptionType type = OptionType::string;
  std::string doc;
  /// Default value; null means "no default" (the key is absent unless given).
  Value default_value = nullptr;
  bool required = false;
  /// Inclusive bounds for integer and number options.
  std::optional<double> min;
  std::optional<double> max;
  /// For string options: the accepted values (empty = any string).
  std::vector<std::string> allowed;
  /// A secret (password, token): never printed by the host, masked in `validate` output.
  bool secret = false;
};

/// The validated options of one plugin instance: every declared option that was given or has a
/// default, with the declared type. Accessors throw std::invalid_argument naming the option when
/// it is absent or has another type (which validation rules out for declared options).
class Options {
 public:
  Options() = default;
  explicit Options(Value values) : values_(std::move(values)) {}

  bool has(std::string_view name) const { return values_.is_object() && values_.contains(name); }
  const Value& raw() const noexcept { return values_; }
  const Value& at(std::string_view name) const {
    if (!has(name)) throw std::invalid_argument("option '" + std::string(name) + "' is not set");
    return values_.at(std::string(name));
  }

  std::string get_string(std::string_view name) const {
    return checked(name, &Value::is_string).template get<std::string>();
  }
  std::int64_t get_int(std::string_view name) const {
    return checked(name, &Value::is_number_integer).template get<std::int64_t>();
  }
  double get_number(std::string_view name) const {
    return checked(name, &Value::is_number).template get<double>();
  }
  bool get_bool(std::string_view name) const {
    return checked(name, &Value::is_boolean).template get<bool>();
  }
  std::vector<std::string> get_list(std::string_view name) const {
    return checked(name, &Value::is_array).template get<std::vector<std::string>>();
  }
  /// Keys and values of a table option, in file order.
  std::vector<std::pair<std::string, std::string>> get_table(std::string_view name) const {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& [k, v] : checked(name, &Value::is_object).items())
      out.emplace_back(k, v.template get<std::string>());
    return out;
  }

  std::string get_string_or(std::string_view name, std::string fallback) const {
    return has(name) ? get_string(name) : std::move(fallback);
  }
  std::int64_t get_int_or(std::string_view name, std::int64_t fallback) const {
    return has(name) ? get_int(name) : fallback;
  }
  bool get_bool_or(std::string_view name, bool fallback) const {
    return has(name) ? get_bool(name) : fallback;
  }

 private:
  const Value& checked(std::string_view name, bool (Value::*pred)() const noexcept) const {
    const Value& v = at(name);
    if (!(v.*pred)())
      throw std::invalid_argument("option '" + std::string(name) + "' has another type");
    return v;
  }
  Value values_ = Value::object();
};

}  // namespace sluice
