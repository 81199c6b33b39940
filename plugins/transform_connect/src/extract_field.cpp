// extract_field: Kafka's ExtractField — the key/value becomes one of its fields.
#include <memory>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

class ExtractField final : public ConnectTransform {
 public:
  ExtractField(Target target, std::string field, Predicate p)
      : ConnectTransform("extract_field", std::move(p)),
        target_(target),
        field_(std::move(field)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, target_);
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(target_)); !st) return st;
    Value& schema = operand_schema(record, target_);
    Value field_schema = nullptr;
    if (schema.is_object() && schema.contains("fields") && schema["fields"].is_array())
      for (const auto& f : schema["fields"])
        if (f.is_object() && f.value("field", "") == field_) field_schema = f;
    if (field_schema.is_object()) field_schema.erase("field");
    const Value* found = find_field(v, field_);
    // A missing field gives null, as Kafka schemaless.
    Value extracted = found ? *found : Value(nullptr);
    v = std::move(extracted);
    schema = std::move(field_schema);
    return sluice::Status::ok();
  }

 private:
  Target target_;
  std::string field_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("field", OptionType::string, "Field to extract").mandatory());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor extract_field_plugin() {
  return {"extract_field", "1.0.0", "Kafka ExtractField: the key/value becomes one of its fields",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<ExtractField>(parse_target(ctx.options),
                                                  ctx.options.get_string("field"),
                                                  Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
