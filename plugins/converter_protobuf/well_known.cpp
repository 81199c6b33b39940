#include "well_known.hpp"

#include <cstdlib>

#include <sluice_registry/civil_time.hpp>

namespace sluice::protobuf_converter {

WellKnown well_known_kind(std::string_view n) {
  if (n == "google.protobuf.Timestamp") return WellKnown::timestamp;
  if (n == "google.protobuf.Duration") return WellKnown::duration;
  if (n == "google.protobuf.DoubleValue" || n == "google.protobuf.FloatValue" ||
      n == "google.protobuf.Int64Value" || n == "google.protobuf.UInt64Value" ||
      n == "google.protobuf.Int32Value" || n == "google.protobuf.UInt32Value" ||
      n == "google.protobuf.BoolValue" || n == "google.protobuf.StringValue" ||
      n == "google.protobuf.BytesValue")
    return WellKnown::wrapper;
  if (n == "google.protobuf.Struct") return WellKnown::struct_;
  if (n == "google.protobuf.Value") return WellKnown::value;
  if (n == "google.protobuf.ListValue") return WellKnown::list_value;
  if (n == "google.type.Date") return WellKnown::date;
  if (n == "google.type.TimeOfDay") return WellKnown::time_of_day;
  if (n == "confluent.type.Decimal") return WellKnown::decimal;
  return WellKnown::none;
}

namespace {
// Timestamp's documented range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z.
constexpr std::int64_t kMinTimestampSeconds = -62135596800;
constexpr std::int64_t kMaxTimestampSeconds = 253402300799;
// Duration's documented range: ±10000 years.
constexpr std::int64_t kMaxDurationSeconds = 315576000000;
}  // namespace

bool timestamp_text(std::int64_t seconds, std::int32_t nanos, std::string& out,
                    std::string& error) {
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) {
    error = "Timestamp seconds " + std::to_string(seconds) + " outside 0001-01-01..9999-12-31";
    return false;
  }
  if (nanos < 0 || nanos > 999999999) {
    error = "Timestamp nanos " + std::to_string(nanos) + " outside 0..999999999";
    return false;
  }
  // Nanoseconds are truncated to microseconds: DATETIME holds 6 digits.
  out = registry::format_timestamp_micros(seconds * registry::kMicrosPerSecond + nanos / 1000);
  return true;
}

bool duration_text(std::int64_t seconds, std::int32_t nanos, std::string& out, std::string& error) {
  if (seconds < -kMaxDurationSeconds || seconds > kMaxDurationSeconds || nanos < -999999999 ||
      nanos > 999999999 || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    error =
        "invalid Duration (" + std::to_string(seconds) + " s, " + std::to_string(nanos) + " ns)";
    return false;
  }
  const bool negative = seconds < 0 || nanos < 0;
  out = negative ? "-" : "";
  out += std::to_string(std::llabs(seconds));
  if (nanos != 0) {
    std::string frac = std::to_string(std::abs(nanos));
    frac.insert(0, 9 - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return true;
}

}  // namespace sluice::protobuf_converter
