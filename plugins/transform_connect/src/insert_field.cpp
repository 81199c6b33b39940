// insert_field: Kafka's InsertField — adds the record's topic, partition, offset, timestamp and a
// static value as fields.
#include <memory>
#include <optional>

#include "civil_time.hpp"
#include "connect_schema.hpp"
#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "schema_default.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

/// A field to insert. Kafka's suffixes: "name!" required, "name?" optional (the default); they
/// only matter for the schema.
struct InsertSpec {
  std::string name;
  bool required = false;
};

struct InsertFieldConfig {
  Target target = Target::value;
  std::optional<InsertSpec> topic, partition, offset, timestamp, static_field;
  std::optional<std::string> static_value;
  bool replace_null = true;
};

std::optional<InsertSpec> field_option(const sluice::Options& o, const char* option) {
  std::string name = o.get_string_or(option, "");
  if (name.empty()) return std::nullopt;
  InsertSpec spec;
  if (name.back() == '!' || name.back() == '?') {
    spec.required = name.back() == '!';
    name.pop_back();
  }
  if (name.empty()) throw std::invalid_argument(std::string("option '") + option + "' is empty");
  spec.name = std::move(name);
  return spec;
}

Value schema_field(const InsertSpec& spec, const char* type, const char* logical = nullptr) {
  Value f = Value::object();
  f["type"] = type;
  f["optional"] = !spec.required;
  if (logical) {
    f["name"] = logical;
    f["version"] = 1;
  }
  f["field"] = spec.name;
  return f;
}

bool field_schema_of(const Value& fields, const std::string& name) {
  for (const auto& f : fields)
    if (f.is_object() && f.value("field", std::string()) == name) return true;
  return false;
}

class InsertField final : public ConnectTransform {
 public:
  InsertField(InsertFieldConfig c, Predicate p)
      : ConnectTransform("insert_field", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    // Tombstones (and null keys) pass unchanged, as in Kafka.
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    Value& schema = operand_schema(record, c_.target);
    // With a Struct schema Kafka inserts a Timestamp (a date-time in sluice); schemaless, the
    // epoch milliseconds.
    const bool structured = schema_type(&schema) == "struct";
    Value* fields = structured && schema.contains("fields") && schema["fields"].is_array()
                        ? &schema["fields"]
                        : nullptr;
    Value updated = v;
    Value updated_fields = fields ? *fields : Value::array();
    // Kafka copies the Struct with Struct.get: a null field with a default reads as the default.
    if (fields) put_struct_defaults(updated, schema, c_.replace_null);
    std::string error;
    // Schemaless a field is put (overwriting one of the same name); with a Struct schema the
    // field is added to the schema, always, and a name the Struct has is an error, as Kafka.
    auto put = [&](const InsertSpec& spec, std::optional<Value> field_value, Value field_schema) {
      if (!error.empty()) return;
      if (!fields) {
        if (field_value) updated[spec.name] = std::move(*field_value);
        return;
      }
      if (field_schema_of(updated_fields, spec.name)) {
        error =
            "field '" + spec.name + "' is already in the Struct (Kafka: field name duplication)";
        return;
      }
      if (!field_value && spec.required) {
        error = "required field '" + spec.name + "!' has no value (the message has no timestamp)";
        return;
      }
      updated[spec.name] = field_value ? std::move(*field_value) : Value(nullptr);
      updated_fields.push_back(std::move(field_schema));
    };
    if (c_.topic) put(*c_.topic, Value(effective_topic(record)), schema_field(*c_.topic, "string"));
    if (c_.partition)
      put(*c_.partition, Value(record.partition), schema_field(*c_.partition, "int32"));
    if (c_.offset) put(*c_.offset, Value(record.offset), schema_field(*c_.offset, "int64"));
    // A message without a timestamp gets no timestamp (schemaless: no field), as in Kafka.
    if (c_.timestamp) {
      std::optional<Value> ts;
      if (record.timestamp_ms >= 0)
        ts = structured && record.timestamp_ms <= kMaxMicros / 1000
                 ? Value(format_timestamp(record.timestamp_ms * 1000))
                 : Value(record.timestamp_ms);
      put(*c_.timestamp, std::move(ts),
          schema_field(*c_.timestamp, "int64", "org.apache.kafka.connect.data.Timestamp"));
    }
    if (c_.static_field)
      put(*c_.static_field, Value(*c_.static_value), schema_field(*c_.static_field, "string"));
    if (!error.empty()) return bad(error);
    v = std::move(updated);
    if (fields) *fields = std::move(updated_fields);
    return sluice::Status::ok();
  }

 private:
  InsertFieldConfig c_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("topic.field", OptionType::string,
                         "Field for the topic (after any router); suffix ! or ? as in Kafka"));
  s.push_back(OptionSpec("partition.field", OptionType::string, "Field for the partition"));
  s.push_back(OptionSpec("offset.field", OptionType::string, "Field for the offset"));
  s.push_back(OptionSpec("timestamp.field", OptionType::string,
                         "Field for the Kafka timestamp: epoch milliseconds, or a "
                         "\"YYYY-MM-DD HH:MM:SS.ffffff\" timestamp when the record has a Struct "
                         "schema; not added when the message has none"));
  s.push_back(OptionSpec("static.field", OptionType::string, "Field for a static value"));
  s.push_back(
      OptionSpec("static.value", OptionType::string, "The static value (needs static.field)"));
  s.push_back(replace_null_option_spec());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor insert_field_plugin() {
  return {"insert_field", "1.0.0",
          "Kafka InsertField: adds topic, partition, offset, timestamp and a static value as "
          "fields",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            const auto& o = ctx.options;
            InsertFieldConfig c;
            c.target = parse_target(o);
            c.topic = field_option(o, "topic.field");
            c.partition = field_option(o, "partition.field");
            c.offset = field_option(o, "offset.field");
            c.timestamp = field_option(o, "timestamp.field");
            c.static_field = field_option(o, "static.field");
            if (o.has("static.value")) c.static_value = o.get_string("static.value");
            if (c.static_value && !c.static_field)
              throw std::invalid_argument("option 'static.value' needs option 'static.field'");
            if (c.static_field && !c.static_value)
              throw std::invalid_argument(
                  "option 'static.value' is required with 'static.field' "
                  "(no value for static field '" +
                  c.static_field->name + "')");
            if (!c.topic && !c.partition && !c.offset && !c.timestamp && !c.static_field)
              throw std::invalid_argument(
                  "no field to insert: set topic.field, partition.field, offset.field, "
                  "timestamp.field or static.field");
            c.replace_null = parse_replace_null(o);
            return std::make_unique<InsertField>(std::move(c), Predicate::parse(o));
          })};
}

}  // namespace sluice_connect
