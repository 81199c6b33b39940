#include "envelope.hpp"

#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "base64.hpp"
#include "connect_logical.hpp"
#include "floating.hpp"
#include "logical_types.hpp"
#include "raw_number.hpp"

namespace sluice::json_converter {
namespace {

std::string json_type_name(const Value& v) {
  if (is_raw_number(v)) return "number " + std::string(raw_number_text(v));
  if (v.is_number()) return "number " + v.dump();
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

struct IntRange {
  std::int64_t min;
  std::int64_t max;
};

std::optional<IntRange> int_range(std::string_view type) {
  if (type == "int8") return IntRange{-128, 127};
  if (type == "int16") return IntRange{-32768, 32767};
  if (type == "int32")
    return IntRange{std::numeric_limits<std::int32_t>::min(),
                    std::numeric_limits<std::int32_t>::max()};
  if (type == "int64")
    return IntRange{std::numeric_limits<std::int64_t>::min(),
                    std::numeric_limits<std::int64_t>::max()};
  return std::nullopt;
}

/// Walks a payload with its Connect schema. Keeps the path of the value being converted so that
/// every error names it.
class SchemaWalker {
 public:
  explicit SchemaWalker(bool replace_null_with_default)
      : replace_null_with_default_(replace_null_with_default) {}

  Status walk(const Value& schema, const Value* payload, Value& out) {
    if (!schema.is_object()) return invalid_schema("expected an object");
    auto type_it = schema.find("type");
    if (type_it == schema.end() || !type_it->is_string()) return invalid_schema("no 'type'");
    const std::string& type = type_it->get_ref<const std::string&>();
    std::string_view name;
    if (auto n = schema.find("name"); n != schema.end() && n->is_string())
      name = n->get_ref<const std::string&>();

    if (payload == nullptr || payload->is_null()) {
      if (auto d = schema.find("default");
          replace_null_with_default_ && d != schema.end() && !d->is_null())
        return walk(schema, &*d, out);
      auto opt = schema.find("optional");
      if (opt != schema.end() && opt->is_boolean() && opt->get<bool>()) {
        out = nullptr;
        return Status::ok();
      }
      return fail("null in a required field of type " + describe(type, name));
    }
    const Value& p = *payload;

    if (type == "bytes" && name == kConnectDecimal) {
      auto params = schema.find("parameters");
      auto d = connect_decimal(p, params == schema.end() ? Value() : *params);
      if (!d) return fail(std::string(name) + ": " + d.error());
      out = std::move(d.value());
      return Status::ok();
    }

    Status st = base(type, schema, p, out);
    if (!st) return st;
    if (!name.empty()) {
      static const Value kNoParameters;
      auto params = schema.find("parameters");
      if (auto logical =
              apply_logical_type(name, out, params == schema.end() ? kNoParameters : *params)) {
        if (!*logical) return fail(std::string(name) + ": " + logical->error());
        out = std::move(logical->value());
      }
    }
    return Status::ok();
  }

  std::string path = "payload";

 private:
  bool replace_null_with_default_;

  Status base(const std::string& type, const Value& schema, const Value& p, Value& out) {
    if (auto range = int_range(type)) {
      if (is_raw_number(p) && raw_number_text(p).find_first_of(".eE") == std::string_view::npos)
        return fail(std::string(raw_number_text(p)) + " is out of range for " + type);
      if (!p.is_number_integer()) return expected("an integer (" + type + ")", p);
      if (p.is_number_unsigned()
              ? p.get<std::uint64_t>() > static_cast<std::uint64_t>(range->max)
              : (p.get<std::int64_t>() < range->min || p.get<std::int64_t>() > range->max))
        return fail(p.dump() + " is out of range for " + type);
      out = p.get<std::int64_t>();
      return Status::ok();
    }
    // Kafka writes "float" and "double"; "float32" / "float64" (Connect's Java names) are
    // accepted too.
    const bool float32 = type == "float" || type == "float32";
    if (float32 || type == "double" || type == "float64") {
      auto number = float32 ? connect_float32(p) : connect_float64(p);
      if (!number) {
        if (p.is_number() || is_raw_number(p)) return fail(number.error());
        return expected("a number (" + type + ")", p);
      }
      out = std::move(number.value());
      return Status::ok();
    }
    if (type == "boolean") {
      if (!p.is_boolean()) return expected("a boolean", p);
      out = p;
      return Status::ok();
    }
    if (type == "string") {
      if (!p.is_string()) return expected("a string", p);
      out = p;
      return Status::ok();
    }
    if (type == "bytes") {
      if (!p.is_string()) return expected("a base64 string (bytes)", p);
      if (auto decoded = base64_decode(p.get_ref<const std::string&>()); !decoded)
        return fail(decoded.error());
      out = p;  // bytes stay base64 text, as StarRocks loads them
      return Status::ok();
    }
    if (type == "array") return array(schema, p, out);
    if (type == "map") return map(schema, p, out);
    if (type == "struct") return structure(schema, p, out);
    return invalid_schema("unknown type '" + type + "'");
  }

  Status array(const Value& schema, const Value& p, Value& out) {
    auto items = schema.find("items");
    if (items == schema.end()) return invalid_schema("array without 'items'");
    if (!p.is_array()) return expected("an array", p);
    out = Value::array();
    auto& dst = out.get_ref<Value::array_t&>();
    dst.reserve(p.size());
    const std::size_t len = path.size();
    for (std::size_t i = 0; i < p.size(); ++i) {
      path += "[" + std::to_string(i) + "]";
      Value item;
      Status st = walk(*items, &p[i], item);
      if (!st) return st;
      dst.push_back(std::move(item));
      path.resize(len);
    }
    return Status::ok();
  }

  // Connect writes a map with string keys as an object, any other map as [[key, value], ...].
  Status map(const Value& schema, const Value& p, Value& out) {
    auto keys = schema.find("keys");
    auto values = schema.find("values");
    if (keys == schema.end() || values == schema.end())
      return invalid_schema("map without 'keys' and 'values'");
    // As Kafka: the key schema's type decides the form; the other form is refused.
    const bool string_keys =
        keys->is_object() && keys->contains("type") && (*keys)["type"] == "string";
    if (string_keys && !p.is_object()) return expected("an object (map with string keys)", p);
    if (!string_keys && !p.is_array())
      return expected("an array of [key, value] pairs (map with non-string keys)", p);
    out = Value::object();
    auto& dst = out.get_ref<Value::object_t&>();
    const std::size_t len = path.size();
    if (p.is_object()) {
      for (auto it = p.begin(); it != p.end(); ++it) {
        path += "[" + Value(it.key()).dump() + "]";
        Value v;
        Status st = walk(*values, &it.value(), v);
        if (!st) return st;
        dst.emplace(it.key(), Value()).first->second = std::move(v);
        path.resize(len);
      }
      return Status::ok();
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
      path += "[" + std::to_string(i) + "]";
      const Value& entry = p[i];
      if (!entry.is_array() || entry.size() != 2) return expected("a [key, value] pair", entry);
      Value k, v;
      path += "[0]";
      Status st = walk(*keys, &entry[0], k);
      if (!st) return st;
      path.resize(path.size() - 3);
      path += "[1]";
      st = walk(*values, &entry[1], v);
      if (!st) return st;
      // Object keys are text: a string key as it is, any other key as its JSON.
      dst.emplace(k.is_string() ? k.get<std::string>() : k.dump(), Value()).first->second =
          std::move(v);
      path.resize(len);
    }
    return Status::ok();
  }

  Status structure(const Value& schema, const Value& p, Value& out) {
    auto fields = schema.find("fields");
    if (fields == schema.end() || !fields->is_array())
      return invalid_schema("struct without 'fields'");
    if (!p.is_object()) return expected("an object (struct)", p);
    out = Value::object();
    auto& dst = out.get_ref<Value::object_t&>();
    const std::size_t len = path.size();
    for (const Value& field : *fields) {
      auto name = field.is_object() ? field.find("field") : field.end();
      if (!field.is_object() || name == field.end() || !name->is_string())
        return invalid_schema("a struct field without a 'field' name");
      const std::string& key = name->get_ref<const std::string&>();
      path += ".";
      path += key;
      auto found = p.find(key);
      Value v;
      Status st = walk(field, found == p.end() ? nullptr : &*found, v);
      if (!st) return st;
      dst.emplace(key, Value()).first->second = std::move(v);
      path.resize(len);
    }
    return Status::ok();
  }

  static std::string describe(const std::string& type, std::string_view name) {
    return name.empty() ? type : type + " (" + std::string(name) + ")";
  }
  Status fail(const std::string& message) const {
    return Status::bad_record(path + ": " + message);
  }
  Status expected(const std::string& what, const Value& got) const {
    return fail("expected " + what + ", got " + json_type_name(got));
  }
  Status invalid_schema(const std::string& message) const {
    return Status::bad_record(path + ": invalid schema: " + message);
  }
};

}  // namespace

Status read_envelope(Value&& document, Value& value, Value& schema,
                     const JsonConverterConfig& config) {
  if (!document.is_object() || document.size() != 2 || !document.contains("schema") ||
      !document.contains("payload"))
    return Status::bad_record(kNotAnEnvelope);
  Value& s = document["schema"];
  Value& payload = document["payload"];
  if (s.is_null()) {
    resolve_raw_numbers(payload);
    value = std::move(payload);
    schema = nullptr;
    return Status::ok();
  }
  SchemaWalker walker(config.replace_null_with_default);
  Status st = walker.walk(s, &payload, value);
  if (!st) {
    value = nullptr;
    return st;
  }
  resolve_raw_numbers(s);  // defaults may hold numbers kept as text
  schema = std::move(s);
  return Status::ok();
}

}  // namespace sluice::json_converter
