#include "test_protos.hpp"

#include <stdexcept>

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <sluice_registry/wire_format.hpp>

namespace test_protos {

namespace gp = google::protobuf;

const char* const kCommonProto = R"(syntax = "proto3";
package shop.common;
message Money {
  string currency = 1;
  int64 units = 2;
}
enum Level {
  LEVEL_UNSPECIFIED = 0;
  LOW = 1;
  HIGH = 2;
}
)";

const char* const kOrderProto = R"(syntax = "proto3";
package shop;
import "common.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/type/date.proto";
import "google/type/timeofday.proto";
import "confluent/type/decimal.proto";

message Other {
  string x = 1;
}

message Order {
  enum Status {
    NEW = 0;
    PAID = 1;
    SHIPPED = 2;
  }
  message Line {
    string sku = 1;
    int32 qty = 2;
  }
  message Inner {
    message Deep {
      int32 d = 1;
    }
  }
  int32 id = 1;
  int64 big = 2;
  uint64 huge = 3;
  sint32 neg = 4;
  fixed64 f64 = 5;
  double price = 6;
  float ratio = 7;
  bool active = 8;
  string created_at = 9;
  bytes blob = 10;
  Status status = 11;
  shop.common.Level level = 12;
  optional int32 maybe = 13;
  optional string maybe_s = 14;
  Line first_line = 15;
  repeated Line lines = 16;
  repeated int32 tags = 17;
  map<string, int32> counts = 18;
  map<int32, string> names = 19;
  google.protobuf.Timestamp ts = 20;
  google.protobuf.Duration took = 21;
  google.protobuf.Int32Value w_int = 22;
  google.protobuf.StringValue w_str = 23;
  google.protobuf.BoolValue w_bool = 24;
  google.protobuf.UInt64Value w_u64 = 25;
  google.protobuf.BytesValue w_bytes = 26;
  google.protobuf.Struct attrs = 27;
  google.protobuf.Value any_value = 28;
  google.protobuf.ListValue list = 29;
  google.type.Date day = 30;
  google.type.TimeOfDay at = 31;
  confluent.type.Decimal amount = 32;
  shop.common.Money total = 33;
  oneof contact {
    string email = 34;
    int64 phone = 35;
  }
}
)";

const char* const kDateProto = R"(syntax = "proto3";
package google.type;
message Date { int32 year = 1; int32 month = 2; int32 day = 3; }
)";

const char* const kTimeOfDayProto = R"(syntax = "proto3";
package google.type;
message TimeOfDay { int32 hours = 1; int32 minutes = 2; int32 seconds = 3; int32 nanos = 4; }
)";

const char* const kDecimalProto = R"(syntax = "proto3";
package confluent.type;
message Decimal { bytes value = 1; uint32 precision = 2; int32 scale = 3; }
)";

namespace {

class Errors final : public gp::io::ErrorCollector {
 public:
  void AddError(int line, gp::io::ColumnNumber col, const std::string& msg) override {
    throw std::runtime_error("proto text " + std::to_string(line + 1) + ":" +
                             std::to_string(col + 1) + ": " + msg);
  }
};

void add_generated(gp::DescriptorPool& pool, const std::string& name) {
  if (pool.FindFileByName(name)) return;
  const gp::FileDescriptor* f = gp::DescriptorPool::generated_pool()->FindFileByName(name);
  if (!f) throw std::runtime_error("no generated file " + name);
  gp::FileDescriptorProto proto;
  f->CopyTo(&proto);
  for (const auto& d : proto.dependency()) add_generated(pool, d);
  if (!pool.BuildFile(proto)) throw std::runtime_error("cannot build " + name);
}

const gp::FieldDescriptor* field_of(const Message& m, const std::string& name) {
  const gp::FieldDescriptor* f = m.GetDescriptor()->FindFieldByName(name);
  if (!f) throw std::runtime_error("no field " + name + " in " + m.GetTypeName());
  return f;
}

}  // namespace

Encoder::Encoder() : factory_(&pool_) {}

void Encoder::add(const std::string& name, const std::string& text) {
  gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  Errors errors;
  gp::io::Tokenizer tokenizer(&input, &errors);
  gp::compiler::Parser parser;
  parser.RecordErrorsTo(&errors);
  gp::FileDescriptorProto proto;
  if (!parser.Parse(&tokenizer, &proto)) throw std::runtime_error("cannot parse " + name);
  proto.set_name(name);
  for (const auto& d : proto.dependency())
    if (d.rfind("google/protobuf/", 0) == 0) add_generated(pool_, d);
  if (!pool_.BuildFile(proto)) throw std::runtime_error("cannot build " + name);
}

std::unique_ptr<Message> Encoder::make(const std::string& full_name) {
  const gp::Descriptor* d = pool_.FindMessageTypeByName(full_name);
  if (!d) throw std::runtime_error("no message " + full_name);
  return std::unique_ptr<Message>(factory_.GetPrototype(d)->New());
}

std::string frame(std::int32_t id, const std::vector<std::int32_t>& indexes, const Message& m) {
  std::string body;
  if (!m.SerializePartialToString(&body)) throw std::runtime_error("cannot serialise");
  return sluice::registry::encode_wire_header(id) +
         sluice::registry::encode_message_indexes(indexes) + body;
}

void set_int(Message& m, const std::string& name, std::int64_t v) {
  const auto* f = field_of(m, name);
  const auto* r = m.GetReflection();
  switch (f->cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_INT32:
      r->SetInt32(&m, f, static_cast<std::int32_t>(v));
      break;
    case gp::FieldDescriptor::CPPTYPE_INT64:
      r->SetInt64(&m, f, v);
      break;
    case gp::FieldDescriptor::CPPTYPE_UINT32:
      r->SetUInt32(&m, f, static_cast<std::uint32_t>(v));
      break;
    case gp::FieldDescriptor::CPPTYPE_UINT64:
      r->SetUInt64(&m, f, static_cast<std::uint64_t>(v));
      break;
    default:
      throw std::runtime_error(name + " is not an integer field");
  }
}
void set_u64(Message& m, const std::string& name, std::uint64_t v) {
  m.GetReflection()->SetUInt64(&m, field_of(m, name), v);
}
void set_double(Message& m, const std::string& name, double v) {
  const auto* f = field_of(m, name);
  if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_FLOAT)
    m.GetReflection()->SetFloat(&m, f, static_cast<float>(v));
  else
    m.GetReflection()->SetDouble(&m, f, v);
}
void set_bool(Message& m, const std::string& name, bool v) {
  m.GetReflection()->SetBool(&m, field_of(m, name), v);
}
void set_str(Message& m, const std::string& name, const std::string& v) {
  m.GetReflection()->SetString(&m, field_of(m, name), v);
}
void set_enum(Message& m, const std::string& name, const std::string& value) {
  const auto* f = field_of(m, name);
  m.GetReflection()->SetEnum(&m, f, f->enum_type()->FindValueByName(value));
}
Message& sub(Message& m, const std::string& name) {
  return *m.GetReflection()->MutableMessage(&m, field_of(m, name));
}
Message& add(Message& m, const std::string& name) {
  return *m.GetReflection()->AddMessage(&m, field_of(m, name));
}
void add_int(Message& m, const std::string& name, std::int64_t v) {
  m.GetReflection()->AddInt32(&m, field_of(m, name), static_cast<std::int32_t>(v));
}

}  // namespace test_protos
