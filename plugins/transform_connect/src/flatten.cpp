// flatten: Kafka's Flatten — nested objects become "parent<delimiter>child" fields.
#include <memory>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

class Flatten final : public ConnectTransform {
 public:
  Flatten(Target target, std::string delimiter, Predicate p)
      : ConnectTransform("flatten", std::move(p)),
        target_(target),
        delimiter_(std::move(delimiter)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, target_);
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(target_)); !st) return st;
    Value out = Value::object();
    flatten_into(out, "", v);
    v = std::move(out);
    operand_schema(record, target_) = nullptr;
    return sluice::Status::ok();
  }

 private:
  /// Arrays, primitives and nulls are leaves; an empty nested object leaves nothing.
  void flatten_into(Value& out, const std::string& prefix, Value& object) const {
    for (auto& [key, field] : object.items()) {
      std::string name = prefix.empty() ? key : prefix + delimiter_ + key;
      if (field.is_object())
        flatten_into(out, name, field);
      else
        out[name] = std::move(field);
    }
  }

  Target target_;
  std::string delimiter_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("delimiter", OptionType::string,
                         "Put between the names of a parent and a child field")
                  .with_default("."));
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor flatten_plugin() {
  return {"flatten", "1.0.0", "Kafka Flatten: nested objects become parent.child fields", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<Flatten>(parse_target(ctx.options),
                                             ctx.options.get_string("delimiter"),
                                             Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
