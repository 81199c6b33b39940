// hoist_field: Kafka's HoistField — the key/value is wrapped into an object with one field.
#include <memory>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

class HoistField final : public ConnectTransform {
 public:
  HoistField(Target target, std::string field, Predicate p)
      : ConnectTransform("hoist_field", std::move(p)), target_(target), field_(std::move(field)) {}

 protected:
  sluice::Status transform(Record& record) override {
    // As Kafka, null is wrapped too: {"field": null}.
    Value& v = operand(record, target_);
    Value wrapped = Value::object();
    wrapped[field_] = std::move(v);
    v = std::move(wrapped);
    Value& schema = operand_schema(record, target_);
    if (!schema.is_null()) {
      Value field_schema = std::move(schema);
      field_schema["field"] = field_;
      schema = Value{{"type", "struct"},
                     {"fields", Value::array({std::move(field_schema)})},
                     {"optional", false}};
    }
    return sluice::Status::ok();
  }

 private:
  Target target_;
  std::string field_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("field", OptionType::string, "Name of the single field").mandatory());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor hoist_field_plugin() {
  return {"hoist_field", "1.0.0", "Kafka HoistField: wraps the key/value into {field: ...}",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<HoistField>(parse_target(ctx.options),
                                                ctx.options.get_string("field"),
                                                Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
