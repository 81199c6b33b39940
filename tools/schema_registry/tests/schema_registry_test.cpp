// The schema registry fixture, checked over HTTP with libcurl.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "sluice_tools/schema_registry.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using sluice::tools::SchemaReference;
using sluice::tools::SchemaRegistry;
using sluice::tools::SchemaRegistryOptions;
using sluice::tools::SchemaType;
using sluice::tools::test::Credentials;
using sluice::tools::test::http_get;
using sluice::tools::test::http_post;
using sluice::tools::test::HttpResponse;

namespace {

const std::string kAvro =
    R"({"type":"record","name":"Order","fields":[{"name":"id","type":"long"}]})";
const std::string kAvro2 =
    R"({"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]})";
const std::string kCommonProto =
    "syntax = \"proto3\";\npackage common;\nmessage Money { int64 units = 1; }\n";
const std::string kOrderProto =
    "syntax = \"proto3\";\nimport \"common.proto\";\nmessage Order { common.Money total = 1; }\n";

json body_of(const HttpResponse& r) {
  INFO("status ", r.status, " curl error '", r.curl_error, "' body: ", r.body);
  REQUIRE(r.curl_error.empty());
  return json::parse(r.body);
}

int register_over_http(const SchemaRegistry& sr, const std::string& subject, const json& body,
                       const std::optional<Credentials>& auth = {}) {
  const auto r = http_post(sr.url() + "/subjects/" + subject + "/versions", body.dump(), auth);
  REQUIRE(r.status == 200);
  return body_of(r).at("id").get<int>();
}

}  // namespace

TEST_CASE("schema_registry: register and fetch Avro schemas by id") {
  SchemaRegistry sr;
  CHECK(sr.port() > 0);
  CHECK(sr.url() == "http://127.0.0.1:" + std::to_string(sr.port()));

  const int id1 = register_over_http(sr, "orders-value", {{"schema", kAvro}});
  CHECK(id1 == 1);
  // The same schema under the same subject keeps its id and version.
  CHECK(register_over_http(sr, "orders-value", {{"schema", kAvro}, {"schemaType", "AVRO"}}) == 1);
  // A new schema gets the next global id.
  CHECK(register_over_http(sr, "orders-value", {{"schema", kAvro2}}) == 2);
  // The same text under another subject reuses the id (ids are per schema, like Confluent).
  CHECK(register_over_http(sr, "copy-value", {{"schema", kAvro}}) == 1);

  const auto r = http_get(sr.url() + "/schemas/ids/1");
  CHECK(r.status == 200);
  CHECK(r.content_type == "application/vnd.schemaregistry.v1+json");
  CHECK(body_of(r) == json{{"schema", kAvro}});  // no schemaType for AVRO

  CHECK(body_of(http_get(sr.url() + "/subjects")) == json{"copy-value", "orders-value"});
  CHECK(body_of(http_get(sr.url() + "/subjects/orders-value/versions")) == json{1, 2});
  CHECK(body_of(http_get(sr.url() + "/subjects/orders-value/versions/latest")) ==
        json{{"subject", "orders-value"}, {"version", 2}, {"id", 2}, {"schema", kAvro2}});
  CHECK(body_of(http_get(sr.url() + "/subjects/orders-value/versions/1")).at("id") == 1);
  const auto raw = http_get(sr.url() + "/subjects/orders-value/versions/1/schema");
  CHECK(raw.body == kAvro);
}

TEST_CASE("schema_registry: Protobuf schemas with references") {
  SchemaRegistry sr;
  const int common = register_over_http(sr, "common.proto",
                                        {{"schema", kCommonProto}, {"schemaType", "PROTOBUF"}});
  const json refs =
      json::array({{{"name", "common.proto"}, {"subject", "common.proto"}, {"version", 1}}});
  const int order = register_over_http(
      sr, "orders-value",
      {{"schema", kOrderProto}, {"schemaType", "PROTOBUF"}, {"references", refs}});
  CHECK(order == common + 1);

  CHECK(body_of(http_get(sr.url() + "/schemas/ids/" + std::to_string(order))) ==
        json{{"schemaType", "PROTOBUF"}, {"references", refs}, {"schema", kOrderProto}});
  CHECK(body_of(http_get(sr.url() + "/schemas/ids/" + std::to_string(common))) ==
        json{{"schemaType", "PROTOBUF"}, {"schema", kCommonProto}});
  const json latest = body_of(http_get(sr.url() + "/subjects/orders-value/versions/latest"));
  CHECK(latest.at("schemaType") == "PROTOBUF");
  CHECK(latest.at("references") == refs);
  CHECK(latest.at("version") == 1);

  // A reference to something that is not registered is refused.
  const json bad = json::array({{{"name", "x.proto"}, {"subject", "missing"}, {"version", 1}}});
  const auto r = http_post(
      sr.url() + "/subjects/other/versions",
      json{{"schema", kOrderProto}, {"schemaType", "PROTOBUF"}, {"references", bad}}.dump());
  CHECK(r.status == 422);
  CHECK(body_of(r).at("error_code") == 42201);
  CHECK(body_of(r).at("message").get<std::string>().find("Subject 'missing' not found.") !=
        std::string::npos);
}

TEST_CASE("schema_registry: not found and invalid requests") {
  SchemaRegistry sr;
  sr.register_schema("s", kAvro);
  auto r = http_get(sr.url() + "/schemas/ids/99");
  CHECK(r.status == 404);
  CHECK(body_of(r) == json{{"error_code", 40403}, {"message", "Schema not found"}});
  CHECK(http_get(sr.url() + "/schemas/ids/abc").status == 404);

  r = http_get(sr.url() + "/subjects/nope/versions");
  CHECK(r.status == 404);
  CHECK(body_of(r) == json{{"error_code", 40401}, {"message", "Subject 'nope' not found."}});
  r = http_get(sr.url() + "/subjects/s/versions/7");
  CHECK(r.status == 404);
  CHECK(body_of(r) == json{{"error_code", 40402}, {"message", "Version 7 not found."}});
  r = http_get(sr.url() + "/subjects/s/versions/zero");
  CHECK(r.status == 422);
  CHECK(body_of(r).at("error_code") == 42202);

  r = http_post(sr.url() + "/subjects/s/versions", "not json");
  CHECK(r.status == 400);
  r = http_post(sr.url() + "/subjects/s/versions", R"({"schema":"x","schemaType":"XML"})");
  CHECK(r.status == 422);
  CHECK(body_of(r).at("message") == "Invalid schema: unknown schemaType \"XML\"");
  r = http_post(sr.url() + "/subjects/s/versions", R"({"schemaType":"AVRO"})");
  CHECK(r.status == 422);
  r = http_get(sr.url() + "/no/such/route");
  CHECK(r.status == 404);
  CHECK(r.content_type == "application/vnd.schemaregistry.v1+json");
}

TEST_CASE("schema_registry: programmatic registration") {
  SchemaRegistry sr;
  const int a = sr.register_schema("a", kCommonProto, SchemaType::Protobuf);
  const int b = sr.register_schema("b", kOrderProto, SchemaType::Protobuf,
                                   {SchemaReference{"common.proto", "a", 1}});
  CHECK(b == a + 1);
  CHECK(body_of(http_get(sr.url() + "/schemas/ids/" + std::to_string(b)))
            .at("references")
            .at(0)
            .at("subject") == "a");
  CHECK_THROWS_WITH(
      sr.register_schema("c", kOrderProto, SchemaType::Protobuf, {SchemaReference{"x", "a", 2}}),
      doctest::Contains("Version 2 not found."));
  CHECK(sr.register_schema("j", R"({"type":"object"})", SchemaType::Json) == b + 1);
  CHECK(body_of(http_get(sr.url() + "/subjects/j/versions/1")).at("schemaType") == "JSON");
}

TEST_CASE("schema_registry: basic auth") {
  SchemaRegistryOptions options;
  options.user = "alice";
  options.password = "s3cret";
  SchemaRegistry sr(options);
  const Credentials good{"alice", "s3cret"};

  auto r = http_get(sr.url() + "/subjects");
  CHECK(r.status == 401);
  CHECK(body_of(r) == json{{"error_code", 401}, {"message", "Unauthorized"}});
  r = http_get(sr.url() + "/subjects", Credentials{"alice", "wrong"});
  CHECK(r.status == 401);
  CHECK(register_over_http(sr, "s", {{"schema", kAvro}}, good) == 1);
  r = http_get(sr.url() + "/schemas/ids/1", good);
  CHECK(r.status == 200);
  CHECK(body_of(r).at("schema") == kAvro);
}

TEST_CASE("schema_registry: fault hooks") {
  SchemaRegistry sr;
  const int id = sr.register_schema("s", kAvro);
  const std::string url = sr.url() + "/schemas/ids/" + std::to_string(id);

  sr.fail_next_requests(2);
  auto r = http_get(url);
  CHECK(r.status == 500);
  CHECK(body_of(r).at("error_code") == 50001);
  CHECK(http_get(url).status == 500);
  CHECK(http_get(url).status == 200);

  sr.fail_next_requests(1, 503);
  CHECK(http_get(url).status == 503);
  CHECK(http_get(url).status == 200);
  CHECK(sr.request_count() == 5);

  const uint16_t port = sr.port();
  sr.set_down(true);
  r = http_get(url);
  CHECK(r.status == 0);
  CHECK(r.curl_error == "Couldn't connect to server");
  sr.set_down(true);  // idempotent
  sr.set_down(false);
  CHECK(sr.port() == port);
  r = http_get(url);
  CHECK(r.status == 200);  // same port, schemas kept
  CHECK(body_of(r).at("schema") == kAvro);

  sr.set_response_delay(300ms);
  const auto start = std::chrono::steady_clock::now();
  CHECK(http_get(url).status == 200);
  CHECK(std::chrono::steady_clock::now() - start >= 300ms);
  sr.set_response_delay(0ms);
}
