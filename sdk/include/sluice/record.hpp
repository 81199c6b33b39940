// sluice SDK — the record that flows through a pipeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice {

/// The value model of every converter, transform and formatter. Ordered, so that the field order
/// of the source survives to CSV columns. See DESIGN.md "Values as StarRocks loads them" for how
/// each source type is represented (decimals as exact strings, dates as "YYYY-MM-DD", ...).
using Value = nlohmann::ordered_json;

/// One Kafka header. A header may have a null value (distinct from an empty one).
struct Header {
  std::string key;
  std::optional<std::string> value;
};

/// A record as it moves from the Kafka consumer to the formatter.
///
/// The engine fills the Kafka coordinates and the raw bytes; the key/value converters fill `key`
/// and `value`; transforms may change anything (a transform that routes sets `table`). A null
/// `value` is a tombstone (a Kafka message without value).
///
/// Fast path: when the pipeline needs no value tree (JSON in, transforms that work on JSON text
/// or none, JSON out), the engine only checks that the value is valid JSON and sets `raw_value`
/// instead of `value`; a formatter then copies `*raw_value` as the row. Code that needs the tree
/// calls `ensure_parsed()`.
struct Record {
  std::string topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
  /// Kafka timestamp in milliseconds since the epoch; -1 when the message carries none.
  std::int64_t timestamp_ms = -1;
  std::vector<Header> headers;

  /// Converted key (null when the message has no key).
  Value key;
  /// Converted value (null for a tombstone). Empty while `raw_value` holds the unparsed text.
  Value value;
  /// Schema of `value` as the converter knew it (a Kafka Connect schema object), or null.
  Value value_schema;
  /// Schema of `key`, or null.
  Value key_schema;

  /// Validated JSON text of the value, when the engine took the fast path (see above).
  std::optional<std::string> raw_value;

  /// Target table. Empty: the router decides (topic_to_table, else the topic name).
  std::string table;

  /// True when the value exists only as `raw_value` text.
  bool is_raw() const noexcept { return raw_value.has_value(); }

  /// Turns `raw_value` into `value` (throws nlohmann::json::parse_error on invalid text, which
  /// cannot happen for text the engine validated).
  void ensure_parsed() {
    if (raw_value) {
      value = Value::parse(*raw_value);
      raw_value.reset();
    }
  }

  /// First header with this key, or nullptr.
  const Header* find_header(std::string_view name) const noexcept {
    for (const auto& h : headers)
      if (h.key == name) return &h;
    return nullptr;
  }

  /// Human-readable position, "topic/partition@offset", used in every record error.
  std::string where() const {
    return topic + "/" + std::to_string(partition) + "@" + std::to_string(offset);
  }
};

}  // namespace sluice
