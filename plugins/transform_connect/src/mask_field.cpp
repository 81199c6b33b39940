// mask_field: Kafka's MaskField — replaces fields with their type's empty value or a replacement.
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

struct MaskFieldConfig {
  Target target = Target::value;
  std::vector<std::string> fields;
  std::optional<std::string> replacement;
};

class MaskField final : public ConnectTransform {
 public:
  MaskField(MaskFieldConfig c, Predicate p)
      : ConnectTransform("mask_field", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    Value updated = v;
    for (const auto& field : c_.fields) {
      auto it = updated.find(field);
      if (it == updated.end() || it->is_null()) continue;  // nothing to hide
      auto st = c_.replacement ? replace(*it, field) : empty(*it);
      if (!st) return st;
    }
    v = std::move(updated);
    return sluice::Status::ok();
  }

 private:
  /// The empty value of the field's type: 0, false, "", [] or {}.
  static sluice::Status empty(Value& v) {
    if (v.is_number_float())
      v = 0.0;
    else if (v.is_number())
      v = 0;
    else if (v.is_boolean())
      v = false;
    else if (v.is_string())
      v = "";
    else if (v.is_array())
      v = Value::array();
    else
      v = Value::object();
    return sluice::Status::ok();
  }

  /// `replacement` converted to the field's type, as Kafka does.
  sluice::Status replace(Value& v, const std::string& field) const {
    const std::string& r = *c_.replacement;
    if (v.is_string()) {
      v = r;
    } else if (v.is_boolean()) {
      std::string lower = r;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      v = lower == "true";  // Java's Boolean.parseBoolean
    } else if (v.is_number_integer()) {
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(r.data(), r.data() + r.size(), n);
      if (ec != std::errc() || p != r.data() + r.size())
        return bad("field '" + field + "': replacement \"" + r + "\" is not an integer");
      v = n;
    } else if (v.is_number_float()) {
      char* end = nullptr;
      const double d = std::strtod(r.c_str(), &end);
      if (r.empty() || end != r.c_str() + r.size() || !std::isfinite(d))
        return bad("field '" + field + "': replacement \"" + r + "\" is not a number");
      v = d;
    } else {
      return bad("field '" + field + "': cannot mask " + type_name(v) + " with a replacement");
    }
    return sluice::Status::ok();
  }

  MaskFieldConfig c_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("fields", OptionType::string_list, "Fields to mask").mandatory());
  s.push_back(OptionSpec("replacement", OptionType::string,
                         "Replacement, converted to the field's type; unset: the type's empty "
                         "value (0, false, \"\", [], {})"));
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor mask_field_plugin() {
  return {"mask_field", "1.0.0",
          "Kafka MaskField: fields become their type's empty value or a replacement", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            const auto& o = ctx.options;
            MaskFieldConfig c;
            c.target = parse_target(o);
            c.fields = o.get_list("fields");
            if (c.fields.empty()) throw std::invalid_argument("option 'fields' is empty");
            if (o.has("replacement")) {
              c.replacement = o.get_string("replacement");
              if (c.replacement->empty())
                throw std::invalid_argument("option 'replacement' must not be empty");
            }
            return std::make_unique<MaskField>(std::move(c), Predicate::parse(o));
          })};
}

}  // namespace sluice_connect
