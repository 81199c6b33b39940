#include "envelope.hpp"

namespace sluice_debezium {

namespace {
std::string_view schema_name(const Value& schema) {
  const Value* name = member(schema, "name");
  return name && name->is_string() ? std::string_view(name->get_ref<const std::string&>())
                                   : std::string_view();
}
}  // namespace

Op parse_op(std::string_view code) noexcept {
  if (code == "c") return Op::create;
  if (code == "u") return Op::update;
  if (code == "r") return Op::read;
  if (code == "d") return Op::remove;
  if (code == "t") return Op::truncate;
  return Op::other;
}

std::optional<RowOfOp> row_of(Op op) noexcept {
  switch (op) {
    case Op::create:
    case Op::update:
    case Op::read:
      return RowOfOp{"after", 0};
    case Op::remove:
      return RowOfOp{"before", 1};
    case Op::truncate:
    case Op::other:
      break;
  }
  return std::nullopt;
}

Shape classify(const sluice::Record& r) {
  if (r.value.is_null()) return Shape::tombstone;
  std::string_view name = schema_name(r.value_schema);
  if (!name.empty()) return name.ends_with(".Envelope") ? Shape::change_event : Shape::other;
  if (!r.value.is_object()) return Shape::other;
  const Value* op = member(r.value, "op");
  if (!op || !op->is_string()) return Shape::other;
  if (r.value.contains("before") || r.value.contains("after")) return Shape::change_event;
  if (parse_op(op->get_ref<const std::string&>()) == Op::truncate && r.value.contains("source"))
    return Shape::change_event;
  return Shape::other;
}

bool is_debezium_metadata_schema(const Value& schema) {
  return schema_name(schema).starts_with("io.debezium.connector.");
}

bool looks_like_debezium_metadata(const Value& value) {
  if (!value.is_object()) return false;
  if (value.size() == 1 && value.contains("ts_ms")) return true;
  const Value* source = member(value, "source");
  if (!source || !source->is_object()) return false;
  const Value* op = member(value, "op");
  return (op && op->is_string()) || value.contains("ddl");
}

std::string_view op_code(const Value& envelope) {
  const Value* op = member(envelope, "op");
  return op && op->is_string() ? std::string_view(op->get_ref<const std::string&>())
                               : std::string_view();
}

const Value* member(const Value& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const Value* field_schema(const Value& struct_schema, std::string_view name) {
  const Value* fields = member(struct_schema, "fields");
  if (!fields || !fields->is_array()) return nullptr;
  for (const Value& f : *fields) {
    const Value* field = member(f, "field");
    if (field && field->is_string() && field->get_ref<const std::string&>() == name) return &f;
  }
  return nullptr;
}

void put_field_schema(Value& struct_schema, std::string_view name, Value field) {
  if (!struct_schema.is_object()) return;
  auto fields = struct_schema.find("fields");
  if (fields == struct_schema.end() || !fields->is_array()) return;
  field["field"] = std::string(name);
  for (Value& f : *fields) {
    const Value* existing = member(f, "field");
    if (existing && existing->is_string() && existing->get_ref<const std::string&>() == name) {
      f = std::move(field);
      return;
    }
  }
  fields->push_back(std::move(field));
}

Value row_schema(const Value& envelope_schema, std::string_view name) {
  const Value* f = field_schema(envelope_schema, name);
  if (!f) return nullptr;
  Value out = *f;
  out.erase("field");
  return out;
}

std::string json_type(const Value& v) {
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
    case Value::value_t::binary:
      return "binary";
    case Value::value_t::discarded:
      return "discarded";
    default:
      return "number";
  }
}

}  // namespace sluice_debezium
