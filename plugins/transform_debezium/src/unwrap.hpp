// debezium_unwrap: Debezium's ExtractNewRecordState — a change event becomes its row.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <sluice/transform.hpp>

#include "raw_json.hpp"
#include "unwrap_options.hpp"

namespace sluice_debezium {

class UnwrapTransform final : public sluice::Transform {
 public:
  explicit UnwrapTransform(UnwrapConfig config) : config_(std::move(config)) {}
  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) override;
  bool accepts_raw_json() const noexcept override { return true; }

 private:
  /// add.fields values of one event, resolved before the row is moved out of the envelope.
  using Extras = std::vector<std::pair<const FieldReference*, Value>>;

  sluice::Status unwrap(sluice::Record& record, std::vector<sluice::Record>& out) const;
  void add_headers(sluice::Record& record) const;
  sluice::Status route(sluice::Record& record, const Value& row, const char* row_name) const;
  Extras resolve_extras(const Value& envelope) const;
  void append_extras(Extras&& extras, Value& row, Value& schema,
                     const Value& envelope_schema) const;

  /// The same on a record that is JSON text only (unwrap_raw.cpp). nullopt: a case it leaves to
  /// the value-tree path (add.fields, add.headers, route.by.field, escaped keys, errors).
  std::optional<sluice::Status> apply_raw(sluice::Record& record, std::vector<sluice::Record>& out);

  UnwrapConfig config_;
  RawJsonReader reader_;
  RawObject top_, row_;
};

}  // namespace sluice_debezium
