// The bytes converter (Kafka Connect's ByteArrayConverter): the bytes as a base64 string value.
#pragma once

#include <sluice/converter.hpp>

namespace sluice::bytes_converter {

class BytesConverter final : public Converter {
 public:
  /// Value: base64 of the bytes (how StarRocks loads binary data from JSON). Schema:
  /// {"type": "bytes", "optional": true}, as Connect's Schema.OPTIONAL_BYTES_SCHEMA. Never fails.
  Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                 Value& schema) override;
};

}  // namespace sluice::bytes_converter
