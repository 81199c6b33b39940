#include "unwrap.hpp"

#include <exception>
#include <string>

#include "envelope.hpp"

namespace sluice_debezium {

using sluice::Record;
using sluice::Status;

namespace {
constexpr const char* kDeletedField = "__deleted";

Status bad(const std::string& why) {
  return Status::bad_record("debezium_unwrap: " + why);
}

Value deleted_field_schema() {
  return Value{{"type", "string"}, {"optional", true}};
}

std::string header_text(const Value& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

/// Checks that envelope field `name` is absent, null or an object; says which otherwise.
const Value* row_member(const Value& envelope, const char* name, std::string& error) {
  const Value* v = member(envelope, name);
  if (v && !v->is_null() && !v->is_object())
    error =
        "change event field '" + std::string(name) + "' is " + json_type(*v) + ", not an object";
  return v && v->is_object() ? v : nullptr;
}
}  // namespace

Status UnwrapTransform::apply(Record&& record, std::vector<Record>& out) {
  if (std::optional<Status> st = apply_raw(record, out)) return *st;
  try {
    record.ensure_parsed();
  } catch (const std::exception& e) {
    return bad(std::string("value is not valid JSON: ") + e.what());
  }
  return unwrap(record, out);
}

Status UnwrapTransform::unwrap(Record& record, std::vector<Record>& out) const {
  const Shape shape = classify(record);
  if (shape == Shape::other) {
    out.push_back(std::move(record));  // heartbeats, schema changes, rows: not ours to touch
    return {};
  }
  add_headers(record);
  if (shape == Shape::tombstone) {
    if (config_.keep_tombstones) out.push_back(std::move(record));
    return {};
  }
  if (!record.value.is_object())
    return bad("value is " + json_type(record.value) +
               ", but its schema names a Debezium envelope");

  std::string error;
  const Value* after = row_member(record.value, "after", error);
  const Value* before = row_member(record.value, "before", error);
  if (!error.empty()) return bad(error);
  const std::string op(op_code(record.value));
  const Op kind = parse_op(op);

  bool is_delete = false;
  switch (kind) {
    case Op::truncate:
      return {};  // no row to write: dropped, as Debezium does
    case Op::create:
    case Op::update:
    case Op::read:
      if (!after)
        return bad("change event with op \"" + op + "\" has no 'after' row (null or missing)");
      break;
    case Op::remove:
      is_delete = true;
      break;
    case Op::other:
      // Debezium itself only looks at the structure: no `after` is a delete, neither is a truncate.
      if (!after && !before) return {};
      is_delete = !after;
      break;
  }

  if (!is_delete) {
    Extras extras = resolve_extras(record.value);
    Value schema = row_schema(record.value_schema, "after");
    Value row = std::move(record.value["after"]);
    if (config_.rewrite) {
      row[kDeletedField] = "false";
      put_field_schema(schema, kDeletedField, deleted_field_schema());
    }
    if (Status st = route(record, row, "after"); !st) return st;
    append_extras(std::move(extras), row, schema, record.value_schema);
    record.value = std::move(row);
    record.value_schema = std::move(schema);
    out.push_back(std::move(record));
    return {};
  }

  if (config_.deletes == DeleteAction::drop) return {};
  if (!config_.route_by_field.empty()) {
    if (!before)
      return bad("cannot apply route.by.field to a delete event (op \"d\") without a 'before' row");
    if (Status st = route(record, *before, "before"); !st) return st;
  }
  switch (config_.deletes) {
    case DeleteAction::null_value:
      record.value_schema = row_schema(record.value_schema, "after");
      record.value = nullptr;
      break;
    case DeleteAction::tombstone:
      record.value_schema = nullptr;
      record.value = nullptr;
      break;
    case DeleteAction::rewrite: {
      if (!before)
        return bad(
            "delete event (op \"d\") has no 'before' row (null or missing), so it cannot be "
            "rewritten; the source table must log the deleted row (e.g. REPLICA IDENTITY)");
      Extras extras = resolve_extras(record.value);
      Value schema = row_schema(record.value_schema, "before");
      Value row = std::move(record.value["before"]);
      row[kDeletedField] = "true";
      put_field_schema(schema, kDeletedField, deleted_field_schema());
      append_extras(std::move(extras), row, schema, record.value_schema);
      record.value = std::move(row);
      record.value_schema = std::move(schema);
      break;
    }
    case DeleteAction::drop:
      break;
  }
  out.push_back(std::move(record));
  return {};
}

void UnwrapTransform::add_headers(Record& record) const {
  for (const auto& ref : config_.add_headers) {
    if (record.value.is_null()) {
      // A tombstone carries no fields; Debezium still tells its operation.
      if (ref.field == "op") record.headers.push_back({ref.output_name, std::string("d")});
      continue;
    }
    std::optional<Value> v = ref.resolve(record.value);
    if (!v) continue;
    if (v->is_null())
      record.headers.push_back({ref.output_name, std::nullopt});
    else
      record.headers.push_back({ref.output_name, header_text(*v)});
  }
}

Status UnwrapTransform::route(Record& record, const Value& row, const char* row_name) const {
  if (config_.route_by_field.empty()) return {};
  const Value* v = member(row, config_.route_by_field);
  if (!v)
    return bad("route.by.field '" + config_.route_by_field + "' is not a field of the '" +
               row_name + "' row");
  if (v->is_null()) return {};  // Debezium keeps the destination then
  if (!v->is_string())
    return bad("route.by.field '" + config_.route_by_field + "' is " + json_type(*v) +
               ", not a string naming a table");
  if (const auto& table = v->get_ref<const std::string&>(); !table.empty()) record.table = table;
  return {};
}

UnwrapTransform::Extras UnwrapTransform::resolve_extras(const Value& envelope) const {
  Extras extras;
  for (const auto& ref : config_.add_fields)
    if (std::optional<Value> v = ref.resolve(envelope)) extras.emplace_back(&ref, std::move(*v));
  return extras;
}

void UnwrapTransform::append_extras(Extras&& extras, Value& row, Value& schema,
                                    const Value& envelope_schema) const {
  for (auto& [ref, v] : extras) {
    row[ref->output_name] = std::move(v);
    if (Value fs = ref->resolve_schema(envelope_schema); !fs.is_null())
      put_field_schema(schema, ref->output_name, std::move(fs));
  }
}

}  // namespace sluice_debezium
