#include "raw_envelope.hpp"

namespace sluice_debezium {

std::optional<Shape> classify_raw(const RawObject& value, std::string_view& op) {
  const RawMember* code = value.find("op");
  if (!code || code->kind != RawKind::string) return Shape::other;
  if (!plain_string(*code, op)) return std::nullopt;
  if (value.find("before") || value.find("after")) return Shape::change_event;
  if (parse_op(op) == Op::truncate && value.find("source")) return Shape::change_event;
  return Shape::other;
}

bool looks_like_debezium_metadata_raw(const RawObject& value) {
  if (value.members.size() == 1 && value.find("ts_ms")) return true;
  const RawMember* source = value.find("source");
  if (!source || source->kind != RawKind::object) return false;
  const RawMember* op = value.find("op");
  return (op && op->kind == RawKind::string) || value.find("ddl");
}

}  // namespace sluice_debezium
