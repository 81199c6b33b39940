// Debezium events as JSON text (Record::raw_value): their members found with simdjson On Demand
// and rows rewritten as text, so that CDC into JSON builds no value tree per record.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace sluice_debezium {

/// The kind of a JSON value, from its first byte.
enum class RawKind { object, array, string, number, boolean, null };

/// One member of a JSON object, as views into the text it was read from.
struct RawMember {
  std::string_view key;   ///< as written between the quotes (never contains a backslash)
  std::string_view json;  ///< the value's JSON text
  RawKind kind = RawKind::null;
};

/// The members of one JSON object.
struct RawObject {
  std::string_view json;  ///< the object's text
  std::vector<RawMember> members;

  /// The first member named `key` (compared as written), or nullptr.
  const RawMember* find(std::string_view key) const noexcept;
};

/// A JSON string token's content when it holds no escape sequence ("c" for `"c"`); false
/// otherwise (escaped text, or not a string).
bool plain_string(const RawMember& m, std::string_view& out) noexcept;

/// `object` with member `key_json` (a JSON string token, quotes included) set to `value_json`:
/// its value replaced in place when `object` has the member, else appended as the last member.
std::string with_member(const RawObject& object, std::string_view key_json,
                        std::string_view value_json);

/// Reads objects out of JSON text. One per transform instance (not thread-safe, like the
/// transforms themselves); its parser's buffers are reused from record to record.
class RawJsonReader {
 public:
  /// Readies `text` for reading (simdjson reads a few bytes past the end of its input) and reads
  /// its top-level members into `out`. False when `text` is not a JSON object, or any key holds an
  /// escape sequence: the caller then takes its value-tree path, which handles every case.
  bool read_top(std::string& text, RawObject& out);
  /// Reads the members of `object_json`, a view into the `text` last given to read_top().
  bool read_nested(std::string_view object_json, RawObject& out);

 private:
  bool read(const char* data, std::size_t size, std::size_t readable, RawObject& out);

  simdjson::ondemand::parser parser_;
  const std::string* text_ = nullptr;
};

}  // namespace sluice_debezium
