#include "schema_default.hpp"

#include "civil_time.hpp"
#include "connect_schema.hpp"

namespace sluice_connect {

sluice::OptionSpec replace_null_option_spec() {
  return sluice::OptionSpec("replace.null.with.default", sluice::OptionType::boolean,
                            "With a Connect schema, a null field with a default reads as the "
                            "default (false: stays null)")
      .with_default(true);
}

bool parse_replace_null(const sluice::Options& options) {
  return options.get_bool_or("replace.null.with.default", true);
}

std::optional<sluice::Value> schema_default(const sluice::Value* field_schema) {
  if (field_schema == nullptr || !field_schema->is_object()) return std::nullopt;
  auto d = field_schema->find("default");
  if (d == field_schema->end() || d->is_null()) return std::nullopt;
  const Logical logical = logical_of(field_schema);
  if (logical == Logical::none) return *d;
  if (logical == Logical::decimal || !d->is_number_integer()) return std::nullopt;
  const std::int64_t n = d->get<std::int64_t>();
  const std::int64_t unit = logical == Logical::date ? kMicrosPerDay : 1000;
  if (n > kMaxMicros / unit || n < kMinMicros / unit) return std::nullopt;
  switch (logical) {
    case Logical::date:
      return sluice::Value(format_date(n * unit));
    case Logical::time:
      return sluice::Value(format_time(n * unit));
    default:
      return sluice::Value(format_timestamp(n * unit));
  }
}

sluice::Value read_field(const sluice::Value* value, const sluice::Value* field_schema,
                         bool replace_null) {
  if (value != nullptr && !value->is_null()) return *value;
  if (replace_null)
    if (auto d = schema_default(field_schema)) return *d;
  return nullptr;
}

void put_struct_defaults(sluice::Value& object, const sluice::Value& struct_schema,
                         bool replace_null) {
  if (!replace_null || !object.is_object() || !struct_schema.is_object()) return;
  auto fields = struct_schema.find("fields");
  if (fields == struct_schema.end() || !fields->is_array()) return;
  for (const auto& fs : *fields) {
    auto name = fs.find("field");
    if (name == fs.end() || !name->is_string()) continue;
    auto it = object.find(name->get_ref<const std::string&>());
    if (it != object.end() && !it->is_null()) continue;
    if (auto d = schema_default(&fs)) object[name->get_ref<const std::string&>()] = *d;
  }
}

}  // namespace sluice_connect
