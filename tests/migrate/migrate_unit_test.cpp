// The migration's pieces through the engine library: .properties and REST JSON reading, the
// mapping rules, the notes and exit codes.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "migrate/connect_rest_reader.hpp"
#include "migrate/connector_mapper.hpp"
#include "migrate/migration_writer.hpp"
#include "migrate/properties_reader.hpp"

using namespace sluice::engine::migrate;
using sluice::Value;

namespace {

const char* kBase =
    "name=n\nconnector.class=com.starrocks.connector.kafka.StarRocksSinkConnector\ntopics=t\n"
    "starrocks.http.url=fe:8030\nstarrocks.database.name=db\nstarrocks.username=u\nstarrocks."
    "password=p\n"
    "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
    "value.converter=org.apache.kafka.connect.json.JsonConverter\n";

Migration migrate_text(const std::string& extra) {
  return migrate_connector(read_properties(kBase + extra), nullptr);
}

bool has_note(const Migration& m, Severity s, const std::string& key,
              const std::string& text_part) {
  for (const auto& n : m.notes.all())
    if (n.severity == s && n.key == key && n.text.find(text_part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("properties: separators, comments, continuations and escapes as java.util.Properties") {
  auto c = read_properties(
      "# comment\n! also a comment\n  \n"
      "a=1\n"
      "b : two words \n"
      "c three\n"
      "   d=indented\n"
      "e=first \\\n    second\n"
      "f=tab\\there\\nnewline\n"
      "g=\\u00e9\\u20ac\n"
      "h\\=k=escaped key\n"
      "i=back\\\\slash\\\\\n"
      "j=\\x01 stays\n"
      "k=\r\n"
      "a=last wins\r\n");
  CHECK(c.peek("a") == "last wins");
  CHECK(c.peek("b") == "two words ");
  CHECK(c.peek("c") == "three");
  CHECK(c.peek("d") == "indented");
  CHECK(c.peek("e") == "first second");
  CHECK(c.peek("f") == "tab\there\nnewline");
  CHECK(c.peek("g") == "\xc3\xa9\xe2\x82\xac");
  CHECK(c.peek("h=k") == "escaped key");
  CHECK(c.peek("i") == "back\\slash\\");
  CHECK(c.peek("j") == "x01 stays");
  CHECK(c.peek("k") == "");
  CHECK(c.entries().size() == 11);
  CHECK(c.entries()[4].line == 8);  // "e" starts on line 8
  CHECK_THROWS_WITH_AS(read_properties("x=ok\ny=\\u12G4\n"), "line 2: malformed \\uxxxx escape",
                       std::invalid_argument);
}

TEST_CASE("REST JSON: the POST /connectors body and a bare config object") {
  auto c =
      read_connect_rest_json(R"({"name":"x","config":{"tasks.max":3,"topics":"a","flag":true}})");
  CHECK(c.peek("name") == "x");
  CHECK(c.peek("tasks.max") == "3");
  CHECK(c.peek("flag") == "true");
  auto bare = read_connect_rest_json(R"({"name":"y","connector.class":"C"})");
  CHECK(bare.peek("connector.class") == "C");
  CHECK(looks_like_json("  \n{\"a\":1}"));
  CHECK_FALSE(looks_like_json("name=x"));
  CHECK_THROWS_WITH_AS(read_connect_rest_json(R"({"name":"x","config":{"name":"z"}})"),
                       "\"name\" is \"x\" but config.name is \"z\"; Kafka Connect refuses that",
                       std::invalid_argument);
  CHECK_THROWS_AS(read_connect_rest_json("{\"name\":"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(read_connect_rest_json(R"({"config":{"a":[1]}})"),
                       "config key \"a\" must be a string, number or boolean, found array",
                       std::invalid_argument);
}

TEST_CASE("a complete config maps with exit 0 and spells out the connector's effective defaults") {
  Migration m = migrate_text("");
  CHECK(m.notes.exit_code() == 0);
  const Value& p = m.pipeline;
  CHECK(p["sink"]["buffer_max_bytes"] == 67108864);
  CHECK(p["sink"]["flush_interval_ms"] == 1000);
  CHECK_FALSE(p["sink"].contains("connect_timeout_ms"));
  CHECK(p["source"]["value"] == Value{{"converter", "json"}, {"schemas_enable", true}});
  CHECK(p["source"]["group_id"] == "connect-n");
  CHECK(p["sink"]["password"] == "${STARROCKS_PASSWORD}");
}

TEST_CASE("required keys missing or malformed: exit 2") {
  CHECK(migrate_connector(read_properties("name=n\n"), nullptr).notes.exit_code() == 2);
  Migration bad_map = migrate_text("starrocks.topic2table.map=t:tbl,broken\n");
  CHECK(bad_map.notes.exit_code() == 2);
  CHECK(has_note(bad_map, Severity::error, "starrocks.topic2table.map",
                 "malformed entry \"broken\""));
  CHECK(migrate_text("starrocks.topic2table.map=t:a:b\n").notes.exit_code() == 2);
  CHECK(migrate_text("topics.regex=x.*\n").notes.exit_code() == 2);  // both topics and topics.regex
  CHECK(migrate_text("tasks.max=many\n").notes.exit_code() == 2);
  CHECK(migrate_text("bufferflush.maxbytes=1G\n").notes.exit_code() == 2);
  CHECK(migrate_text("sink.properties.format=parquet\n").notes.exit_code() == 2);
  CHECK(migrate_text("transforms=a\n").notes.exit_code() == 2);  // no transforms.a.type
  CHECK(migrate_text("transforms=a\ntransforms.a.type=org.apache.kafka.connect.transforms.Cast\n")
            .notes.exit_code() == 2);
  Migration undeclared = migrate_text(
      "transforms=a\ntransforms.a.type=org.apache.kafka.connect.transforms.Filter\ntransforms.a."
      "predicate=p\n");
  CHECK(has_note(undeclared, Severity::error, "transforms.a.predicate",
                 "not listed in 'predicates'"));
  Migration avro = migrate_text("value.converter=io.confluent.connect.avro.AvroConverter\n");
  CHECK(has_note(avro, Severity::error, "value.converter.schema.registry.url",
                 "needs the schema registry URL"));
}

TEST_CASE("behaviour changes: exit 3; harmless leftovers: exit 0") {
  Migration custom = migrate_text("transforms=x\ntransforms.x.type=com.example.Foo\n");
  CHECK(custom.notes.exit_code() == 3);
  CHECK(has_note(custom, Severity::changed, "transforms.x.type",
                 "no sluice plugin; write one with the SDK"));
  CHECK(migrate_text("some.unknown.key=1\n").notes.exit_code() == 3);
  CHECK(migrate_text("errors.tolerance=all\n").notes.exit_code() ==
        3);  // no DLQ: Connect dropped silently
  CHECK(migrate_text("value.converter=io.confluent.connect.json.JsonSchemaConverter\n")
            .notes.exit_code() == 3);
  CHECK(
      migrate_text(
          "transforms=a\ntransforms.a.type=org.apache.kafka.connect.transforms.ExtractField$Value\n"
          "transforms.a.field=x\ntransforms.a.field.syntax.version=V2\n")
          .notes.exit_code() == 3);
  // an unreadable key converter is harmless while nothing reads the key, not once a $Key SMT does
  CHECK(migrate_text("key.converter=org.apache.kafka.connect.converters.LongConverter\n")
            .notes.exit_code() == 0);
  CHECK(
      migrate_text("key.converter=org.apache.kafka.connect.converters.LongConverter\ntransforms=h\n"
                   "transforms.h.type=org.apache.kafka.connect.transforms.HoistField$"
                   "Key\ntransforms.h.field=k\n")
          .notes.exit_code() == 3);
  Migration harmless = migrate_text(
      "errors.log.enable=true\nkey.converter.schemas.enable=true\nsink.properties.strip_outer_"
      "array=true\n"
      "sink.properties.label=x\nsink.maxretries=2\n");
  CHECK(harmless.notes.exit_code() == 0);
  CHECK(harmless.pipeline["sink"]["max_retries"] == 2);
  CHECK_FALSE(harmless.pipeline["sink"].contains("properties"));
}

TEST_CASE("RegexRouter with a map key that only a routed name could hit: exit 3") {
  const std::string router =
      "transforms=r\ntransforms.r.type=org.apache.kafka.connect.transforms.RegexRouter\n"
      "transforms.r.regex=(.*)\ntransforms.r.replacement=x_$1\n";
  CHECK(migrate_text(router + "starrocks.topic2table.map=t:tbl\n").notes.exit_code() == 0);
  Migration m = migrate_text(router + "starrocks.topic2table.map=x_t:tbl\n");
  CHECK(has_note(m, Severity::changed, "starrocks.topic2table.map",
                 "sluice takes a router's table as final"));
}

TEST_CASE("secrets never reach the output; SASL JAAS and registry credentials become variables") {
  Migration m = migrate_text(
      "consumer.override.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
      "required "
      "username=\"svc\" password=\"Top-Secret-1\";\n"
      "consumer.override.ssl.keystore.password=Top-Secret-2\n"
      "value.converter=io.confluent.connect.avro.AvroConverter\nvalue.converter.schema.registry."
      "url=http://r:8081\n"
      "value.converter.basic.auth.user.info=u:Top-Secret-3\n"
      "consumer.override.sasl.oauthbearer.token=Top-Secret-4\n");
  std::string out = write_migration(m, "x.properties");
  CHECK(out.find("Top-Secret") == std::string::npos);
  CHECK(m.pipeline["source"]["librdkafka"]["sasl.username"] == "svc");
  CHECK(m.pipeline["source"]["librdkafka"]["sasl.password"] == "${KAFKA_SASL_PASSWORD}");
  CHECK(m.pipeline["source"]["value"]["schema_registry_basic_auth_user_info"] ==
        "${SCHEMA_REGISTRY_USER_INFO}");
  CHECK(out.find("# not migrated: consumer.override.ssl.keystore.password=****** — ") !=
        std::string::npos);
  CHECK(out.find("#   KAFKA_SASL_PASSWORD: ") != std::string::npos);
  CHECK(m.notes.exit_code() == 3);  // the keystore cannot be mapped
}

TEST_CASE("values are written so that ${...} expansion gives them back") {
  Migration m = migrate_text("sink.properties.where=${not_a_var}\n");
  CHECK(m.pipeline["sink"]["properties"]["where"] == "$${not_a_var}");
}

TEST_CASE("the worker config supplies bootstrap servers, converters and consumer settings") {
  auto worker = read_properties(
      "bootstrap.servers=k1:9092,k2:9092\nvalue.converter=org.apache.kafka.connect.json."
      "JsonConverter\n"
      "value.converter.schemas.enable=false\nconsumer.security.protocol=SSL\nconsumer.auto.offset."
      "reset=latest\n"
      "group.id=connect-cluster\n");
  auto connector = read_properties(
      "name=n\nconnector.class=com.starrocks.connector.kafka.StarRocksSinkConnector\ntopics=t\n"
      "starrocks.http.url=fe:8030\nstarrocks.database.name=db\nstarrocks.username=u\nstarrocks."
      "password=p\n"
      "consumer.override.auto.offset.reset=earliest\n");
  Migration m = migrate_connector(connector, &worker);
  CHECK(m.notes.exit_code() == 0);
  CHECK(m.pipeline["source"]["bootstrap_servers"] == "k1:9092,k2:9092");
  CHECK(m.pipeline["source"]["start_offset"] == "earliest");  // the connector's override wins
  CHECK(m.pipeline["source"]["group_id"] == "connect-n");  // the worker's group.id is its own group
  CHECK(m.pipeline["source"]["librdkafka"] == Value{{"security.protocol", "SSL"}});
  CHECK(m.pipeline["source"]["value"] == Value{{"converter", "json"}, {"schemas_enable", false}});
  CHECK(m.pipeline["source"]["key"]["converter"] == "bytes");  // unset and unread
  // without the worker config, the value converter is a guess: exit 3
  CHECK(migrate_connector(connector, nullptr).notes.exit_code() == 3);
}

TEST_CASE("the writer puts notes on top and comments on their lines") {
  Migration m = migrate_text("transforms=x\ntransforms.x.type=com.example.Foo\n");
  std::string out = write_migration(m, "in.properties");
  CHECK(out.rfind("# sluice pipeline migrated by `sluice migrate` from in.properties\n", 0) == 0);
  CHECK(out.find("# not migrated: transforms.x.type=com.example.Foo — no sluice plugin; write one "
                 "with the SDK") != std::string::npos);
  CHECK(out.find("password = \"${STARROCKS_PASSWORD}\"   # set STARROCKS_PASSWORD") !=
        std::string::npos);
  CHECK(out.find(
            "bootstrap_servers = \"${KAFKA_BOOTSTRAP_SERVERS}\"   # set KAFKA_BOOTSTRAP_SERVERS") !=
        std::string::npos);
}
