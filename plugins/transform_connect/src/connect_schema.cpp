#include "connect_schema.hpp"

#include "civil_time.hpp"

namespace sluice_connect {

const sluice::Value* field_schema(const sluice::Value& schema, std::string_view name) {
  if (!schema.is_object()) return nullptr;
  auto fields = schema.find("fields");
  if (fields == schema.end() || !fields->is_array()) return nullptr;
  for (const auto& f : *fields) {
    auto n = f.find("field");
    if (n != f.end() && n->is_string() && n->get_ref<const std::string&>() == name) return &f;
  }
  return nullptr;
}

Logical logical_of(const sluice::Value* schema) {
  if (schema == nullptr || !schema->is_object()) return Logical::none;
  auto n = schema->find("name");
  if (n == schema->end() || !n->is_string()) return Logical::none;
  const auto& name = n->get_ref<const std::string&>();
  if (name == "org.apache.kafka.connect.data.Decimal") return Logical::decimal;
  if (name == "org.apache.kafka.connect.data.Date") return Logical::date;
  if (name == "org.apache.kafka.connect.data.Time") return Logical::time;
  if (name == "org.apache.kafka.connect.data.Timestamp") return Logical::timestamp;
  return Logical::none;
}

std::string_view schema_type(const sluice::Value* schema) {
  if (schema == nullptr || !schema->is_object()) return {};
  auto t = schema->find("type");
  if (t == schema->end() || !t->is_string()) return {};
  return t->get_ref<const std::string&>();
}

std::optional<std::int64_t> encode_temporal(Logical type, std::string_view text) {
  auto micros = parse_sluice_temporal(text);
  if (!micros) return std::nullopt;
  switch (type) {
    case Logical::date:
      return floor_div(*micros, kMicrosPerDay);
    case Logical::time:
      return floor_div(*micros - floor_div(*micros, kMicrosPerDay) * kMicrosPerDay, 1000);
    case Logical::timestamp:
      return floor_div(*micros, 1000);
    default:
      return std::nullopt;
  }
}

}  // namespace sluice_connect
