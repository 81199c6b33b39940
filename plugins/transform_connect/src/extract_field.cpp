// extract_field: Kafka's ExtractField — the key/value becomes one of its fields.
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

class ExtractField final : public ConnectTransform {
 public:
  ExtractField(Target target, std::string field, bool replace_null, Predicate p)
      : ConnectTransform("extract_field", std::move(p)),
        target_(target),
        field_(std::move(field)),
        replace_null_(replace_null) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, target_);
    Value& schema = operand_schema(record, target_);
    if (schema.is_null()) {
      if (v.is_null()) return sluice::Status::ok();
      if (auto st = require_object(v, name(), target_name(target_)); !st) return st;
      const Value* found = find_field(v, field_);
      v = found ? Value(*found) : Value(nullptr);  // a missing field gives null, as Kafka
      return sluice::Status::ok();
    }
    // With a schema, the field must be in it (even for a null key/value), as Kafka.
    const Value* fs = schema_type(&schema) == "struct" ? field_schema(schema, field_) : nullptr;
    if (fs == nullptr)
      return bad("unknown field: " + field_ + " (not in the " + target_name(target_) + " schema)");
    if (!v.is_null()) {
      if (auto st = require_object(v, name(), target_name(target_)); !st) return st;
      v = read_field(find_field(v, field_), fs, replace_null_);
    }
    Value extracted_schema = *fs;
    extracted_schema.erase("field");
    schema = std::move(extracted_schema);
    return sluice::Status::ok();
  }

 private:
  Target target_;
  std::string field_;
  bool replace_null_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("field", OptionType::string, "Field to extract").mandatory());
  s.push_back(replace_null_option_spec());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor extract_field_plugin() {
  return {"extract_field", "1.0.0", "Kafka ExtractField: the key/value becomes one of its fields",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<ExtractField>(
                parse_target(ctx.options), ctx.options.get_string("field"),
                parse_replace_null(ctx.options), Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
