#include "op.hpp"

#include <exception>
#include <string>

#include "envelope.hpp"

namespace sluice_debezium {

using sluice::Record;
using sluice::Status;

namespace {
Status bad(const std::string& why) {
  return Status::bad_record("debezium_op: " + why);
}

Value op_field_schema(bool optional) {
  return Value{{"type", "int32"}, {"optional", optional}};
}

/// The struct schema of envelope field `name`, for changing it in place; nullptr if unknown.
Value* mutable_field_schema(Value& envelope_schema, std::string_view name) {
  if (!envelope_schema.is_object() || !envelope_schema.contains("fields")) return nullptr;
  for (Value& f : envelope_schema["fields"]) {
    const Value* field = member(f, "field");
    if (field && field->is_string() && field->get_ref<const std::string&>() == name) return &f;
  }
  return nullptr;
}
}  // namespace

OpTransform::OpTransform(OpConfig config)
    : config_(std::move(config)), field_json_(Value(config_.field).dump()) {}

Status OpTransform::apply(Record&& record, std::vector<Record>& out) {
  if (std::optional<Status> st = apply_raw(record, out)) return *st;
  try {
    record.ensure_parsed();
  } catch (const std::exception& e) {
    return bad(std::string("value is not valid JSON: ") + e.what());
  }
  switch (classify(record)) {
    case Shape::tombstone:
      return on_tombstone(record, out);
    case Shape::change_event:
      return on_change_event(record, out);
    case Shape::other:
      return on_row(record, out);
  }
  return {};
}

Status OpTransform::on_change_event(Record& record, std::vector<Record>& out) const {
  if (!record.value.is_object())
    return bad("value is " + json_type(record.value) +
               ", but its schema names a Debezium envelope");
  const std::string op(op_code(record.value));
  const Op kind = parse_op(op);
  if (kind == Op::truncate) return {};  // no row to write; debezium_unwrap drops it too
  const std::optional<RowOfOp> where = row_of(kind);
  if (!where) return bad("change event field 'op' is \"" + op + "\"; expected c, u, r, d or t");
  const int code = where->op_code;
  const char* row_name = where->field;
  const Value* row = member(record.value, row_name);
  if (!row || !row->is_object()) {
    std::string what = row ? json_type(*row) : "missing";
    return bad(code == 1
                   ? "delete event (op \"d\") has no 'before' row (" + what +
                         "); the source table must log the deleted row (e.g. REPLICA IDENTITY)"
                   : "change event with op \"" + op + "\" has no 'after' row (" + what + ")");
  }

  if (config_.unwrap_envelope) {
    Value schema = row_schema(record.value_schema, row_name);
    Value unwrapped = std::move(record.value[row_name]);
    unwrapped[config_.field] = code;
    put_field_schema(schema, config_.field, op_field_schema(false));
    record.value = std::move(unwrapped);
    record.value_schema = std::move(schema);
  } else {
    record.value[row_name][config_.field] = code;
    // `before` and `after` share one row schema; keep them alike for debezium_unwrap.
    for (const char* name : {"before", "after"})
      if (Value* s = mutable_field_schema(record.value_schema, name))
        put_field_schema(*s, config_.field, op_field_schema(true));
  }
  out.push_back(std::move(record));
  return {};
}

Status OpTransform::on_row(Record& record, std::vector<Record>& out) const {
  const bool metadata = record.value_schema.is_null()
                            ? looks_like_debezium_metadata(record.value)
                            : is_debezium_metadata_schema(record.value_schema);
  if (metadata) {
    out.push_back(std::move(record));  // heartbeat, schema change, message, transaction metadata
    return {};
  }
  if (!record.value.is_object())
    return bad("value is " + json_type(record.value) +
               ", not a row (object) or a Debezium change event");
  int code = 0;
  if (Status st = row_op(record.value, code); !st) return st;
  record.value[config_.field] = code;
  put_field_schema(record.value_schema, config_.field, op_field_schema(false));
  out.push_back(std::move(record));
  return {};
}

Status OpTransform::row_op(const Value& row, int& op) const {
  if (!config_.deleted_field.empty()) {
    if (const Value* d = member(row, config_.deleted_field)) {
      if ((d->is_string() && d->get_ref<const std::string&>() == "true") ||
          (d->is_boolean() && d->get<bool>())) {
        op = 1;
        return {};
      }
      const bool is_false = d->is_null() ||
                            (d->is_string() && d->get_ref<const std::string&>() == "false") ||
                            (d->is_boolean() && !d->get<bool>());
      if (!is_false)
        return bad("field '" + config_.deleted_field + "' is " + d->dump() +
                   "; expected \"true\" or \"false\"");
    }
  }
  // An op already in the column: debezium_unwrap's add.fields=op writes the code ("c", "d", ...);
  // a previous debezium_op wrote 0 or 1.
  const Value* existing = member(row, config_.field);
  op = 0;
  if (!existing || existing->is_null()) return {};
  if (existing->is_string()) {
    const std::string& code = existing->get_ref<const std::string&>();
    if (std::optional<RowOfOp> where = row_of(parse_op(code))) {
      op = where->op_code;
      return {};
    }
  } else if (existing->is_number_integer() &&
             (existing->get<int>() == 0 || existing->get<int>() == 1)) {
    op = existing->get<int>();
    return {};
  }
  return bad("field '" + config_.field + "' is " + existing->dump() +
             "; expected an op code (c, u, r, d) or 0/1");
}

Status OpTransform::on_tombstone(Record& record, std::vector<Record>& out) const {
  if (config_.tombstones_as_deletes) {
    if (!record.key.is_object())
      return bad("tombstone key is " + json_type(record.key) +
                 ", not an object of key columns; tombstones_as_deletes needs a JSON key");
    record.value = record.key;
    record.value[config_.field] = 1;
    record.value_schema = record.key_schema;
    put_field_schema(record.value_schema, config_.field, op_field_schema(false));
  }
  out.push_back(std::move(record));
  return {};
}

}  // namespace sluice_debezium
