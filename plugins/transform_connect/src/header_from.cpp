// header_from: Kafka's HeaderFrom — copies or moves fields into headers.
#include <memory>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

struct HeaderFromConfig {
  Target target = Target::value;
  std::vector<std::string> fields, headers;
  bool move = false;
};

class HeaderFrom final : public ConnectTransform {
 public:
  HeaderFrom(HeaderFromConfig c, Predicate p)
      : ConnectTransform("header_from", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    for (std::size_t i = 0; i < c_.fields.size(); ++i) {
      const Value* f = find_field(v, c_.fields[i]);
      sluice::Header h{c_.headers[i], std::nullopt};
      // Strings as they are; numbers, booleans, objects and arrays as JSON text; missing or null
      // fields give a null header, as Kafka's.
      if (f && f->is_string())
        h.value = f->get<std::string>();
      else if (f && !f->is_null())
        h.value = f->dump();
      record.headers.push_back(std::move(h));  // added, as Kafka's Headers.add
    }
    if (c_.move) {
      for (const auto& field : c_.fields) v.erase(field);
      operand_schema(record, c_.target) = nullptr;
    }
    return sluice::Status::ok();
  }

 private:
  HeaderFromConfig c_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("fields", OptionType::string_list, "Fields to read").mandatory());
  s.push_back(OptionSpec("headers", OptionType::string_list,
                         "Header names, one per field, in the same order")
                  .mandatory());
  s.push_back(OptionSpec("operation", OptionType::string,
                         "copy (the field stays) or move (the field is removed)")
                  .mandatory()
                  .one_of({"copy", "move"}));
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor header_from_plugin() {
  return {"header_from", "1.0.0", "Kafka HeaderFrom: copies or moves fields into headers", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            const auto& o = ctx.options;
            HeaderFromConfig c;
            c.target = parse_target(o);
            c.fields = o.get_list("fields");
            c.headers = o.get_list("headers");
            if (c.fields.empty()) throw std::invalid_argument("option 'fields' is empty");
            if (c.fields.size() != c.headers.size())
              throw std::invalid_argument(
                  "options 'fields' and 'headers' must have the same "
                  "number of entries (" +
                  std::to_string(c.fields.size()) + " and " + std::to_string(c.headers.size()) +
                  ")");
            c.move = o.get_string("operation") == "move";
            return std::make_unique<HeaderFrom>(std::move(c), Predicate::parse(o));
          })};
}

}  // namespace sluice_connect
