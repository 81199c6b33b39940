#include "field_reference.hpp"

#include <stdexcept>

#include "envelope.hpp"

namespace sluice_debezium {

namespace {
std::string implied_parent(std::string_view field) {
  if (field == "op" || field == "ts_ms" || field == "ts_us" || field == "ts_ns") return "";
  if (field == "id" || field == "total_order" || field == "data_collection_order")
    return "transaction";
  return "source";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}
}  // namespace

FieldReference FieldReference::parse(std::string_view entry, std::string_view prefix,
                                     std::string_view option) {
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("option '" + std::string(option) + "': entry '" +
                                 std::string(entry) + "' " + why);
  };
  std::string_view path = trim(entry);
  std::optional<std::string_view> rename;
  if (auto colon = path.find(':'); colon != std::string_view::npos) {
    rename = trim(path.substr(colon + 1));
    path = trim(path.substr(0, colon));
    if (rename->find(':') != std::string_view::npos)
      throw bad("has more than one ':' (expected field or field:NEW_NAME)");
    if (rename->empty()) throw bad("has an empty new name after ':'");
  }
  FieldReference ref;
  if (auto dot = path.find('.'); dot != std::string_view::npos) {
    ref.parent = std::string(path.substr(0, dot));
    ref.field = std::string(path.substr(dot + 1));
    if (ref.field.find('.') != std::string::npos)
      throw bad("names a field nested deeper than one struct (expected struct.field)");
    if (ref.parent.empty()) throw bad("has an empty struct name before '.'");
  } else {
    ref.field = std::string(path);
    ref.parent = implied_parent(ref.field);
  }
  if (ref.field.empty()) throw bad("has an empty field name");
  const bool qualified = path.find('.') != std::string_view::npos;
  ref.output_name = std::string(prefix) + (rename      ? std::string(*rename)
                                           : qualified ? ref.parent + "_" + ref.field
                                                       : ref.field);
  return ref;
}

std::vector<FieldReference> FieldReference::parse_list(const std::vector<std::string>& entries,
                                                       std::string_view prefix,
                                                       std::string_view option) {
  std::vector<FieldReference> out;
  out.reserve(entries.size());
  for (const auto& e : entries) out.push_back(parse(e, prefix, option));
  return out;
}

std::optional<Value> FieldReference::resolve(const Value& envelope) const {
  const Value* holder = parent.empty() ? &envelope : member(envelope, parent);
  if (holder && holder->is_object()) {
    if (const Value* v = member(*holder, field)) return *v;
  }
  if (const Value* v = member(envelope, field)) return *v;
  if (holder && holder->is_null()) return Value(nullptr);
  return std::nullopt;
}

Value FieldReference::resolve_schema(const Value& envelope_schema) const {
  const Value* holder = parent.empty() ? &envelope_schema : field_schema(envelope_schema, parent);
  const Value* f = holder ? field_schema(*holder, field) : nullptr;
  if (!f) f = field_schema(envelope_schema, field);
  if (!f) return nullptr;
  Value out = *f;
  out["optional"] = true;
  return out;
}

}  // namespace sluice_debezium
