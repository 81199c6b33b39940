// Change events from Debezium's PostgreSQL connector documentation (the `inventory.customers`
// examples: create, update, delete, truncate, message), plus a snapshot read, a tombstone, a
// heartbeat and a schema change event, as the json converter hands them to transforms.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include <sluice/testing/harness.hpp>

namespace dbz_test {

using sluice::Record;
using sluice::Value;

inline Value source(long long lsn = 24023128, bool snapshot = false) {
  return Value::parse(
      R"({"version":"2.7.0.Final","connector":"postgresql","name":"PostgreSQL_server",
    "ts_ms":1559033904863,"ts_us":1559033904863123,"ts_ns":1559033904863123000,"snapshot":)" +
      std::string(snapshot ? "true" : "false") +
      R"(,"db":"postgres","sequence":"[\"24023119\",\"24023128\"]","schema":"public",
    "table":"customers","txId":555,"lsn":)" +
      std::to_string(lsn) + R"(,"xmin":null})");
}

inline Value anne(const char* first = "Anne") {
  return Value{{"id", 1},
               {"first_name", first},
               {"last_name", "Kretchmar"},
               {"email", "annek@noanswer.org"}};
}

inline Value envelope(Value before, Value after, const char* op, long long ts_ms,
                      Value src = source()) {
  Value v = Value::object();
  v["before"] = std::move(before);
  v["after"] = std::move(after);
  v["source"] = std::move(src);
  v["op"] = op;
  v["ts_ms"] = ts_ms;
  v["transaction"] = nullptr;
  return v;
}

inline Value create_event() {
  return envelope(nullptr, anne(), "c", 1559033904863);
}
inline Value read_event() {
  return envelope(nullptr, anne(), "r", 1559033904863, source(24023128, true));
}
inline Value update_event() {
  return envelope(Value{{"id", 1}}, anne("Anne Marie"), "u", 1465584025523);
}
inline Value delete_event() {
  return envelope(Value{{"id", 1}}, nullptr, "d", 1465581902461, source(46523128));
}
/// The docs' truncate event has neither `before` nor `after`.
inline Value truncate_event() {
  return Value{{"source", source(46523128)}, {"op", "t"}, {"ts_ms", 1559033904961}};
}
inline Value message_event() {
  return Value{{"source", source(46523128)},
               {"op", "m"},
               {"ts_ms", 1559033904961},
               {"message", {{"prefix", "foo"}, {"content", "Ymfy"}}}};
}
inline Value heartbeat() {
  return Value{{"ts_ms", 1714000000000}};
}
inline Value schema_change_event() {
  return Value::parse(R"J({"source":{"connector":"mysql","db":"inventory","table":"customers"},
    "ts_ms":1588252618953,"databaseName":"inventory","schemaName":null,
    "ddl":"ALTER TABLE customers ADD COLUMN middle_name VARCHAR(2000)","tableChanges":[]})J");
}

/// Connect schema of the customers row ("...Value"), as Debezium writes it.
inline Value row_schema() {
  return Value::parse(R"({"type":"struct","fields":[
    {"type":"int32","optional":false,"field":"id"},
    {"type":"string","optional":false,"field":"first_name"},
    {"type":"string","optional":false,"field":"last_name"},
    {"type":"string","optional":false,"field":"email"}],
    "optional":true,"name":"PostgreSQL_server.inventory.customers.Value"})");
}

/// Connect schema of the whole envelope ("...Envelope").
inline Value envelope_schema() {
  Value before = row_schema();
  before["field"] = "before";
  Value after = row_schema();
  after["field"] = "after";
  Value src = Value::parse(R"({"type":"struct","fields":[
    {"type":"string","optional":false,"field":"version"},
    {"type":"string","optional":false,"field":"connector"},
    {"type":"string","optional":false,"field":"name"},
    {"type":"int64","optional":false,"field":"ts_ms"},
    {"type":"string","optional":true,"field":"db"},
    {"type":"string","optional":false,"field":"schema"},
    {"type":"string","optional":false,"field":"table"},
    {"type":"int64","optional":true,"field":"txId"},
    {"type":"int64","optional":true,"field":"lsn"}],
    "optional":false,"name":"io.debezium.connector.postgresql.Source","field":"source"})");
  Value s = Value::object();
  s["type"] = "struct";
  s["fields"] = Value::array({before, after, src,
                              Value{{"type", "string"}, {"optional", false}, {"field", "op"}},
                              Value{{"type", "int64"}, {"optional", true}, {"field", "ts_ms"}}});
  s["optional"] = false;
  s["name"] = "PostgreSQL_server.inventory.customers.Envelope";
  return s;
}

inline Record rec(Value value, Value schema = nullptr, Value key = Value{{"id", 1}}) {
  Record r =
      sluice::testing::make_record(std::move(value), "PostgreSQL_server.public.customers", 0, 7);
  r.value_schema = std::move(schema);
  r.key = std::move(key);
  return r;
}

inline Record tombstone() {
  return rec(nullptr);
}

/// Runs `r` through `transforms` in order, like the engine's transform chain.
inline std::vector<Record> chain(std::initializer_list<sluice::Transform*> transforms, Record r) {
  std::vector<Record> in;
  in.push_back(std::move(r));
  for (sluice::Transform* t : transforms) {
    std::vector<Record> next;
    for (auto& x : in)
      for (auto& y : sluice::testing::apply(*t, std::move(x))) next.push_back(std::move(y));
    in = std::move(next);
  }
  return in;
}

/// The single value a transform produced, as JSON text; "<N records>" otherwise.
inline std::string only(const std::vector<Record>& out) {
  if (out.size() != 1) return "<" + std::to_string(out.size()) + " records>";
  return out[0].value.dump();
}

/// The error text a transform returned for `r` ("" when it succeeded).
inline std::string error_of(sluice::Transform& t, Record r) {
  std::vector<Record> out;
  sluice::Status st = t.apply(std::move(r), out);
  return st ? "" : std::string(sluice::errc_name(st.code())) + ": " + st.message();
}

/// Names of a struct schema's fields, in order, comma separated.
inline std::string field_names(const Value& schema) {
  std::string s;
  if (!schema.is_object() || !schema.contains("fields")) return "<no struct schema>";
  for (const auto& f : schema["fields"])
    s += (s.empty() ? "" : ",") + f["field"].get<std::string>();
  return s;
}

}  // namespace dbz_test
