#include "field_path.hpp"

#include <stdexcept>

namespace sluice_connect {

const Value* find_field(const Value& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

const char* type_name(const Value& v) noexcept {
  switch (v.type()) {
    case Value::value_t::null:
      return "null";
    case Value::value_t::object:
      return "object";
    case Value::value_t::array:
      return "array";
    case Value::value_t::string:
      return "string";
    case Value::value_t::boolean:
      return "boolean";
    case Value::value_t::number_integer:
    case Value::value_t::number_unsigned:
      return "integer";
    case Value::value_t::number_float:
      return "number";
    default:
      return "binary";
  }
}

std::vector<std::pair<std::string, std::string>> parse_pairs(
    const std::vector<std::string>& entries, std::string_view option) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : entries) {
    const auto colon = e.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == e.size() ||
        e.find(':', colon + 1) != std::string::npos)  // Kafka splits on every ':'
      throw std::invalid_argument("option '" + std::string(option) + "': entry '" + e +
                                  "' is not of the form from:to");
    out.emplace_back(e.substr(0, colon), e.substr(colon + 1));
  }
  return out;
}

sluice::Status require_object(const Value& v, std::string_view transform, std::string_view part) {
  if (v.is_object()) return sluice::Status::ok();
  return sluice::Status::bad_record(
      std::string(transform) + ": the record " + std::string(part) +
      " must be an object (a Kafka Struct or Map), found " +
      (v.is_null() ? std::string("null") : std::string(type_name(v))));
}

}  // namespace sluice_connect
