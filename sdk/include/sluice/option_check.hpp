// sluice SDK — validation of option values against declarations. Used by the host for pipeline
// files and by the plugin test harness, so a plugin sees the same checks in both.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sluice/options.hpp"

namespace sluice {

/// One problem found in an options table.
struct OptionIssue {
  enum class Kind { unknown_key, wrong_type, missing_required, out_of_range, not_allowed };
  Kind kind;
  std::string key;         ///< the option as written
  std::string message;     ///< complete sentence, without the file position
  std::string suggestion;  ///< nearest valid key for unknown_key, else empty
};

/// Edit distance (Levenshtein) between two names, for "did you mean" suggestions.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// The candidate closest to `name`, or "" when none is close enough to be a plausible typo.
inline std::string nearest_name(std::string_view name, std::span<const std::string> candidates) {
  std::string best;
  std::size_t best_d = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

namespace detail {
inline bool matches_type(const Value& v, OptionType t) {
  switch (t) {
    case OptionType::string:
      return v.is_string();
    case OptionType::integer:
      return v.is_number_integer();
    case OptionType::number:
      return v.is_number();
    case OptionType::boolean:
      return v.is_boolean();
    case OptionType::string_list:
      return v.is_string() || (v.is_array() && std::all_of(v.begin(), v.end(), [](const Value& e) {
                                 return e.is_string();
                               }));
    case OptionType::table:
      return v.is_object() && std::all_of(v.begin(), v.end(), [](const Value& e) {
               return e.is_primitive() && !e.is_null();
             });
    case OptionType::any:
      return true;
  }
  return false;
}

inline std::string value_type_name(const Value& v) {
  if (v.is_string()) return "string";
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "boolean";
  if (v.is_array()) return "array";
  if (v.is_object()) return "table";
  return "null";
}

/// Normalises accepted spellings: "a, b" → ["a","b"] for lists, scalars → strings in tables.
inline Value normalise(const Value& v, OptionType t) {
  if (t == OptionType::string_list && v.is_string()) {
    Value out = Value::array();
    std::string_view s = v.get_ref<const std::string&>();
    while (!s.empty()) {
      auto comma = s.find(',');
      auto item = s.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) out.push_back(std::string(item));
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
    return out;
  }
  if (t == OptionType::table) {
    Value out = Value::object();
    for (auto& [k, e] : v.items()) out[k] = e.is_string() ? e.get<std::string>() : e.dump();
    return out;
  }
  return v;
}

/// "an integer", "a string": the noun with its indefinite article.
inline std::string a_or_an(const std::string& noun) {
  return (!noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos
              ? "an "
              : "a ") +
         noun;
}

inline std::string format_number(double d) {
  if (std::floor(d) == d && std::fabs(d) < 9e15) return std::to_string(static_cast<long long>(d));
  return std::to_string(d);
}
}  // namespace detail

/// Checks `given` (a JSON object of option values) against `specs`.
/// Returns the problems found (empty when valid) and, in `resolved`, the values with defaults
/// filled and accepted spellings normalised. Keys are compared exactly.
inline std::vector<OptionIssue> check_options(std::span<const OptionSpec> specs, const Value& given,
                                              Value& resolved) {
  std::vector<OptionIssue> issues;
  resolved = Value::object();
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);

  if (!given.is_null() && !given.is_object()) {
    issues.push_back({OptionIssue::Kind::wrong_type, "", "options must be a table", ""});
    return issues;
  }
  if (given.is_object()) {
    for (auto& [key, v] : given.items()) {
      auto it = std::find_if(specs.begin(), specs.end(),
                             [&](const OptionSpec& s) { return s.name == key; });
      if (it == specs.end()) {
        std::string near = nearest_name(key, names);
        issues.push_back({OptionIssue::Kind::unknown_key, key,
                          "unknown option '" + key + "'" +
                              (near.empty() ? "" : "; did you mean '" + near + "'?"),
                          near});
      }
    }
  }
  for (const auto& s : specs) {
    const bool present = given.is_object() && given.contains(s.name);
    if (!present) {
      if (s.required)
        issues.push_back(
            {OptionIssue::Kind::missing_required, s.name,
             "missing required option '" + s.name + "' (" + option_type_name(s.type) + ")", ""});
      else if (!s.default_value.is_null())
        resolved[s.name] = s.default_value;
      continue;
    }
    const Value& v = given.at(s.name);
    if (!detail::matches_type(v, s.type)) {
      issues.push_back({OptionIssue::Kind::wrong_type, s.name,
                        "option '" + s.name + "' must be " +
                            detail::a_or_an(option_type_name(s.type)) + ", not " +
                            detail::a_or_an(detail::value_type_name(v)),
                        ""});
      continue;
    }
    if (v.is_number() && (s.type == OptionType::integer || s.type == OptionType::number)) {
      double d = v.get<double>();
      if ((s.min && d < *s.min) || (s.max && d > *s.max)) {
        std::string range = "[" + (s.min ? detail::format_number(*s.min) : std::string("-inf")) +
                            ", " + (s.max ? detail::format_number(*s.max) : std::string("inf")) +
                            "]";
        issues.push_back({OptionIssue::Kind::out_of_range, s.name,
                          "option '" + s.name + "' = " + v.dump() + " is out of range " + range,
                          ""});
        continue;
      }
    }
    if (s.type == OptionType::string && !s.allowed.empty() &&
        std::find(s.allowed.begin(), s.allowed.end(), v.get<std::string>()) == s.allowed.end()) {
      std::string list;
      for (const auto& a : s.allowed) list += (list.empty() ? "" : ", ") + a;
      std::string near = nearest_name(v.get<std::string>(), s.allowed);
      issues.push_back({OptionIssue::Kind::not_allowed, s.name,
                        "option '" + s.name + "' = \"" + v.get<std::string>() +
                            "\" is not one of: " + list +
                            (near.empty() ? "" : "; did you mean '" + near + "'?"),
                        near});
      continue;
    }
    resolved[s.name] = detail::normalise(v, s.type);
  }
  return issues;
}

}  // namespace sluice
