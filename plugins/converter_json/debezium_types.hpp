// Debezium's semantic types (io.debezium.time.*, io.debezium.data.*) as StarRocks loads them.
// "local" types (Timestamp, MicroTimestamp, NanoTimestamp) carry a wall-clock datetime without
// zone; they are written as they are. Zoned types are converted to UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sluice/record.hpp>

#include "outcome.hpp"

namespace sluice::json_converter {

inline constexpr std::string_view kDebeziumDate = "io.debezium.time.Date";
inline constexpr std::string_view kDebeziumTime = "io.debezium.time.Time";
inline constexpr std::string_view kDebeziumMicroTime = "io.debezium.time.MicroTime";
inline constexpr std::string_view kDebeziumNanoTime = "io.debezium.time.NanoTime";
inline constexpr std::string_view kDebeziumTimestamp = "io.debezium.time.Timestamp";
inline constexpr std::string_view kDebeziumMicroTimestamp = "io.debezium.time.MicroTimestamp";
inline constexpr std::string_view kDebeziumNanoTimestamp = "io.debezium.time.NanoTimestamp";
inline constexpr std::string_view kDebeziumZonedTimestamp = "io.debezium.time.ZonedTimestamp";
inline constexpr std::string_view kDebeziumZonedTime = "io.debezium.time.ZonedTime";
inline constexpr std::string_view kDebeziumVariableScaleDecimal =
    "io.debezium.data.VariableScaleDecimal";
inline constexpr std::string_view kDebeziumBits = "io.debezium.data.Bits";

/// Unit of an integer time value.
enum class TimeUnit { millis, micros, nanos };

/// Integer time of day (or a duration, for MySQL TIME) → "HH:MM:SS[.ffffff]"; nanoseconds are
/// truncated to microseconds (StarRocks' precision).
Outcome<std::string> debezium_time(std::int64_t value, TimeUnit unit);
/// Integer epoch timestamp → "YYYY-MM-DD HH:MM:SS[.ffffff]"; nanoseconds truncated (floored) to
/// microseconds.
Outcome<std::string> debezium_timestamp(std::int64_t value, TimeUnit unit);

/// ZonedTimestamp: ISO-8601 with offset ("2021-03-04T05:06:07.123456+02:00", "...Z") → the UTC
/// datetime "YYYY-MM-DD HH:MM:SS[.ffffff]". Fractions beyond 6 digits are truncated.
Outcome<std::string> debezium_zoned_timestamp(std::string_view iso);
/// ZonedTime: ISO-8601 time with offset ("10:15:30.5+01:00") → the UTC time "HH:MM:SS[.ffffff]".
Outcome<std::string> debezium_zoned_time(std::string_view iso);

/// VariableScaleDecimal: the struct {"scale": int32, "value": base64 of the unscaled bytes} →
/// exact decimal string.
Outcome<std::string> debezium_variable_scale_decimal(const Value& scale_and_value);

/// Bits (MySQL and PostgreSQL BIT(n), n > 1): base64 of the bits, least significant byte first.
/// Up to 64 bits → the unsigned integer (loads into BIGINT / LARGEINT); longer → the text of
/// `length` binary digits, most significant first ("0101..."), for a VARCHAR column. `length` is
/// the schema's "length" parameter (0: all the bits of the bytes).
Outcome<Value> debezium_bits(std::string_view base64, std::size_t length);

}  // namespace sluice::json_converter
