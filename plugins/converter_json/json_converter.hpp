// The json converter: Kafka message bytes → Value, plain or as a Kafka Connect envelope.
#pragma once

#include <sluice/converter.hpp>

#include "json_reader.hpp"
#include "options.hpp"

namespace sluice::json_converter {

class JsonConverter final : public Converter {
 public:
  explicit JsonConverter(JsonConverterConfig config) : config_(config) {}

  Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                 Value& schema) override;
  /// Plain JSON passes through as text: convert() would give back the same document.
  bool can_pass_through() const noexcept override { return !config_.schemas_enable; }
  Status validate(std::string_view bytes, const ConvertContext& ctx) override;

 private:
  JsonConverterConfig config_;
  JsonReader reader_;
};

}  // namespace sluice::json_converter
