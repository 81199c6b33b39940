// Deterministic record generators for the benchmark scenarios: record i always has the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sluice::bench {

// What a scenario produces into its topic.
enum class DataKind { plain_json, debezium_json, protobuf };

struct GeneratedRecord {
  std::optional<std::string> key;
  std::string value;
};

// A flat JSON object of about 400 bytes (clickstream-like event, 14 fields). Key: null.
GeneratedRecord plain_json_record(std::uint64_t i);

// A schemaless Debezium change event of about 400 bytes (PostgreSQL connector shape) with an op
// mix of 10% r, 30% c, 50% u, 10% d; row ids cycle through `id_space` so that updates and
// deletes hit existing rows. Key: {"id":N} as Debezium writes it without schemas.
GeneratedRecord debezium_record(std::uint64_t i, std::uint64_t id_space);

// The plain JSON event's fields as a Protobuf message (bench.Event, see protobuf_schema()) in
// the Confluent wire format: magic byte 0, 4-byte big-endian schema id, message index [0].
GeneratedRecord protobuf_record(std::uint64_t i, std::int32_t schema_id);
std::string protobuf_schema();

GeneratedRecord generate(DataKind kind, std::uint64_t i, std::int32_t schema_id);

// Columns of the plain JSON event, in the order the generator writes them (for CSV).
const char* plain_json_columns_toml();

}  // namespace sluice::bench
