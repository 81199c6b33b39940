// Base64 decoding (RFC 4648 standard alphabet), as Kafka Connect writes `bytes` payloads.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "outcome.hpp"

namespace sluice::json_converter {

/// Decodes standard base64; the '=' padding may be present or omitted (Java's decoder writes it,
/// some producers drop it). Anything else (other characters, a dangling single character, data
/// after padding) fails with the position of the offending character, counted from 0.
Outcome<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace sluice::json_converter
