#include "logical_types.hpp"

#include <charconv>
#include <string>

#include "connect_logical.hpp"
#include "debezium_types.hpp"
#include "decimal.hpp"
#include "geometry.hpp"
#include "raw_number.hpp"

namespace sluice::json_converter {
namespace {

Outcome<Value> lift(Outcome<std::string> s) {
  if (!s) return Outcome<Value>::failure(s.error());
  return Value(std::move(s.value()));
}

Outcome<Value> needs(std::string_view what) {
  return Outcome<Value>::failure("this logical type needs " + std::string(what) + " schema type");
}

/// The "length" parameter of Bits (a string, as Connect writes parameters); 0 when absent.
std::size_t bits_length(const Value& parameters) {
  if (!parameters.is_object()) return 0;
  auto it = parameters.find("length");
  if (it == parameters.end()) return 0;
  std::size_t n = 0;
  if (it->is_string()) {
    const auto& t = it->get_ref<const std::string&>();
    std::from_chars(t.data(), t.data() + t.size(), n);
  } else if (it->is_number_unsigned()) {
    n = it->get<std::size_t>();
  }
  return n;
}

}  // namespace

std::optional<Outcome<Value>> apply_logical_type(std::string_view name, const Value& base,
                                                 const Value& parameters) {
  // Integer-based types.
  const bool integer = base.is_number_integer();
  auto as_int = [&] { return base.get<std::int64_t>(); };
  if (name == kConnectDate || name == kDebeziumDate)
    return integer ? Outcome<Value>(Value(connect_date(as_int()))) : needs("an integer");
  if (name == kConnectTime) return integer ? lift(connect_time(as_int())) : needs("an integer");
  if (name == kConnectTimestamp)
    return integer ? lift(connect_timestamp(as_int())) : needs("an integer");
  if (name == kDebeziumTime)
    return integer ? lift(debezium_time(as_int(), TimeUnit::millis)) : needs("an integer");
  if (name == kDebeziumMicroTime)
    return integer ? lift(debezium_time(as_int(), TimeUnit::micros)) : needs("an integer");
  if (name == kDebeziumNanoTime)
    return integer ? lift(debezium_time(as_int(), TimeUnit::nanos)) : needs("an integer");
  if (name == kDebeziumTimestamp)
    return integer ? lift(debezium_timestamp(as_int(), TimeUnit::millis)) : needs("an integer");
  if (name == kDebeziumMicroTimestamp)
    return integer ? lift(debezium_timestamp(as_int(), TimeUnit::micros)) : needs("an integer");
  if (name == kDebeziumNanoTimestamp)
    return integer ? lift(debezium_timestamp(as_int(), TimeUnit::nanos)) : needs("an integer");
  // String-based types.
  if (name == kDebeziumZonedTimestamp)
    return base.is_string() ? lift(debezium_zoned_timestamp(base.get_ref<const std::string&>()))
                            : needs("a string");
  if (name == kDebeziumZonedTime)
    return base.is_string() ? lift(debezium_zoned_time(base.get_ref<const std::string&>()))
                            : needs("a string");
  // Struct-based types.
  if (name == kDebeziumVariableScaleDecimal)
    return base.is_object() ? lift(debezium_variable_scale_decimal(base)) : needs("a struct");
  if (name == kDebeziumPoint)
    return base.is_object() ? lift(debezium_point(base)) : needs("a struct");
  if (name == kDebeziumGeometry || name == kDebeziumGeography)
    return base.is_object() ? lift(debezium_geometry(base)) : needs("a struct");
  // Bytes-based types.
  if (name == kDebeziumBits)
    return base.is_string()
               ? debezium_bits(base.get_ref<const std::string&>(), bits_length(parameters))
               : needs("a bytes");
  return std::nullopt;
}

Outcome<Value> connect_decimal(const Value& payload, const Value& parameters) {
  auto scale = decimal_scale(parameters);
  if (!scale) return Outcome<Value>::failure(scale.error());
  if (payload.is_string())
    return lift(connect_decimal_from_base64(payload.get_ref<const std::string&>(), scale.value()));
  if (is_raw_number(payload))
    return lift(decimal_from_number_text(raw_number_text(payload), scale.value()));
  if (payload.is_number_integer())
    return lift(decimal_from_number_text(payload.dump(), scale.value()));
  return Outcome<Value>::failure("expected a base64 string or a number");
}

}  // namespace sluice::json_converter
