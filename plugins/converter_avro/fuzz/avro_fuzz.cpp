// libFuzzer target: Confluent-framed Avro bytes decoded with a fixed schema covering every type
// and logical type, and (first byte odd) arbitrary schema text. Must never crash or hang.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <sluice_registry/wire_format.hpp>

#include "allocation_limit.hpp"
#include "avro_converter.hpp"
#include "avro_schema.hpp"

namespace {

const char* const kSchema = R"({"type":"record","name":"R","namespace":"f","fields":[
 {"name":"i","type":"int"},{"name":"l","type":"long"},{"name":"f","type":"float"},
 {"name":"d","type":"double"},{"name":"b","type":"boolean"},{"name":"s","type":"string"},
 {"name":"by","type":"bytes"},{"name":"n","type":"null"},
 {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}},
 {"name":"u","type":["null","string","R"]},
 {"name":"a","type":{"type":"array","items":"R"}},
 {"name":"m","type":{"type":"map","values":["null","long"]}},
 {"name":"fx","type":{"type":"fixed","name":"F","size":3}},
 {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":38,"scale":9}},
 {"name":"decf","type":{"type":"fixed","name":"D","size":8,"logicalType":"decimal","precision":18,"scale":2}},
 {"name":"date","type":{"type":"int","logicalType":"date"}},
 {"name":"tm","type":{"type":"int","logicalType":"time-millis"}},
 {"name":"tu","type":{"type":"long","logicalType":"time-micros"}},
 {"name":"tsm","type":{"type":"long","logicalType":"timestamp-millis"}},
 {"name":"tsu","type":{"type":"long","logicalType":"timestamp-micros"}},
 {"name":"ltsm","type":{"type":"long","logicalType":"local-timestamp-millis"}},
 {"name":"uuid","type":{"type":"string","logicalType":"uuid"}}
]})";

std::shared_ptr<const sluice::avro_converter::AvroSchema> fixed_schema() {
  sluice::avro_converter::install_limiting_allocator();
  std::shared_ptr<const sluice::avro_converter::AvroSchema> schema;
  if (!sluice::avro_converter::AvroSchema::build({}, kSchema, schema)) std::abort();
  return schema;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto schema = fixed_schema();
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (data[0] & 1) {
    std::shared_ptr<const sluice::avro_converter::AvroSchema> built;
    (void)sluice::avro_converter::AvroSchema::build({}, std::string(input.substr(1)), built);
    return 0;
  }
  sluice::registry::WireHeader header;
  std::string error;
  if (!sluice::registry::parse_wire_header(input.substr(1), header, error)) return 0;
  sluice::Value value;
  (void)sluice::avro_converter::decode_with_schema(*schema, header.schema_id, header.payload,
                                                   value);
  (void)value.dump();  // what a formatter does next: must not throw
  return 0;
}
