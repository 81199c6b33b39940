// Shared by the formatters (csv, json): the kind of a record value as their refusals name it,
// "CSV formatter needs an object value, got an array". Header-only; needs sluice::sdk.
#pragma once

#include <sluice/record.hpp>

namespace sluice::values {

/// "an object", "an array", "a string", "a boolean", "a number", "binary data" or "null".
inline const char* kind_phrase(const sluice::Value& v) noexcept {
  switch (v.type()) {
    case sluice::Value::value_t::object:
      return "an object";
    case sluice::Value::value_t::array:
      return "an array";
    case sluice::Value::value_t::string:
      return "a string";
    case sluice::Value::value_t::boolean:
      return "a boolean";
    case sluice::Value::value_t::number_integer:
    case sluice::Value::value_t::number_unsigned:
    case sluice::Value::value_t::number_float:
      return "a number";
    case sluice::Value::value_t::binary:
      return "binary data";
    case sluice::Value::value_t::null:
    case sluice::Value::value_t::discarded:
      break;
  }
  return "null";
}

}  // namespace sluice::values
