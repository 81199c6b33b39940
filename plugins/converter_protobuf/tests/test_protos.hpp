// Test-side Protobuf encoding: the same .proto texts the registry holds, compiled with
// libprotobuf's parser into a pool, messages built with DynamicMessage and serialised, then
// framed in the Confluent wire format.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

namespace test_protos {

// .proto texts used by the tests (registered in the fixture registry under these names).
extern const char* const kCommonProto;  // "common.proto": shop.common.Money, shop.common.Level
extern const char* const kOrderProto;   // shop.Other, shop.Order (imports everything)
extern const char* const kDateProto;    // google/type/date.proto layout
extern const char* const kTimeOfDayProto;
extern const char* const kDecimalProto;

class Encoder {
 public:
  Encoder();
  /// Adds a file; its imports must be added first or be google/protobuf/*.proto.
  void add(const std::string& name, const std::string& text);
  std::unique_ptr<google::protobuf::Message> make(const std::string& full_name);

 private:
  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
};

/// Confluent framing: 0, id, message indexes, serialised message.
std::string frame(std::int32_t id, const std::vector<std::int32_t>& indexes,
                  const google::protobuf::Message& m);

// Reflection setters by field name (the test's "generated code").
using google::protobuf::Message;
void set_int(Message& m, const std::string& field, std::int64_t v);  // any integer type
void set_u64(Message& m, const std::string& field, std::uint64_t v);
void set_double(Message& m, const std::string& field, double v);  // double or float
void set_bool(Message& m, const std::string& field, bool v);
void set_str(Message& m, const std::string& field, const std::string& v);  // string or bytes
void set_enum(Message& m, const std::string& field, const std::string& name);
Message& sub(Message& m, const std::string& field);  // mutable singular message
Message& add(Message& m, const std::string& field);  // new element of a repeated message
void add_int(Message& m, const std::string& field, std::int64_t v);  // repeated integer

}  // namespace test_protos
