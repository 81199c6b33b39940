// Realistic Kafka Connect configs (fixtures/) through `sluice migrate`; each output must pass
// `sluice validate` and mean the same as the connector config: topics, tables, converters,
// transforms in order with their options, buffer settings, Stream Load headers, error handling.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/toml_reader.hpp"
#include "run_process.hpp"

namespace fs = std::filesystem;
using sluice::Value;

namespace {

const std::map<std::string, std::optional<std::string>> kEnv = {
    {"KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"},
    {"STARROCKS_PASSWORD", "env-password"},
    {"KAFKA_SASL_PASSWORD", "env-sasl"},
    {"SCHEMA_REGISTRY_USER_INFO", "reader:env-registry"}};

// A scratch folder for this test process, removed at the end.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("sluice-migrate-test-" + std::to_string(::getpid()));
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Migrated {
  int exit_code = -1;
  std::string text;  // the TOML written by --output
  std::string err;
  Value pipeline;  // text parsed by sluice's reader, ${VARS} from kEnv
  fs::path file;
};

Migrated migrate(const ScratchDir& dir, const std::string& fixture,
                 std::vector<std::string> extra = {}) {
  Migrated m;
  m.file = dir.path / (fixture + ".toml");
  std::vector<std::string> argv = {SLUICE_BIN, "migrate", std::string(FIXTURE_DIR) + "/" + fixture,
                                   "--output", m.file.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto r = sluice::test::run_process(argv);
  m.exit_code = r.exit_code;
  m.err = r.err;
  REQUIRE_MESSAGE(r.out.empty(), "with --output nothing goes to stdout");
  m.text = read_text(m.file);
  auto env = [](const std::string& name) -> std::optional<std::string> {
    auto it = kEnv.find(name);
    return it == kEnv.end() ? std::nullopt : it->second;
  };
  m.pipeline = sluice::engine::read_toml_text(m.text, m.file.string(), env).root;
  return m;
}

bool plugin_built(const std::string& file) {
  return fs::exists(fs::path(BUNDLED_PLUGIN_DIR) / file);
}

void check_validates(const Migrated& m) {
  auto r = sluice::test::run_process({SLUICE_BIN, "validate", m.file.string()}, kEnv);
  INFO("validate stderr: " << r.err);
  INFO("migrated TOML:\n" << m.text);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(": valid\n") != std::string::npos);
}

void check_no_secrets(const Migrated& m, std::initializer_list<const char*> secrets) {
  for (const char* s : secrets) {
    CHECK_MESSAGE(m.text.find(s) == std::string::npos, "secret printed: ", s);
    CHECK_MESSAGE(m.err.find(s) == std::string::npos, "secret printed: ", s);
  }
}

}  // namespace

TEST_CASE("the documentation's standalone example with Debezium (transforms=addfield,unwrap)") {
  ScratchDir dir;
  Migrated m = migrate(dir, "debezium-standalone.properties");
  INFO(m.text);
  CHECK(m.exit_code == 0);
  const Value& p = m.pipeline;
  CHECK(p["name"] == "starrocks-kafka-connector");
  CHECK(p["source"]["topics"] == Value::array({"dbserver1.inventory.customers"}));
  CHECK(p["source"]["group_id"] == "connect-starrocks-kafka-connector");
  CHECK(p["source"]["bootstrap_servers"] == "127.0.0.1:9092");
  CHECK(p["sink"]["topic_to_table"] == Value{{"dbserver1.inventory.customers", "customers"}});
  CHECK(p["source"]["key"] == Value{{"converter", "json"}, {"schemas_enable", true}});
  CHECK(p["source"]["value"] == Value{{"converter", "json"}, {"schemas_enable", false}});
  CHECK(p["transforms"] ==
        Value::array({Value{{"plugin", "debezium_op"}}, Value{{"plugin", "debezium_unwrap"},
                                                              {"delete.handling.mode", "rewrite"},
                                                              {"drop.tombstones", true}}}));
  CHECK(p["sink"]["http_url"] == Value::array({"192.168.10.11:8030", "192.168.10.12:8030"}));
  CHECK(p["sink"]["database"] == "inventory");
  CHECK(p["sink"]["username"] == "root");
  CHECK(p["sink"]["password"] == "env-password");
  CHECK(p["sink"]["format"] == "json");
  CHECK(p["sink"]["buffer_max_bytes"] == 67108864);  // the connector's code default
  CHECK(p["sink"]["flush_interval_ms"] == 1000);
  CHECK_FALSE(p["sink"].contains("properties"));  // strip_outer_array belongs to the formatter
  CHECK(m.text.find("# note: sink.properties.strip_outer_array=true — dropped") !=
        std::string::npos);
  CHECK(p["errors"] == Value{{"tolerance", "none"}});
  check_no_secrets(m, {"123456"});
  check_validates(m);
}

TEST_CASE(
    "CSV: separator, delimiter and columns go to [formatter]; string values flagged (exit 3)") {
  ScratchDir dir;
  Migrated m = migrate(dir, "csv.properties");
  INFO(m.text);
  CHECK(m.exit_code == 3);
  CHECK(m.err.find("not migrated or changed in behaviour") != std::string::npos);
  CHECK(m.text.find("# changed: sink.properties.format=csv — the connector sent each string value "
                    "verbatim as a CSV line") != std::string::npos);
  const Value& p = m.pipeline;
  CHECK(p["workers"] == 4);
  CHECK(p["source"]["topics"] == Value::array({"orders", "refunds"}));
  CHECK(p["sink"]["topic_to_table"] == Value{{"orders", "ods_orders"}, {"refunds", "ods_refunds"}});
  CHECK(p["source"]["key"] == Value{{"converter", "string"}});
  CHECK(p["source"]["value"] == Value{{"converter", "string"}});
  CHECK(m.text.find("# not migrated: value.converter.schemas.enable=false — the string converter "
                    "does not use it") != std::string::npos);
  CHECK(p["sink"]["format"] == "csv");
  CHECK(p["formatter"] == Value{{"column_separator", "\\x01"},
                                {"row_delimiter", "\n"},
                                {"columns", Value::array({"id", "amount", "created_at"})}});
  CHECK(p["sink"]["properties"] == Value{{"max_filter_ratio", "0.1"}, {"timeout", "600"}});
  CHECK(p["sink"]["buffer_max_bytes"] == 134217728);
  CHECK(p["sink"]["flush_interval_ms"] == 10000);
  CHECK(p["sink"]["connect_timeout_ms"] == 2000);
  CHECK(p["errors"] == Value{{"tolerance", "all"},
                             {"dead_letter_topic", "orders-dlq"},
                             {"dead_letter_context_headers", true}});
  CHECK(p["sink"]["password"] == "env-password");
  check_no_secrets(m, {"s3cret"});  // written across a line continuation in the fixture
  check_validates(m);
}

TEST_CASE("Protobuf with a schema registry, SASL from consumer.override.*, topics.regex") {
  ScratchDir dir;
  Migrated m = migrate(dir, "protobuf.properties");
  INFO(m.text);
  CHECK(m.exit_code == 0);
  const Value& p = m.pipeline;
  CHECK(p["source"]["topics_regex"] == "payments\\..*");
  CHECK_FALSE(p["source"].contains("topics"));
  CHECK(p["source"]["start_offset"] == "latest");
  CHECK(p["source"]["value"] ==
        Value{{"converter", "protobuf"},
              {"schema_registry_url", "https://registry.example.com:8081"},
              {"schema_registry_basic_auth_user_info", "reader:env-registry"}});
  CHECK(p["source"]["key"] == Value{{"converter", "string"}});
  CHECK(p["source"]["librdkafka"] == Value{{"sasl.username", "svc-payments"},
                                           {"sasl.password", "env-sasl"},
                                           {"sasl.mechanisms", "PLAIN"},
                                           {"security.protocol", "SASL_SSL"}});
  CHECK(p["sink"]["http_url"] == Value::array({"fe1:8030", "fe2:8030"}));
  CHECK(p["sink"]["flush_interval_ms"] == 5000);
  CHECK(p["sink"]["max_retries"] == 5);
  CHECK(p["sink"]["properties"] == Value{{"max_filter_ratio", "0"}});
  check_no_secrets(m, {"pa55", "kafka-pw", "r3g1stry"});
  if (plugin_built("sluice_converter_protobuf.so"))
    check_validates(m);
  else
    MESSAGE(
        "sluice_converter_protobuf.so is not built: the protobuf output was checked, not "
        "validated");
}

TEST_CASE("the REST body of POST /connectors (unwrap first, then addfield)") {
  ScratchDir dir;
  Migrated m = migrate(dir, "rest-body.json");
  INFO(m.text);
  CHECK(m.exit_code == 0);
  const Value& p = m.pipeline;
  CHECK(p["name"] == "shop-cdc");
  CHECK(p["workers"] == 2);
  CHECK(p["source"]["topics"] ==
        Value::array({"shop.inventory.orders", "shop.inventory.customers"}));
  CHECK(p["sink"]["topic_to_table"] ==
        Value{{"shop.inventory.orders", "orders"}, {"shop.inventory.customers", "customers"}});
  // JsonConverter's schemas.enable defaults to true, sluice's to false: written out. Its
  // replace.null.with.default and decimal.format are options of the json converter too.
  CHECK(p["source"]["value"] == Value{{"converter", "json"},
                                      {"schemas_enable", true},
                                      {"decimal.format", "NUMERIC"},
                                      {"replace.null.with.default", false}});
  CHECK(p["transforms"] == Value::array({Value{{"plugin", "debezium_unwrap"},
                                               {"delete.tombstone.handling.mode", "rewrite"},
                                               {"add.fields", "op,table,source.ts_ms:source_ts"}},
                                         Value{{"plugin", "debezium_op"}}}));
  CHECK(p["sink"]["buffer_max_bytes"] == 94371840);
  CHECK(p["sink"]["flush_interval_ms"] == 300000);
  CHECK(p["sink"]["properties"] == Value{{"max_filter_ratio", "0"}, {"partial_update", "true"}});
  check_no_secrets(m, {"hunter2"});
  check_validates(m);
}

TEST_CASE("Kafka SMTs with predicates, $Key/$Value as target, RegexRouter") {
  ScratchDir dir;
  Migrated m = migrate(dir, "smt-predicate.properties");
  INFO(m.text);
  CHECK(m.exit_code == 0);
  const Value& p = m.pipeline;
  Value expected = Value::array({
      Value{{"plugin", "filter"}, {"predicate", "record_is_tombstone"}},
      Value{
          {"plugin", "regex_router"}, {"regex", "prod\\.events\\.(.*)"}, {"replacement", "ev_$1"}},
      Value{{"plugin", "mask_field"},
            {"target", "value"},
            {"fields", "ip,email"},
            {"replacement", "redacted"}},
      Value{{"plugin", "cast"}, {"target", "value"}, {"spec", "duration:int64,score:float64"}},
      Value{{"plugin", "insert_field"},
            {"target", "value"},
            {"topic.field", "source_topic"},
            {"timestamp.field", "kafka_ts"},
            {"predicate", "topic_name_matches"},
            {"pattern", ".*clicks"},
            {"negate", true}},
      Value{{"plugin", "hoist_field"}, {"target", "key"}, {"field", "user_id"}},
      Value{{"plugin", "drop_headers"}, {"headers", "traceparent,tracestate"}},
  });
  CHECK(p["transforms"] == expected);
  CHECK(p["sink"]["password"] == "");
  CHECK_FALSE(p["sink"].contains("topic_to_table"));
  CHECK(p["source"]["value"] == Value{{"converter", "json"}, {"schemas_enable", false}});
  check_validates(m);
}

TEST_CASE("an unmappable transform: a comment saying why, the rest of the chain kept, exit 3") {
  ScratchDir dir;
  Migrated m = migrate(dir, "unmappable.properties");
  INFO(m.text);
  CHECK(m.exit_code == 3);
  CHECK(m.text.find("# not migrated: transforms.custom.type=com.example.kafka.MyEnricher — no "
                    "sluice plugin; write one with the SDK") != std::string::npos);
  CHECK(m.text.find("# not migrated: errors.log.enable=true — sluice always logs bad records") !=
        std::string::npos);
  CHECK(m.pipeline["transforms"] ==
        Value::array(
            {Value{{"plugin", "flatten"}, {"target", "value"}, {"delimiter", "_"}},
             Value{{"plugin", "replace_field"}, {"target", "value"}, {"exclude", "debug"}}}));
  check_validates(m);
}

TEST_CASE("stdout, --worker-properties, and input errors") {
  ScratchDir dir;
  auto r = sluice::test::run_process(
      {SLUICE_BIN, "migrate", std::string(FIXTURE_DIR) + "/debezium-standalone.properties"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("[[transforms]]   # 'addfield': "
                   "com.starrocks.kafka.transforms.AddOpFieldForDebeziumRecord\n") !=
        std::string::npos);

  fs::path worker = dir.path / "worker.properties";
  std::ofstream(worker)
      << "bootstrap.servers=kafka1:9092,kafka2:9092\nconsumer.security.protocol=SSL\n";
  Migrated m =
      migrate(dir, "debezium-standalone.properties", {"--worker-properties", worker.string()});
  CHECK(m.exit_code == 0);
  CHECK(m.pipeline["source"]["bootstrap_servers"] == "kafka1:9092,kafka2:9092");
  CHECK(m.pipeline["source"]["librdkafka"] == Value{{"security.protocol", "SSL"}});
  CHECK(m.text.find("KAFKA_BOOTSTRAP_SERVERS") == std::string::npos);

  auto missing =
      sluice::test::run_process({SLUICE_BIN, "migrate", (dir.path / "nope.properties").string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("cannot read") != std::string::npos);
  fs::path bad_json = dir.path / "bad.json";
  std::ofstream(bad_json) << "{\"name\": \"x\", \"config\": [1]}";
  auto bad = sluice::test::run_process({SLUICE_BIN, "migrate", bad_json.string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("\"config\" must be an object") != std::string::npos);
}
