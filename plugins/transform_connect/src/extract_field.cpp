// extract_field: Kafka's ExtractField — the key/value becomes one of its fields.
#include <memory>

#include "connect_schema.hpp"
#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "nested_path.hpp"
#include "schema_default.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

class ExtractField final : public ConnectTransform {
 public:
  ExtractField(Target target, std::string field, std::vector<std::string> steps, bool replace_null,
               Predicate p)
      : ConnectTransform("extract_field", std::move(p)),
        target_(target),
        field_(std::move(field)),
        steps_(std::move(steps)),
        replace_null_(replace_null) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, target_);
    Value& schema = operand_schema(record, target_);
    if (schema.is_null()) {
      if (v.is_null()) return sluice::Status::ok();
      if (auto st = require_object(v, name(), target_name(target_)); !st) return st;
      // A missing field (or a missing/null parent) gives null, as Kafka.
      const Value* at = &v;
      for (std::size_t i = 0; i + 1 < steps_.size() && at != nullptr; ++i) {
        at = find_field(*at, steps_[i]);
        if (at != nullptr && at->is_null()) at = nullptr;
        if (at != nullptr && !at->is_object())
          return bad("field '" + steps_[i] + "' on the path '" + field_ + "' is " + type_name(*at) +
                     ", not an object");
      }
      const Value* found = at ? find_field(*at, steps_.back()) : nullptr;
      v = found ? Value(*found) : Value(nullptr);
      return sluice::Status::ok();
    }
    // With a schema, the field must be in it (even for a null key/value), as Kafka.
    const Value* fs = &schema;
    for (const auto& step : steps_)
      fs = fs != nullptr && schema_type(fs) == "struct" ? field_schema(*fs, step) : nullptr;
    if (fs == nullptr)
      return bad("unknown field: " + field_ + " (not in the " + target_name(target_) + " schema)");
    if (!v.is_null()) {
      if (auto st = require_object(v, name(), target_name(target_)); !st) return st;
      const Value* at = &v;
      for (std::size_t i = 0; i + 1 < steps_.size() && at != nullptr; ++i) {
        at = find_field(*at, steps_[i]);
        if (at != nullptr && !at->is_object()) at = nullptr;  // a null nested Struct
      }
      v = at ? read_field(find_field(*at, steps_.back()), fs, replace_null_) : Value(nullptr);
    }
    Value extracted_schema = *fs;
    extracted_schema.erase("field");
    schema = std::move(extracted_schema);
    return sluice::Status::ok();
  }

 private:
  Target target_;
  std::string field_;
  std::vector<std::string> steps_;
  bool replace_null_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("field", OptionType::string, "Field to extract").mandatory());
  s.push_back(field_syntax_option_spec());
  s.push_back(replace_null_option_spec());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor extract_field_plugin() {
  return {"extract_field", "1.0.0", "Kafka ExtractField: the key/value becomes one of its fields",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            std::string field = ctx.options.get_string("field");
            auto steps = field_path_steps(ctx.options, field, "field");
            if (steps.empty()) throw std::invalid_argument("option 'field' is empty");
            return std::make_unique<ExtractField>(parse_target(ctx.options), std::move(field),
                                                  std::move(steps), parse_replace_null(ctx.options),
                                                  Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
