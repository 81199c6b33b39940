// Reading JSON text: a fast check without a tree (simdjson) and tree building (simdjson for plain
// JSON, nlohmann's SAX parser when number texts must be kept). All three accept exactly the same
// documents and word their errors the same way, so the fast path and convert() always agree.
//
// Accepted: one JSON value (RFC 8259) with optional surrounding whitespace, UTF-8 only, nesting up
// to kMaxJsonDepth. Rejected: trailing data, a byte order mark, invalid UTF-8 (also inside
// strings), unpaired surrogate escapes, numbers that overflow a double. Integers beyond 64 bits are
// accepted (a double in the tree; exact text on the fast path and in envelope decimals).
#pragma once

#include <memory>
#include <string_view>

#include <sluice/record.hpp>
#include <sluice/status.hpp>

namespace sluice::json_converter {

inline constexpr std::size_t kMaxJsonDepth = 1024;

/// One per converter instance (not thread-safe; reuses its buffers across calls).
class JsonReader {
 public:
  JsonReader();
  ~JsonReader();
  JsonReader(const JsonReader&) = delete;
  JsonReader& operator=(const JsonReader&) = delete;

  /// Checks that `text` is one acceptable JSON value, without building a tree.
  Status check(std::string_view text);
  /// Parses `text` into `out` (numbers as int64/uint64/double).
  Status parse(std::string_view text, Value& out);
  /// Parses `text` into `out`, keeping non-integer and oversized numbers as raw text
  /// (raw_number.hpp). Numbers with leading zeros are accepted, as Kafka's JsonConverter does.
  Status parse_keeping_number_text(std::string_view text, Value& out);

 private:
  struct Simd;
  /// True when simdjson accepts `text` (then the DOM of the last parse is available).
  bool simd_accepts(std::string_view text);
  std::unique_ptr<Simd> simd_;
};

}  // namespace sluice::json_converter
