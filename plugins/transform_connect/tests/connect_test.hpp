// Helpers of the transform_connect tests: load the built library once, build records, run a
// transform and read what comes out as JSON text.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <sluice/testing/harness.hpp>

namespace connect_test {

using sluice::Record;
using sluice::Value;

inline sluice::testing::Harness& harness() {
  static sluice::testing::Harness h(PLUGIN_FILE);
  return h;
}

inline sluice::PluginInstance<sluice::Transform> make(std::string_view name,
                                                      const Value& options = Value::object()) {
  return harness().transform(name, options);
}

/// A record whose value is the JSON text `value`.
inline Record rec(std::string_view value, std::string topic = "topic") {
  return sluice::testing::make_record(Value::parse(value), std::move(topic), 0, 42);
}

/// The records a transform gives for `r`; fails the test on an error.
inline std::vector<Record> run(sluice::Transform& t, Record r) {
  return sluice::testing::apply(t, std::move(r));
}

/// The value of the single record `t` gives for `r`, as JSON text.
inline std::string value_of(sluice::Transform& t, Record r) {
  auto out = run(t, std::move(r));
  REQUIRE(out.size() == 1);
  return out[0].value.dump();
}

/// Shortcut: value_of with a record of value `json`.
inline std::string apply_to(sluice::Transform& t, std::string_view json) {
  return value_of(t, rec(json));
}

/// The error of a transform that must refuse `r`: "<errc>: <message>".
inline std::string error_of(sluice::Transform& t, Record r) {
  std::vector<Record> out;
  sluice::Status st = t.apply(std::move(r), out);
  CHECK(out.empty());
  if (st) return "ok";
  return std::string(sluice::errc_name(st.code())) + ": " + st.message();
}

/// The configuration error of `name` with `options` ("" when it is accepted).
inline std::string config_error(std::string_view name, const Value& options) {
  try {
    make(name, options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace connect_test
