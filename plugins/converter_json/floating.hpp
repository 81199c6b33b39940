// FLOAT32 / FLOAT64 payloads (Connect schema types "float" and "double") as StarRocks loads them.
#pragma once

#include <string_view>

#include <sluice/record.hpp>

#include "outcome.hpp"

namespace sluice::json_converter {

/// The texts Jackson writes for the non-finite numbers (it quotes them: JSON has no NaN).
inline constexpr std::string_view kNaNText = "NaN";
inline constexpr std::string_view kInfinityText = "Infinity";
inline constexpr std::string_view kNegativeInfinityText = "-Infinity";

/// `payload` is an integer, a raw number (raw_number.hpp) or one of the three quoted non-finite
/// texts. A finite number becomes a double; a non-finite text stays that string (a double NaN
/// would be written as null, losing the value).
///
/// FLOAT32: the number is rounded to a float, as Java's floatValue() does, and carried as the
/// shortest decimal that reads back as that float: 0.1 arrives as 0.1, not 0.10000000149011612.
/// A number beyond the float range fails (Java would make it Infinity).
Outcome<Value> connect_float32(const Value& payload);
/// FLOAT64: the double nearest to the number.
Outcome<Value> connect_float64(const Value& payload);

}  // namespace sluice::json_converter
