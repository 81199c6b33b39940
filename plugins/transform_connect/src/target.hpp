// Which part of a record a transform works on: Kafka's `$Value` / `$Key` class variants, spelled
// `target = "value" | "key"` in sluice.
#pragma once

#include <string>

#include <sluice/options.hpp>
#include <sluice/record.hpp>

namespace sluice_connect {

using sluice::Record;
using sluice::Value;

enum class Target { value, key };

/// The `target` option ("value", the default, or "key").
sluice::OptionSpec target_option_spec();
Target parse_target(const sluice::Options& options);

inline const char* target_name(Target t) noexcept {
  return t == Target::key ? "key" : "value";
}

/// The key or the value of `record`, and its schema.
inline Value& operand(Record& record, Target t) noexcept {
  return t == Target::key ? record.key : record.value;
}
inline Value& operand_schema(Record& record, Target t) noexcept {
  return t == Target::key ? record.key_schema : record.value_schema;
}

/// The topic as Kafka's later transforms would see it: a router (regex_router, Debezium's
/// route.by.field) rewrites the topic in Kafka and sets Record::table in sluice.
inline const std::string& effective_topic(const Record& record) noexcept {
  return record.table.empty() ? record.topic : record.table;
}

}  // namespace sluice_connect
