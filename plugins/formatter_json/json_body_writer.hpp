// One StarRocks JSON body: objects appended as text, framed as an array or as NDJSON.
#pragma once

#include <string>

#include <sluice/formatter.hpp>

#include "json_options.hpp"

namespace sluice::formatter_json {

class JsonBodyWriter final : public BodyWriter {
 public:
  explicit JsonBodyWriter(const JsonConfig& config) : config_(config) {}

  Status append(const Record& record) override;
  void reserve(std::size_t bytes) override { data_.reserve(bytes); }
  std::size_t size_bytes() const noexcept override;
  std::size_t rows() const noexcept override { return rows_; }
  LoadBody finish() override;

 private:
  /// Opens the row: "[" or "," in array layout, nothing in NDJSON.
  void begin_row();
  /// Closes the row ("\n" in NDJSON) and counts it.
  void end_row();

  JsonConfig config_;
  std::string data_;
  std::size_t rows_ = 0;
};

}  // namespace sluice::formatter_json
