// value_to_key: Kafka's ValueToKey — the key becomes an object of fields copied from the value.
#include <memory>

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

class ValueToKey final : public ConnectTransform {
 public:
  ValueToKey(std::vector<std::string> fields, bool replace_null, Predicate p)
      : ConnectTransform("value_to_key", std::move(p)),
        fields_(std::move(fields)),
        replace_null_(replace_null) {}

 protected:
  sluice::Status transform(Record& record) override {
    // As Kafka, a tombstone is an error here; skip tombstones with
    // predicate = "record_is_tombstone", negate = true.
    if (auto st = require_object(record.value, name(), "value"); !st) return st;
    const Value& schema = record.value_schema;
    const bool with_schema = schema_type(&schema) == "struct";
    Value key = Value::object();
    Value key_fields = Value::array();
    for (const auto& f : fields_) {
      const Value* v = find_field(record.value, f);
      if (!with_schema) {
        key[f] = v ? *v : Value(nullptr);  // a missing field gives null, as Kafka schemaless
        continue;
      }
      const Value* fs = field_schema(schema, f);
      if (fs == nullptr) return bad("field does not exist: " + f + " (not in the value's schema)");
      key[f] = read_field(v, fs, replace_null_);
      key_fields.push_back(*fs);
    }
    record.key = std::move(key);
    record.key_schema =
        with_schema
            ? Value{{"type", "struct"}, {"fields", std::move(key_fields)}, {"optional", false}}
            : Value(nullptr);
    return sluice::Status::ok();
  }

 private:
  std::vector<std::string> fields_;
  bool replace_null_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("fields", OptionType::string_list,
                         "Value fields copied into the new key, in this order")
                  .mandatory());
  s.push_back(replace_null_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor value_to_key_plugin() {
  return {"value_to_key", "1.0.0", "Kafka ValueToKey: the key becomes fields of the value", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            auto fields = ctx.options.get_list("fields");
            if (fields.empty()) throw std::invalid_argument("option 'fields' is empty");
            return std::make_unique<ValueToKey>(std::move(fields), parse_replace_null(ctx.options),
                                                Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
