// Confluent wire format: header and Protobuf message indexes.
#include <doctest/doctest.h>

#include "sluice_registry/wire_format.hpp"

using namespace sluice::registry;

TEST_CASE("wire header: magic byte and big-endian id") {
  WireHeader h;
  std::string err;
  const std::string msg = encode_wire_header(0x01020304) + "rest";
  REQUIRE(parse_wire_header(msg, h, err));
  CHECK(h.schema_id == 0x01020304);
  CHECK(h.payload == "rest");

  CHECK_FALSE(parse_wire_header("{\"a\":1}", h, err));
  CHECK(err == "not Confluent wire format: first byte 0x7b (expected 0x00)");
  CHECK_FALSE(parse_wire_header(std::string("\xff\0\0\0\1", 5), h, err));
  CHECK(err == "not Confluent wire format: first byte 0xff (expected 0x00)");
  CHECK_FALSE(parse_wire_header("", h, err));
  CHECK(err == "not Confluent wire format: empty message");
  CHECK_FALSE(parse_wire_header(std::string("\0\0\1", 3), h, err));
  CHECK(err == "truncated Confluent header: 3 bytes (magic byte and 4-byte schema id expected)");
}

TEST_CASE("message indexes: the 0 shortcut, lists, and bad input") {
  std::vector<std::int32_t> idx;
  std::string err;
  std::string_view in = std::string_view("\0x", 2);
  REQUIRE(parse_message_indexes(in, 5, idx, err));
  CHECK(idx == std::vector<std::int32_t>{0});
  CHECK(in == "x");

  const std::string enc = encode_message_indexes({1, 0, 300});
  CHECK(enc.size() == 5);  // count 3 → 6, 1 → 2, 0 → 0, 300 → 600 (2 bytes)
  std::string buf = enc + "payload";
  in = buf;
  REQUIRE(parse_message_indexes(in, 5, idx, err));
  CHECK(idx == std::vector<std::int32_t>{1, 0, 300});
  CHECK(in == "payload");

  in = std::string_view("\x04\x02", 2);  // count 2, only one index
  CHECK_FALSE(parse_message_indexes(in, 5, idx, err));
  CHECK(err == "truncated message indexes at byte 7");
  in = std::string_view("\x01", 1);  // count -1
  CHECK_FALSE(parse_message_indexes(in, 5, idx, err));
  CHECK(err == "invalid message index count -1 at byte 5");
  in = std::string_view("\x02\x03", 2);  // index -2
  CHECK_FALSE(parse_message_indexes(in, 5, idx, err));
  CHECK(err == "invalid message index -2 at byte 6");
  in = std::string_view("", 0);
  CHECK_FALSE(parse_message_indexes(in, 5, idx, err));
  CHECK(err == "truncated message indexes at byte 5");
  in = std::string_view("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11);  // varint too long
  CHECK_FALSE(parse_message_indexes(in, 5, idx, err));
}
