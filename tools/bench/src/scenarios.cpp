#include "scenarios.hpp"

#include <string_view>

namespace sluice::bench {

std::vector<Scenario> all_scenarios(std::uint64_t records) {
  std::vector<Scenario> out;
  out.push_back({"json", "plain JSON → JSON, no transforms (pass-through)", DataKind::plain_json,
                 "json", false, false, records});
  out.push_back(
      {"csv", "plain JSON → CSV (parses)", DataKind::plain_json, "csv", false, false, records});
  out.push_back({"cdc", "Debezium JSON → debezium_op + debezium_unwrap → JSON",
                 DataKind::debezium_json, "json", false, false, records});
  out.push_back({"cdc-parse", "as cdc, emulator parsing into a Primary Key table",
                 DataKind::debezium_json, "json", true, false, records});
  out.push_back({"protobuf", "Protobuf (Confluent wire format) → JSON", DataKind::protobuf, "json",
                 false, true, records});
  return out;
}

std::string pipeline_toml(const Scenario& s, const PipelineEnv& env) {
  std::string t;
  t += "# written by sluice-bench, scenario " + s.id + "\n";
  t += "name = \"" + env.name + "\"\n";
  t += "workers = " + std::to_string(env.workers) + "\n\n";
  t += "[source]\n";
  t += "bootstrap_servers = \"" + env.bootstrap + "\"\n";
  t += "topics = [\"" + env.topic + "\"]\n";
  t += "group_id = \"" + env.group + "\"\n";
  t += "start_offset = \"earliest\"\n\n";
  if (!env.librdkafka.empty()) {
    t += "[source.librdkafka]\n";
    for (const auto& kv : env.librdkafka) {
      const std::string_view entry(kv);
      const auto eq = entry.find('=');
      t.append("\"").append(entry.substr(0, eq)).append("\" = \"");
      if (eq != std::string_view::npos) t.append(entry.substr(eq + 1));
      t.append("\"\n");
    }
    t += "\n";
  }
  switch (s.data) {
    case DataKind::plain_json:
      t += "[source.value]\nconverter = \"json\"\n\n";
      break;
    case DataKind::debezium_json:
      // Debezium without schemas: the key is {"id":N}, the value the bare envelope.
      t += "[source.key]\nconverter = \"json\"\nschemas_enable = false\n\n";
      t += "[source.value]\nconverter = \"json\"\nschemas_enable = false\n\n";
      t += "[[transforms]]\nplugin = \"debezium_op\"\n\n";
      t += "[[transforms]]\nplugin = \"debezium_unwrap\"\n\"drop.tombstones\" = "
           "true\n\"delete.handling.mode\" = \"rewrite\"\n\n";
      break;
    case DataKind::protobuf:
      t += "[source.value]\nconverter = \"protobuf\"\nschema_registry_url = \"" + env.registry_url +
           "\"\n\n";
      break;
  }
  if (s.format == "csv")
    t += std::string("[formatter]\ncolumns = ") + plain_json_columns_toml() + "\n\n";
  t += "[sink]\nplugin = \"starrocks\"\n";
  t += "http_url = [\"" + env.fe_url + "\"]\n";
  t += std::string("database = \"") + kDatabase + "\"\n";
  t += std::string("topic_to_table = { \"") + env.topic + "\" = \"" +
       (s.data == DataKind::debezium_json ? "customers" : kTable) + "\" }\n";
  t += "username = \"root\"\npassword = \"\"\n";
  t += "format = \"" + s.format + "\"\n";
  t += "buffer_max_bytes = " + std::to_string(env.buffer_max_bytes) + "\n";
  t += "flush_interval_ms = " + std::to_string(env.flush_interval_ms) + "\n";
  return t;
}

std::string parsing_tables_json() {
  return R"({"tables": [
  {"db": "bench", "table": "customers", "model": "primary", "keys": ["id"],
   "columns": ["id bigint", "first_name varchar", "last_name varchar", "email varchar", "score double",
               "balance decimal", "active boolean", "updated_at datetime"]}
]})";
}

}  // namespace sluice::bench
