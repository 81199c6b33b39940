// insert_field: Kafka's InsertField — adds the record's topic, partition, offset, timestamp and a
// static value as fields.
#include <memory>
#include <optional>

#include "civil_time.hpp"
#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
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
    const bool structured = schema.is_object() && schema.value("type", "") == "struct";
    Value* fields = structured && schema.contains("fields") && schema["fields"].is_array()
                        ? &schema["fields"]
                        : nullptr;
    auto put = [&](const InsertSpec& spec, Value field_value, Value field_schema) {
      v[spec.name] = std::move(field_value);
      if (fields) fields->push_back(std::move(field_schema));
    };
    if (c_.topic) put(*c_.topic, effective_topic(record), schema_field(*c_.topic, "string"));
    if (c_.partition) put(*c_.partition, record.partition, schema_field(*c_.partition, "int32"));
    if (c_.offset) put(*c_.offset, record.offset, schema_field(*c_.offset, "int64"));
    // A message without a timestamp gets no timestamp field, as in Kafka.
    if (c_.timestamp && record.timestamp_ms >= 0)
      put(*c_.timestamp,
          structured && record.timestamp_ms <= kMaxMicros / 1000
              ? Value(format_timestamp(record.timestamp_ms * 1000))
              : Value(record.timestamp_ms),
          schema_field(*c_.timestamp, "int64", "org.apache.kafka.connect.data.Timestamp"));
    if (c_.static_field)
      put(*c_.static_field, c_.static_value ? Value(*c_.static_value) : Value(nullptr),
          schema_field(*c_.static_field, "string"));
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
  s.push_back(OptionSpec("static.value", OptionType::string, "The static value (null when unset)"));
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
            return std::make_unique<InsertField>(std::move(c), Predicate::parse(o));
          })};
}

}  // namespace sluice_connect
