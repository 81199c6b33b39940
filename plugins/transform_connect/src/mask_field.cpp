// mask_field: Kafka's MaskField — fields become their type's empty value or a replacement.
// The type is the field's Connect schema when the record carries a Struct schema (Kafka's
// schema-ful path), else the JSON type of the value (Kafka's schemaless path).
#include <cmath>
#include <memory>
#include <optional>

#include "connect_schema.hpp"
#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "java_decimal.hpp"
#include "schema_default.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

/// The Java class Kafka's MaskField would see for a field.
enum class Kind {
  int8,
  int16,
  int32,
  int64,
  float32,
  float64,
  boolean,
  string,
  decimal,
  date,
  time,
  timestamp,
  array,
  map,
  structure,
  bytes
};

const char* kind_name(Kind k) noexcept {
  switch (k) {
    case Kind::int8:
      return "int8";
    case Kind::int16:
      return "int16";
    case Kind::int32:
      return "int32";
    case Kind::int64:
      return "int64";
    case Kind::float32:
      return "float32";
    case Kind::float64:
      return "float64";
    case Kind::boolean:
      return "boolean";
    case Kind::string:
      return "string";
    case Kind::decimal:
      return "Decimal";
    case Kind::date:
      return "Date";
    case Kind::time:
      return "Time";
    case Kind::timestamp:
      return "Timestamp";
    case Kind::array:
      return "array";
    case Kind::map:
      return "map";
    case Kind::structure:
      return "struct";
    case Kind::bytes:
      return "bytes";
  }
  return "?";
}

Kind kind_of_json(const Value& v) {
  if (v.is_number_float()) return Kind::float64;
  if (v.is_number()) return Kind::int64;
  if (v.is_boolean()) return Kind::boolean;
  if (v.is_string()) return Kind::string;
  if (v.is_array()) return Kind::array;
  return Kind::map;
}

/// From the field's Connect schema; the JSON type when there is none or it is unknown.
Kind kind_of(const Value* schema, const Value& v) {
  switch (logical_of(schema)) {
    case Logical::decimal:
      return Kind::decimal;
    case Logical::date:
      return Kind::date;
    case Logical::time:
      return Kind::time;
    case Logical::timestamp:
      return Kind::timestamp;
    case Logical::none:
      break;
  }
  const std::string_view t = schema_type(schema);
  if (t == "int8") return Kind::int8;
  if (t == "int16") return Kind::int16;
  if (t == "int32") return Kind::int32;
  if (t == "int64") return Kind::int64;
  if (t == "float" || t == "float32") return Kind::float32;
  if (t == "double" || t == "float64") return Kind::float64;
  if (t == "boolean") return Kind::boolean;
  if (t == "string") return Kind::string;
  if (t == "bytes") return Kind::bytes;
  if (t == "array") return Kind::array;
  if (t == "map") return Kind::map;
  if (t == "struct") return Kind::structure;
  return kind_of_json(v);
}

/// Java's narrowing of a long to the field's integer width (Values.convertToByte & co.).
std::int64_t narrow(std::int64_t n, Kind k) {
  switch (k) {
    case Kind::int8:
      return static_cast<std::int8_t>(n);
    case Kind::int16:
      return static_cast<std::int16_t>(n);
    case Kind::int32:
      return static_cast<std::int32_t>(n);
    default:
      return n;
  }
}

struct MaskFieldConfig {
  Target target = Target::value;
  std::vector<std::string> fields;
  std::optional<std::string> replacement;
  std::optional<JavaDecimal> replacement_number;  ///< the replacement read as a BigDecimal
  bool replace_null = true;
};

class MaskField final : public ConnectTransform {
 public:
  MaskField(MaskFieldConfig c, Predicate p)
      : ConnectTransform("mask_field", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    const Value& schema = operand_schema(record, c_.target);
    const bool with_schema = schema_type(&schema) == "struct";
    Value updated = v;
    // Kafka copies the Struct with Struct.get: a null field with a default reads as the default.
    if (with_schema) put_struct_defaults(updated, schema, c_.replace_null);
    for (const auto& field : c_.fields) {
      auto it = updated.find(field);
      if (it == updated.end()) {
        // Kafka's schemaless path puts the masked (null) value of a missing field.
        if (!with_schema) updated[field] = nullptr;
        continue;
      }
      if (it->is_null()) continue;  // null stays null
      const Kind kind = kind_of(with_schema ? field_schema(schema, field) : nullptr, *it);
      auto st = c_.replacement ? replace(*it, kind, field) : empty(*it, kind, field);
      if (!st) return st;
    }
    v = std::move(updated);
    return sluice::Status::ok();
  }

 private:
  /// Kafka's per-type mask, in sluice's text forms for the logical types.
  sluice::Status empty(Value& v, Kind kind, const std::string& field) const {
    switch (kind) {
      case Kind::int8:
      case Kind::int16:
      case Kind::int32:
      case Kind::int64:
        v = 0;
        break;
      case Kind::float32:
      case Kind::float64:
        v = 0.0;
        break;
      case Kind::boolean:
        v = false;
        break;
      case Kind::string:
        v = "";
        break;
      case Kind::decimal:
        v = "0";
        break;  // BigDecimal.ZERO
      case Kind::date:
        v = "1970-01-01";
        break;  // new Date(0) as each type
      case Kind::time:
        v = "00:00:00";
        break;
      case Kind::timestamp:
        v = "1970-01-01 00:00:00";
        break;
      case Kind::array:
        v = Value::array();
        break;
      case Kind::map:
        v = Value::object();
        break;
      case Kind::structure:
      case Kind::bytes:
        return bad("field '" + field + "': cannot mask a value of type " + kind_name(kind) +
                   " (Kafka has no empty value for it)");
    }
    return sluice::Status::ok();
  }

  /// `replacement` converted to the field's type, as Kafka does: only numbers and strings.
  sluice::Status replace(Value& v, Kind kind, const std::string& field) const {
    const std::string& r = *c_.replacement;
    const auto not_number = [&] {
      return bad("field '" + field + "' (" + kind_name(kind) + "): replacement \"" + r +
                 "\" is not a number");
    };
    switch (kind) {
      case Kind::string:
        v = r;
        return sluice::Status::ok();
      case Kind::int8:
      case Kind::int16:
      case Kind::int32:
      case Kind::int64:
        if (!c_.replacement_number) return not_number();
        v = narrow(java_long_value(*c_.replacement_number), kind);
        return sluice::Status::ok();
      case Kind::float32:
      case Kind::float64: {
        if (!c_.replacement_number) return not_number();
        double d = java_double_value(*c_.replacement_number);
        if (kind == Kind::float32) d = as_float32(d);
        if (!std::isfinite(d))
          return bad("field '" + field + "' (" + kind_name(kind) + "): replacement \"" + r +
                     "\" is out of range (Java gives Infinity, which JSON cannot hold)");
        v = d;
        return sluice::Status::ok();
      }
      case Kind::decimal:
        if (!c_.replacement_number) return not_number();
        v = java_plain_string(*c_.replacement_number);
        return sluice::Status::ok();
      default:
        return bad("field '" + field + "': cannot mask a value of type " + kind_name(kind) +
                   " with a replacement (Kafka applies 'replacement' to numeric and string "
                   "fields only)");
    }
  }

  MaskFieldConfig c_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("fields", OptionType::string_list, "Fields to mask").mandatory());
  s.push_back(OptionSpec("replacement", OptionType::string,
                         "Replacement for numeric and string fields, converted to the field's "
                         "type; unset: the type's empty value (0, false, \"\", epoch, [], {})"));
  s.push_back(replace_null_option_spec());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor mask_field_plugin() {
  return {"mask_field", "1.0.0",
          "Kafka MaskField: fields become their type's empty value or a replacement", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            const auto& o = ctx.options;
            MaskFieldConfig c;
            c.target = parse_target(o);
            c.fields = o.get_list("fields");
            if (c.fields.empty()) throw std::invalid_argument("option 'fields' is empty");
            if (o.has("replacement")) {
              c.replacement = o.get_string("replacement");
              if (c.replacement->empty())
                throw std::invalid_argument("option 'replacement' must not be empty");
              c.replacement_number = parse_java_decimal(*c.replacement);
            }
            c.replace_null = parse_replace_null(o);
            return std::make_unique<MaskField>(std::move(c), Predicate::parse(o));
          })};
}

}  // namespace sluice_connect
