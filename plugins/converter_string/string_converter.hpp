// The string converter (Kafka Connect's StringConverter): the bytes as one UTF-8 string value.
#pragma once

#include <sluice/converter.hpp>

namespace sluice::string_converter {

class StringConverter final : public Converter {
 public:
  /// Value: the text. Schema: {"type": "string", "optional": true}, as Connect's
  /// Schema.OPTIONAL_STRING_SCHEMA. Invalid UTF-8 is a bad record naming the byte offset.
  Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                 Value& schema) override;
};

}  // namespace sluice::string_converter
