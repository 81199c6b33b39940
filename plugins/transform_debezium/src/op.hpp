// debezium_op: adds the StarRocks `__op` column (0 upsert, 1 delete) to Debezium data, before or
// after debezium_unwrap, with or without schemas.
#pragma once

#include <sluice/transform.hpp>

#include "op_options.hpp"

namespace sluice_debezium {

class OpTransform final : public sluice::Transform {
 public:
  explicit OpTransform(OpConfig config) : config_(std::move(config)) {}
  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) override;

 private:
  sluice::Status on_change_event(sluice::Record& record, std::vector<sluice::Record>& out) const;
  sluice::Status on_row(sluice::Record& record, std::vector<sluice::Record>& out) const;
  sluice::Status on_tombstone(sluice::Record& record, std::vector<sluice::Record>& out) const;
  /// 0 or 1 for a row, from its delete marker or an op code already in `field`.
  sluice::Status row_op(const sluice::Value& row, int& op) const;

  OpConfig config_;
};

}  // namespace sluice_debezium
