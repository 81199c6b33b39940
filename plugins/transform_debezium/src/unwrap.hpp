// debezium_unwrap: Debezium's ExtractNewRecordState — a change event becomes its row.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <sluice/transform.hpp>

#include "unwrap_options.hpp"

namespace sluice_debezium {

class UnwrapTransform final : public sluice::Transform {
 public:
  explicit UnwrapTransform(UnwrapConfig config) : config_(std::move(config)) {}
  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) override;

 private:
  /// add.fields values of one event, resolved before the row is moved out of the envelope.
  using Extras = std::vector<std::pair<const FieldReference*, Value>>;

  sluice::Status unwrap(sluice::Record& record, std::vector<sluice::Record>& out) const;
  void add_headers(sluice::Record& record) const;
  sluice::Status route(sluice::Record& record, const Value& row, const char* row_name) const;
  Extras resolve_extras(const Value& envelope) const;
  void append_extras(Extras&& extras, Value& row, Value& schema,
                     const Value& envelope_schema) const;

  UnwrapConfig config_;
};

}  // namespace sluice_debezium
