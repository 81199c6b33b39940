// debezium_op on JSON text: the row of a change event, or a row, gets `__op` written into its
// text. Anything unusual goes back to the value-tree path in op.cpp, which also words the errors.
#include "op.hpp"
#include "raw_envelope.hpp"

namespace sluice_debezium {

using sluice::Record;
using sluice::Status;

std::optional<Status> OpTransform::apply_raw(Record& record, std::vector<Record>& out) {
  if (!record.raw_value || !record.value_schema.is_null()) return std::nullopt;
  if (!reader_.read_top(*record.raw_value, top_)) return std::nullopt;
  std::string_view op;
  std::optional<Shape> shape = classify_raw(top_, op);
  if (!shape) return std::nullopt;
  return *shape == Shape::change_event ? raw_change_event(record, op, out) : raw_row(record, out);
}

std::optional<Status> OpTransform::raw_change_event(Record& record, std::string_view op,
                                                    std::vector<Record>& out) {
  if (!config_.unwrap_envelope) return std::nullopt;
  const Op kind = parse_op(op);
  if (kind == Op::truncate) return Status::ok();  // no row to write
  const std::optional<RowOfOp> where = row_of(kind);
  if (!where) return std::nullopt;
  const char* row_name = where->field;
  const std::string_view code = where->op_code == 1 ? "1" : "0";
  const RawMember* row = top_.find(row_name);
  if (!row || row->kind != RawKind::object || !reader_.read_nested(row->json, row_))
    return std::nullopt;
  record.raw_value = with_member(row_, field_json_, code);
  out.push_back(std::move(record));
  return Status::ok();
}

std::optional<Status> OpTransform::raw_row(Record& record, std::vector<Record>& out) {
  if (looks_like_debezium_metadata_raw(top_)) {
    out.push_back(std::move(record));
    return Status::ok();
  }
  std::string_view code = "0";
  std::string_view text;
  const RawMember* deleted =
      config_.deleted_field.empty() ? nullptr : top_.find(config_.deleted_field);
  const bool marked_deleted =
      deleted && ((plain_string(*deleted, text) && text == "true") || deleted->json == "true");
  if (marked_deleted) {
    code = "1";
  } else {
    if (deleted && deleted->kind != RawKind::null && deleted->json != "false" &&
        !(plain_string(*deleted, text) && text == "false"))
      return std::nullopt;  // neither true nor false: an error, worded by the tree path
    // An op already in the column: a code from debezium_unwrap's add.fields, or 0/1.
    if (const RawMember* existing = top_.find(config_.field);
        existing && existing->kind != RawKind::null) {
      if (plain_string(*existing, text)) {
        const std::optional<RowOfOp> where = row_of(parse_op(text));
        if (!where) return std::nullopt;
        if (where->op_code == 1) code = "1";
      } else if (existing->json == "1") {
        code = "1";
      } else if (existing->json != "0") {
        return std::nullopt;
      }
    }
  }
  record.raw_value = with_member(top_, field_json_, code);
  out.push_back(std::move(record));
  return Status::ok();
}

}  // namespace sluice_debezium
