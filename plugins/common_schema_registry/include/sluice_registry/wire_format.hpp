// Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, then (Protobuf only)
// the message indexes, then the encoded message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::registry {

inline constexpr std::size_t kWireHeaderSize = 5;

struct WireHeader {
  std::int32_t schema_id = 0;
  std::string_view payload;  ///< the bytes after the header
};

/// Splits magic byte and schema id off `bytes`. On failure returns false and sets `error` to
/// the sentence a user sees ("not Confluent wire format: first byte 0x7b (expected 0x00)").
bool parse_wire_header(std::string_view bytes, WireHeader& out, std::string& error);

/// Most message indexes accepted (nesting depth of the message in its .proto file).
inline constexpr std::size_t kMaxMessageIndexes = 100;

/// Reads the Protobuf message-index list at the start of `payload`: a zigzag varint count, then
/// that many zigzag varint indexes; a count of 0 (the single byte 0) means [0], the first message
/// of the file. Advances `payload` past the list. `offset` is the position of `payload` in the
/// whole message, for errors ("truncated message indexes at byte 6").
bool parse_message_indexes(std::string_view& payload, std::size_t offset,
                           std::vector<std::int32_t>& indexes, std::string& error);

/// Encodes message indexes as the serializers write them ([0] as the single byte 0). For tests.
std::string encode_message_indexes(const std::vector<std::int32_t>& indexes);
/// Magic byte + big-endian id. For tests.
std::string encode_wire_header(std::int32_t schema_id);

}  // namespace sluice::registry
