// value_to_key: Kafka's ValueToKey — the key becomes an object of fields copied from the value.
#include <memory>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

class ValueToKey final : public ConnectTransform {
 public:
  ValueToKey(std::vector<std::string> fields, Predicate p)
      : ConnectTransform("value_to_key", std::move(p)), fields_(std::move(fields)) {}

 protected:
  sluice::Status transform(Record& record) override {
    // As Kafka, a tombstone is an error here; skip tombstones with
    // predicate = "record_is_tombstone", negate = true.
    if (auto st = require_object(record.value, name(), "value"); !st) return st;
    Value key = Value::object();
    for (const auto& f : fields_) {
      const Value* v = find_field(record.value, f);
      key[f] = v ? *v : Value(nullptr);  // a missing field gives null, as Kafka schemaless
    }
    record.key = std::move(key);
    record.key_schema = nullptr;
    return sluice::Status::ok();
  }

 private:
  std::vector<std::string> fields_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("fields", OptionType::string_list,
                         "Value fields copied into the new key, in this order")
                  .mandatory());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor value_to_key_plugin() {
  return {"value_to_key", "1.0.0", "Kafka ValueToKey: the key becomes fields of the value", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            auto fields = ctx.options.get_list("fields");
            if (fields.empty()) throw std::invalid_argument("option 'fields' is empty");
            return std::make_unique<ValueToKey>(std::move(fields), Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
