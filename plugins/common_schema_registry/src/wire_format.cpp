#include "sluice_registry/wire_format.hpp"

#include <cstdio>

namespace sluice::registry {
namespace {

/// Reads one base-128 varint of at most 10 bytes. Returns false when truncated or too long.
bool read_varint(std::string_view& in, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    value |= std::uint64_t{byte & 0x7Fu} << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

std::int64_t unzigzag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

void write_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

}  // namespace

bool parse_wire_header(std::string_view bytes, WireHeader& out, std::string& error) {
  if (bytes.empty()) {
    error = "not Confluent wire format: empty message";
    return false;
  }
  if (bytes[0] != 0) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "not Confluent wire format: first byte 0x%02x (expected 0x00)",
                  static_cast<unsigned>(static_cast<std::uint8_t>(bytes[0])));
    error = buf;
    return false;
  }
  if (bytes.size() < kWireHeaderSize) {
    error = "truncated Confluent header: " + std::to_string(bytes.size()) +
            " bytes (magic byte and 4-byte schema id expected)";
    return false;
  }
  std::uint32_t id = 0;
  for (std::size_t i = 1; i < kWireHeaderSize; ++i)
    id = (id << 8) | static_cast<std::uint8_t>(bytes[i]);
  out.schema_id = static_cast<std::int32_t>(id);
  out.payload = bytes.substr(kWireHeaderSize);
  return true;
}

bool parse_message_indexes(std::string_view& payload, std::size_t offset,
                           std::vector<std::int32_t>& indexes, std::string& error) {
  indexes.clear();
  std::string_view in = payload;
  auto at = [&] { return std::to_string(offset + (payload.size() - in.size())); };
  std::uint64_t raw = 0;
  if (!read_varint(in, raw)) {
    error = "truncated message indexes at byte " + at();
    return false;
  }
  const std::int64_t count = unzigzag(raw);
  if (count == 0) {
    indexes.push_back(0);
  } else if (count < 0 || static_cast<std::uint64_t>(count) > kMaxMessageIndexes) {
    error = "invalid message index count " + std::to_string(count) + " at byte " +
            std::to_string(offset);
    return false;
  } else {
    for (std::int64_t i = 0; i < count; ++i) {
      const std::string pos = at();
      if (!read_varint(in, raw)) {
        error = "truncated message indexes at byte " + pos;
        return false;
      }
      const std::int64_t index = unzigzag(raw);
      if (index < 0 || index > INT32_MAX) {
        error = "invalid message index " + std::to_string(index) + " at byte " + pos;
        return false;
      }
      indexes.push_back(static_cast<std::int32_t>(index));
    }
  }
  payload = in;
  return true;
}

std::string encode_message_indexes(const std::vector<std::int32_t>& indexes) {
  std::string out;
  if (indexes.size() == 1 && indexes[0] == 0) {
    out += '\0';
    return out;
  }
  write_varint(out, zigzag(static_cast<std::int64_t>(indexes.size())));
  for (auto i : indexes) write_varint(out, zigzag(i));
  return out;
}

std::string encode_wire_header(std::int32_t schema_id) {
  std::string out(1, '\0');
  const auto id = static_cast<std::uint32_t>(schema_id);
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((id >> shift) & 0xFF);
  return out;
}

}  // namespace sluice::registry
