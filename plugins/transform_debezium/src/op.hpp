// debezium_op: adds the StarRocks `__op` column (0 upsert, 1 delete) to Debezium data, before or
// after debezium_unwrap, with or without schemas.
#pragma once

#include <optional>
#include <string>

#include <sluice/transform.hpp>

#include "op_options.hpp"
#include "raw_json.hpp"

namespace sluice_debezium {

class OpTransform final : public sluice::Transform {
 public:
  explicit OpTransform(OpConfig config);
  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) override;
  bool accepts_raw_json() const noexcept override { return true; }

 private:
  sluice::Status on_change_event(sluice::Record& record, std::vector<sluice::Record>& out) const;
  sluice::Status on_row(sluice::Record& record, std::vector<sluice::Record>& out) const;
  sluice::Status on_tombstone(sluice::Record& record, std::vector<sluice::Record>& out) const;
  /// 0 or 1 for a row, from its delete marker or an op code already in `field`.
  sluice::Status row_op(const sluice::Value& row, int& op) const;

  /// The same on a record that is JSON text only (op_raw.cpp). nullopt: a case it leaves to the
  /// value-tree path (escaped keys, errors, unwrap_envelope = false, ...).
  std::optional<sluice::Status> apply_raw(sluice::Record& record, std::vector<sluice::Record>& out);
  std::optional<sluice::Status> raw_change_event(sluice::Record& record, std::string_view op,
                                                 std::vector<sluice::Record>& out);
  std::optional<sluice::Status> raw_row(sluice::Record& record, std::vector<sluice::Record>& out);

  OpConfig config_;
  std::string field_json_;  // config_.field as a JSON string token
  RawJsonReader reader_;
  RawObject top_, row_;
};

}  // namespace sluice_debezium
