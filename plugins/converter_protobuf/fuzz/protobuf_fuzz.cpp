// libFuzzer target: Confluent-framed Protobuf bytes decoded with a fixed schema covering every
// field kind, and (first byte odd) arbitrary .proto text built into a schema. Must never crash.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <google/protobuf/stubs/logging.h>

#include <sluice_registry/wire_format.hpp>

#include "proto_schema.hpp"
#include "protobuf_converter.hpp"

namespace {

const char* const kProto = R"(syntax = "proto3";
package f;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/type/date.proto";
import "google/type/timeofday.proto";
import "confluent/type/decimal.proto";
message M {
  enum E { A = 0; B = 1; }
  message N { string s = 1; repeated N kids = 2; }
  int32 i32 = 1; int64 i64 = 2; uint32 u32 = 3; uint64 u64 = 4; sint64 s64 = 5; fixed32 f32 = 6;
  sfixed64 sf64 = 7; double d = 8; float fl = 9; bool b = 10; string s = 11; bytes by = 12;
  E e = 13; optional int32 o = 14; N n = 15; repeated N ns = 16; repeated sint32 packed = 17;
  map<string, N> m1 = 18; map<bool, int64> m2 = 19; map<uint64, E> m3 = 20;
  google.protobuf.Timestamp ts = 21; google.protobuf.Duration du = 22;
  google.protobuf.Int64Value w = 23; google.protobuf.Struct st = 24; google.protobuf.Value v = 25;
  google.protobuf.ListValue lv = 26; google.type.Date dt = 27; google.type.TimeOfDay tod = 28;
  confluent.type.Decimal dec = 29;
  oneof one { string x = 30; N y = 31; }
}
)";

std::shared_ptr<const sluice::protobuf_converter::ProtoSchema> fixed_schema() {
  std::shared_ptr<const sluice::protobuf_converter::ProtoSchema> schema;
  if (!sluice::protobuf_converter::build_proto_schema(kProto, schema)) std::abort();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto schema = fixed_schema();
  static const bool quiet = [] {
    google::protobuf::SetLogHandler(nullptr);  // parse errors are expected here
    return true;
  }();
  (void)quiet;
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (data[0] & 1) {
    std::shared_ptr<const sluice::protobuf_converter::ProtoSchema> built;
    (void)sluice::protobuf_converter::build_proto_schema(std::string(input.substr(1)), built);
    return 0;
  }
  sluice::registry::WireHeader header;
  std::string error;
  if (!sluice::registry::parse_wire_header(input.substr(1), header, error)) return 0;
  sluice::Value value;
  (void)sluice::protobuf_converter::decode_with_schema(*schema, header.schema_id, header.payload,
                                                       value);
  (void)value.dump();  // what a formatter does next: must not throw
  return 0;
}
