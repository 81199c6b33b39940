// The registry client against the fixture registry: answers, errors, faults, auth, failover.
#include <doctest/doctest.h>

#include <algorithm>

#include <sluice/option_check.hpp>

#include "sluice_registry/registry_client.hpp"
#include "sluice_tools/schema_registry.hpp"

using namespace sluice::registry;
using sluice::Errc;
using sluice::tools::SchemaRegistry;
using sluice::tools::SchemaType;

namespace {

RegistryConfig config_for(const std::string& url, std::string user_info = "") {
  RegistryConfig c;
  c.urls = {url};
  c.user_info = std::move(user_info);
  c.timeout_ms = 5000;
  return c;
}

}  // namespace

TEST_CASE("registry client: schema by id, type, references, and unknown ids") {
  SchemaRegistry sr;
  const int dep = sr.register_schema("common.proto", "syntax = \"proto3\";", SchemaType::Protobuf);
  const int id = sr.register_schema("orders-value", "syntax = \"proto3\"; import \"common.proto\";",
                                    SchemaType::Protobuf, {{"common.proto", "common.proto", 1}});
  const int avro = sr.register_schema("x-value", R"("string")");
  RegistryClient client(config_for(sr.url()));

  RegisteredSchema s;
  REQUIRE(client.schema_by_id(id, s).is_ok());
  CHECK(s.type == "PROTOBUF");
  REQUIRE(s.references.size() == 1);
  CHECK(s.references[0].name == "common.proto");
  CHECK(s.references[0].subject == "common.proto");
  CHECK(s.references[0].version == 1);

  REQUIRE(client.schema_by_id(avro, s).is_ok());
  CHECK(s.type == "AVRO");
  CHECK(s.text == R"("string")");
  CHECK(s.references.empty());

  REQUIRE(client.schema_by_subject_version("common.proto", 1, s).is_ok());
  CHECK(s.text == "syntax = \"proto3\";");
  (void)dep;

  auto st = client.schema_by_id(999, s);
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "schema id 999 not found in the registry");
  st = client.schema_by_subject_version("nope", 3, s);
  CHECK(st.code() == Errc::bad_record);
  CHECK(st.message() == "referenced subject 'nope' version 3 not found in the registry");
}

TEST_CASE("registry client: 5xx and outages are retryable, and recover") {
  SchemaRegistry sr;
  const int id = sr.register_schema("s", R"("int")");
  RegistryClient client(config_for(sr.url()));
  RegisteredSchema s;

  sr.fail_next_requests(1, 500);
  auto st = client.schema_by_id(id, s);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("answered 500 to schema id 1: Error in the backend data store") !=
        std::string::npos);
  CHECK(client.schema_by_id(id, s).is_ok());

  sr.set_down(true);
  st = client.schema_by_id(id, s);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("unreachable for schema id 1") != std::string::npos);
  sr.set_down(false);
  CHECK(client.schema_by_id(id, s).is_ok());
}

TEST_CASE("registry client: basic auth, and the secret never appears in errors") {
  SchemaRegistry sr({0, std::string("alice"), std::string("s3cret")});
  const int id = sr.register_schema("s", R"("int")");
  RegisteredSchema s;
  RegistryClient good(config_for(sr.url(), "alice:s3cret"));
  CHECK(good.schema_by_id(id, s).is_ok());
  RegistryClient bad(config_for(sr.url(), "alice:wrong"));
  auto st = bad.schema_by_id(id, s);
  CHECK(st.code() == Errc::retryable);
  CHECK(st.message().find("HTTP 401") != std::string::npos);
  CHECK(st.message().find("wrong") == std::string::npos);
}

TEST_CASE("registry client: the next URL is tried when one is down") {
  SchemaRegistry down;
  SchemaRegistry up;
  const int id = up.register_schema("s", R"("long")");
  {
    // The fixture's set_down() may hang when called before its server loop runs (cpp-httplib
    // stop-before-listen race): one answered request proves the loop runs.
    RegistryClient probe(config_for(down.url()));
    RegisteredSchema none;
    REQUIRE(probe.schema_by_id(1, none).code() == Errc::bad_record);
  }
  down.set_down(true);
  RegistryConfig c = config_for(down.url());
  c.urls.push_back(up.url());
  RegistryClient client(c);
  RegisteredSchema s;
  REQUIRE(client.schema_by_id(id, s).is_ok());
  CHECK(s.text == R"("long")");
}

TEST_CASE("options: URL list, user info, redaction") {
  sluice::Value given = {{"schema_registry_url", "http://a:8081/, https://b:8081"},
                         {"schema_registry_basic_auth_user_info", "u:p"}};
  sluice::Value resolved;
  auto specs = registry_option_specs();
  REQUIRE(sluice::check_options(specs, given, resolved).empty());
  auto c = parse_registry_options(sluice::Options(resolved));
  CHECK(c.urls == std::vector<std::string>{"http://a:8081", "https://b:8081"});
  CHECK(c.timeout_ms == 10000);
  CHECK(c.ssl_verify);
  CHECK(std::find_if(specs.begin(), specs.end(), [](const sluice::OptionSpec& s) {
          return s.name == "schema_registry_basic_auth_user_info";
        })->secret);

  given["schema_registry_url"] = "ftp://x";
  REQUIRE(sluice::check_options(specs, given, resolved).empty());
  CHECK_THROWS_WITH(parse_registry_options(sluice::Options(resolved)),
                    "option 'schema_registry_url': 'ftp://x' is not an http:// or https:// URL");
  given["schema_registry_url"] = "http://x";
  given["schema_registry_basic_auth_user_info"] = "nocolon";
  REQUIRE(sluice::check_options(specs, given, resolved).empty());
  CHECK_THROWS(parse_registry_options(sluice::Options(resolved)));

  CHECK(redact_url("https://u:p@host:1/x") == "https://***@host:1/x");
  CHECK(redact_url("http://host/a@b") == "http://host/a@b");
}
