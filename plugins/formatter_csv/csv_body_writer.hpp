// One StarRocks CSV body: rows in a fixed column order, with the headers that describe them.
#pragma once

#include <string>
#include <vector>

#include <sluice/formatter.hpp>

#include "csv_field_writer.hpp"
#include "csv_options.hpp"
#include "csv_value_text.hpp"

namespace sluice::formatter_csv {

class CsvBodyWriter final : public BodyWriter {
 public:
  explicit CsvBodyWriter(CsvConfig config);

  Status append(const Record& record) override;
  void reserve(std::size_t bytes) override { data_.reserve(bytes); }
  std::size_t size_bytes() const noexcept override { return data_.size(); }
  std::size_t rows() const noexcept override { return rows_; }
  LoadBody finish() override;

 private:
  Status append_object(const Value& object);
  /// Takes the batch's columns from its first record (when no `columns` option).
  Status adopt_columns(const Value& object);
  /// Places each field of `object` in `slots_` by column; refuses unknown fields in batch mode.
  Status place_fields(const Value& object);
  Status refuse_field(std::size_t column, const std::string& why);

  CsvConfig config_;
  CsvFieldWriter fields_;
  ValueText text_;
  bool explicit_columns_;
  std::vector<std::string> columns_;
  std::vector<const Value*> slots_;
  std::string data_;
  std::size_t rows_ = 0;
};

}  // namespace sluice::formatter_csv
