// debezium_unwrap on JSON text: a change event becomes the text of its row. Options that need
// the tree (add.fields, add.headers, route.by.field) and anything unusual go to unwrap.cpp, which
// also words the errors.
#include "raw_envelope.hpp"
#include "unwrap.hpp"

namespace sluice_debezium {

using sluice::Record;
using sluice::Status;

namespace {
constexpr std::string_view kDeletedKey = R"("__deleted")";

bool object_or_null(const RawMember* m) {
  return !m || m->kind == RawKind::object || m->kind == RawKind::null;
}
}  // namespace

std::optional<Status> UnwrapTransform::apply_raw(Record& record, std::vector<Record>& out) {
  if (!record.raw_value || !record.value_schema.is_null() || !config_.add_fields.empty() ||
      !config_.add_headers.empty() || !config_.route_by_field.empty())
    return std::nullopt;
  if (!reader_.read_top(*record.raw_value, top_)) return std::nullopt;
  std::string_view op;
  std::optional<Shape> shape = classify_raw(top_, op);
  if (!shape) return std::nullopt;
  if (*shape == Shape::other) {
    out.push_back(std::move(record));  // heartbeats, schema changes, rows: not ours to touch
    return Status::ok();
  }
  const RawMember* after = top_.find("after");
  const RawMember* before = top_.find("before");
  if (!object_or_null(after) || !object_or_null(before)) return std::nullopt;
  if (after && after->kind != RawKind::object) after = nullptr;
  if (before && before->kind != RawKind::object) before = nullptr;

  bool is_delete = false;
  switch (parse_op(op)) {
    case Op::truncate:
      return Status::ok();  // no row to write: dropped, as Debezium does
    case Op::create:
    case Op::update:
    case Op::read:
      if (!after) return std::nullopt;
      break;
    case Op::remove:
      is_delete = true;
      break;
    case Op::other:
      if (!after && !before) return Status::ok();
      is_delete = !after;
      break;
  }

  if (!is_delete) {
    if (!config_.rewrite) {
      record.raw_value = std::string(after->json);
    } else {
      if (!reader_.read_nested(after->json, row_)) return std::nullopt;
      record.raw_value = with_member(row_, kDeletedKey, R"("false")");
    }
    out.push_back(std::move(record));
    return Status::ok();
  }
  switch (config_.deletes) {
    case DeleteAction::drop:
      return Status::ok();
    case DeleteAction::null_value:
    case DeleteAction::tombstone:
      record.raw_value.reset();
      record.value = nullptr;
      break;
    case DeleteAction::rewrite:
      if (!before || !reader_.read_nested(before->json, row_)) return std::nullopt;
      record.raw_value = with_member(row_, kDeletedKey, R"("true")");
      break;
  }
  out.push_back(std::move(record));
  return Status::ok();
}

}  // namespace sluice_debezium
