// Kafka's JsonDeserializer enables Jackson's ALLOW_LEADING_ZEROS_FOR_NUMBERS: `0012` reads as 12.
// RFC 8259 forbids them, so the envelope reader retries a refused document with them removed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::json_converter {

/// `text` with the leading zeros of every number's integer part removed ("0012" → "12",
/// "-007.5" → "-7.5", "00" → "0"); strings are left alone. nullopt when there are none.
std::optional<std::string> without_leading_zeros(std::string_view text);

}  // namespace sluice::json_converter
