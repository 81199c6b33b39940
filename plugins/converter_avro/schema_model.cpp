#include "schema_model.hpp"

namespace sluice::avro_converter {

using Kind = SchemaNode::Kind;
using Logical = SchemaNode::Logical;

namespace {

constexpr int kMaxDepth = 200;

bool primitive(const std::string& name, Kind& kind) {
  static const std::map<std::string, Kind> kinds = {
      {"null", Kind::null},   {"boolean", Kind::boolean}, {"int", Kind::int_},
      {"long", Kind::long_},  {"float", Kind::float_},    {"double", Kind::double_},
      {"bytes", Kind::bytes}, {"string", Kind::string}};
  auto it = kinds.find(name);
  if (it == kinds.end()) return false;
  kind = it->second;
  return true;
}

/// The logical type an annotation gives `kind`, when the spec allows it; none otherwise (the
/// spec says an invalid logical type is ignored and the underlying type used).
Logical logical_of(const Value& json, Kind kind, int& scale) {
  if (!json.contains("logicalType") || !json["logicalType"].is_string()) return Logical::none;
  const std::string lt = json["logicalType"].get<std::string>();
  if (lt == "decimal" && (kind == Kind::bytes || kind == Kind::fixed)) {
    const Value* p = json.contains("precision") ? &json["precision"] : nullptr;
    const Value* s = json.contains("scale") ? &json["scale"] : nullptr;
    if (!p || !p->is_number_integer() || p->get<std::int64_t>() < 1) return Logical::none;
    std::int64_t sc = 0;
    if (s) {
      if (!s->is_number_integer()) return Logical::none;
      sc = s->get<std::int64_t>();
    }
    if (sc < 0 || sc > p->get<std::int64_t>() || sc > 1000) return Logical::none;
    scale = static_cast<int>(sc);
    return Logical::decimal;
  }
  if (kind == Kind::int_) {
    if (lt == "date") return Logical::date;
    if (lt == "time-millis") return Logical::time_millis;
  }
  if (kind == Kind::long_) {
    if (lt == "time-micros") return Logical::time_micros;
    if (lt == "timestamp-millis") return Logical::timestamp_millis;
    if (lt == "timestamp-micros") return Logical::timestamp_micros;
    if (lt == "local-timestamp-millis") return Logical::local_timestamp_millis;
    if (lt == "local-timestamp-micros") return Logical::local_timestamp_micros;
  }
  if (kind == Kind::string && lt == "uuid") return Logical::uuid;
  return Logical::none;
}

std::string full_name(const Value& json, const std::string& ns) {
  std::string name = json.contains("name") && json["name"].is_string()
                         ? json["name"].get<std::string>()
                         : std::string();
  if (name.find('.') != std::string::npos) return name;
  std::string space = ns;
  if (json.contains("namespace") && json["namespace"].is_string())
    space = json["namespace"].get<std::string>();
  return space.empty() ? name : space + "." + name;
}

std::string namespace_of(const std::string& full) {
  const auto dot = full.rfind('.');
  return dot == std::string::npos ? std::string() : full.substr(0, dot);
}

}  // namespace

SchemaNode* SchemaModel::make(Kind kind) {
  nodes_.push_back(std::make_unique<SchemaNode>());
  nodes_.back()->kind = kind;
  return nodes_.back().get();
}

const SchemaNode* SchemaModel::named(const std::string& name, const std::string& ns) const {
  if (name.find('.') == std::string::npos && !ns.empty())
    if (auto it = by_name_.find(ns + "." + name); it != by_name_.end()) return it->second;
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

const SchemaNode* SchemaModel::add(const Value& json, std::string& error) {
  return parse(json, "", 0, error);
}

const SchemaNode* SchemaModel::parse(const Value& json, const std::string& ns, int depth,
                                     std::string& error) {
  if (depth > kMaxDepth) {
    error = "schema nested deeper than " + std::to_string(kMaxDepth);
    return nullptr;
  }
  if (json.is_string()) {
    Kind kind;
    const std::string name = json.get<std::string>();
    if (primitive(name, kind)) return make(kind);
    if (const SchemaNode* n = named(name, ns)) return n;
    error = "unknown type '" + name + "'";
    return nullptr;
  }
  if (json.is_array()) {
    SchemaNode* u = make(Kind::union_);
    for (const auto& branch : json) {
      const SchemaNode* b = parse(branch, ns, depth + 1, error);
      if (!b) return nullptr;
      u->children.push_back(b);
    }
    return u;
  }
  if (!json.is_object() || !json.contains("type")) {
    error = "a schema must be a name, an array or an object with 'type'";
    return nullptr;
  }
  const Value& type = json["type"];
  if (!type.is_string()) return parse(type, ns, depth + 1, error);
  const std::string t = type.get<std::string>();
  Kind kind;
  if (primitive(t, kind)) {
    SchemaNode* n = make(kind);
    n->logical = logical_of(json, kind, n->scale);
    return n;
  }
  if (t == "record" || t == "error") {
    const std::string full = full_name(json, ns);
    SchemaNode* n = make(Kind::record);
    by_name_[full] = n;  // before the fields: records may refer to themselves
    if (!json.contains("fields") || !json["fields"].is_array()) {
      error = "record '" + full + "' has no fields array";
      return nullptr;
    }
    for (const auto& f : json["fields"]) {
      if (!f.is_object() || !f.contains("type")) {
        error = "record '" + full + "' has a field without type";
        return nullptr;
      }
      const SchemaNode* c = parse(f["type"], namespace_of(full), depth + 1, error);
      if (!c) return nullptr;
      n->children.push_back(c);
    }
    return n;
  }
  if (t == "enum") {
    SchemaNode* n = make(Kind::enum_);
    by_name_[full_name(json, ns)] = n;
    return n;
  }
  if (t == "fixed") {
    SchemaNode* n = make(Kind::fixed);
    by_name_[full_name(json, ns)] = n;
    n->logical = logical_of(json, Kind::fixed, n->scale);
    return n;
  }
  if (t == "array" || t == "map") {
    const char* key = t == "array" ? "items" : "values";
    if (!json.contains(key)) {
      error = t + " without '" + key + "'";
      return nullptr;
    }
    SchemaNode* n = make(t == "array" ? Kind::array : Kind::map);
    const SchemaNode* c = parse(json[key], ns, depth + 1, error);
    if (!c) return nullptr;
    n->children.push_back(c);
    return n;
  }
  if (const SchemaNode* n = named(t, ns)) return n;
  error = "unknown type '" + t + "'";
  return nullptr;
}

}  // namespace sluice::avro_converter
