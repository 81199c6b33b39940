// replace_field: Kafka's ReplaceField — keeps (include), drops (exclude) and renames fields.
#include <algorithm>
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

struct ReplaceFieldConfig {
  Target target = Target::value;
  std::vector<std::string> include, exclude;
  std::vector<std::pair<std::string, std::string>> renames;
  bool replace_null = true;
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class ReplaceField final : public ConnectTransform {
 public:
  ReplaceField(ReplaceFieldConfig c, Predicate p)
      : ConnectTransform("replace_field", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    if (v.is_null()) return sluice::Status::ok();  // a tombstone keeps its schema, as Kafka
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    Value& schema = operand_schema(record, c_.target);
    if (schema_type(&schema) == "struct") return with_schema(v, schema);
    Value out = Value::object();
    for (auto& [key, field] : v.items())
      if (kept(key)) out[renamed(key)] = std::move(field);
    v = std::move(out);
    schema = nullptr;
    return sluice::Status::ok();
  }

  /// Kafka's schema-ful path: the Struct schema's fields, filtered and renamed, and a null field
  /// with a default reads as the default (replace.null.with.default).
  sluice::Status with_schema(Value& v, Value& schema) const {
    Value out = Value::object();
    Value fields = Value::array();
    if (auto f = schema.find("fields"); f != schema.end() && f->is_array())
      for (const auto& fs : *f) {
        const std::string key = fs.value("field", std::string());
        if (!kept(key)) continue;
        const std::string& to = renamed(key);
        if (out.contains(to))
          return bad("two fields would be named '" + to + "' (Kafka: field name duplication)");
        out[to] = read_field(find_field(v, key), &fs, c_.replace_null);
        Value renamed_schema = fs;
        renamed_schema["field"] = to;
        fields.push_back(std::move(renamed_schema));
      }
    v = std::move(out);
    schema["fields"] = std::move(fields);
    return sluice::Status::ok();
  }

 private:
  bool kept(const std::string& key) const {
    return !contains(c_.exclude, key) && (c_.include.empty() || contains(c_.include, key));
  }
  const std::string& renamed(const std::string& key) const {
    for (const auto& [from, to] : c_.renames)
      if (from == key) return to;
    return key;
  }
  ReplaceFieldConfig c_;
};

/// A Kafka 3.x option or its pre-3.0 alias (whitelist/blacklist), not both.
std::vector<std::string> list_or_alias(const sluice::Options& o, const char* name,
                                       const char* alias) {
  if (o.has(name) && o.has(alias))
    throw std::invalid_argument(std::string("options '") + name + "' and '" + alias +
                                "' are the same; give one");
  if (o.has(name)) return o.get_list(name);
  if (o.has(alias)) return o.get_list(alias);
  return {};
}

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("include", OptionType::string_list,
                         "Fields to keep; empty: all (Kafka 3 name; `whitelist` before)"));
  s.push_back(OptionSpec("exclude", OptionType::string_list,
                         "Fields to drop; wins over include (Kafka 3 name; `blacklist` before)"));
  s.push_back(OptionSpec("renames", OptionType::string_list, "Renames: old:new,..."));
  s.push_back(OptionSpec("whitelist", OptionType::string_list, "Old name of `include`"));
  s.push_back(OptionSpec("blacklist", OptionType::string_list, "Old name of `exclude`"));
  s.push_back(replace_null_option_spec());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor replace_field_plugin() {
  return {"replace_field", "1.0.0", "Kafka ReplaceField: include, exclude and rename fields",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            const auto& o = ctx.options;
            ReplaceFieldConfig c;
            c.target = parse_target(o);
            c.include = list_or_alias(o, "include", "whitelist");
            c.exclude = list_or_alias(o, "exclude", "blacklist");
            if (o.has("renames")) c.renames = parse_pairs(o.get_list("renames"), "renames");
            c.replace_null = parse_replace_null(o);
            return std::make_unique<ReplaceField>(std::move(c), Predicate::parse(o));
          })};
}

}  // namespace sluice_connect
