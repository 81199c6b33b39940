// sluice SDK — converter plugins: Kafka key or value bytes → Value.
#pragma once

#include <cstdint>
#include <string_view>

#include "sluice/record.hpp"
#include "sluice/status.hpp"

namespace sluice {

/// Where the bytes come from; for messages and for converters that look up schemas per topic.
struct ConvertContext {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  bool is_key = false;
};

/// Turns the bytes of a Kafka key or value into a Value (and its schema, when the format has one).
/// The engine never calls a converter for an absent key or value (a tombstone); it sets null.
///
/// One instance serves one pipeline worker: calls on one instance never overlap, but several
/// instances may run in parallel, so shared caches must be thread-safe.
class Converter {
 public:
  virtual ~Converter() = default;

  /// Decodes `bytes` into `value` and, when known, its schema into `schema` (a Kafka Connect schema
  /// object; leave null otherwise). Bad bytes: Status::bad_record with the reason (e.g. "expected
  /// ',' at byte 17"). A dependency that is down (schema registry): Status::retryable.
  virtual Status convert(std::string_view bytes, const ConvertContext& ctx, Value& value,
                         Value& schema) = 0;

  /// Fast path. True when convert() would produce exactly the JSON text it was given (no schema),
  /// so that a pipeline whose transforms all accept raw JSON (none at all, or see
  /// Transform::accepts_raw_json()) and whose formatter writes JSON may skip building a value tree:
  /// the engine then calls validate() instead of convert() and passes the text on as
  /// Record::raw_value.
  virtual bool can_pass_through() const noexcept { return false; }

  /// With can_pass_through(): checks that `bytes` is what convert() accepts, without building a
  /// tree. Must reject exactly what convert() rejects, with the same kind of message.
  virtual Status validate(std::string_view /*bytes*/, const ConvertContext& /*ctx*/) {
    return Status::ok();
  }
};

}  // namespace sluice
