// What a valid pipeline resolves to: ${VAR} expansion, dotted keys folded, defaults filled, and
// the printed pipeline with secrets masked.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "config/toml_reader.hpp"
#include "resolve_helpers.hpp"

using sluice::test::fake_env;
using sluice::test::fixture_registry;
using sluice::test::resolve;

namespace {

constexpr std::string_view kPipeline = R"(name = "orders"
[source]
bootstrap_servers = "${KAFKA_HOST}:${KAFKA_PORT}"
topics = "orders, customers"
key = { converter = "fixture_text" }
value = { converter = "fixture_text", max_bytes = 1024 }
[[transforms]]
plugin = "fixture_copy"
field = "id"
delete.handling.mode = "rewrite"
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
username = "loader"
password = "${PASSWORD}"
topic_to_table = { orders = "orders_tbl" }
[sink.properties]
max_filter_ratio = "0.1"
)";

const auto kEnv =
    fake_env({{"KAFKA_HOST", "127.0.0.1"}, {"KAFKA_PORT", "9092"}, {"PASSWORD", "pa55-w0rd"}});

}  // namespace

TEST_CASE("${VAR} expands from the environment; $${ is a literal") {
  auto p = resolve(kPipeline, fixture_registry(), kEnv);
  CHECK(p.source.bootstrap_servers == "127.0.0.1:9092");
  CHECK(p.sink.plugin.options.get_string("password") == "pa55-w0rd");
  auto env = fake_env({{"A", "x"}});
  CHECK(sluice::engine::expand_env("$${A} ${A}${A} $ {A} $A", env) == "${A} xx $ {A} $A");
  CHECK_THROWS_WITH_AS(sluice::engine::expand_env("a ${B}", env),
                       "environment variable B is not set", std::invalid_argument);
}

TEST_CASE("an unquoted dotted key equals the quoted form") {
  auto unquoted = resolve(kPipeline, fixture_registry(), kEnv);
  std::string quoted_text(kPipeline);
  quoted_text.replace(quoted_text.find("delete.handling.mode"), 20, "\"delete.handling.mode\"");
  auto quoted = resolve(quoted_text, fixture_registry(), kEnv);
  REQUIRE(unquoted.transforms.size() == 1);
  REQUIRE(quoted.transforms.size() == 1);
  CHECK(unquoted.transforms[0].options.get_string("delete.handling.mode") == "rewrite");
  CHECK(unquoted.transforms[0].options.raw() == quoted.transforms[0].options.raw());
}

TEST_CASE("defaults are filled and accepted spellings normalised") {
  auto p = resolve(kPipeline, fixture_registry(), kEnv);
  CHECK(p.name == "orders");
  CHECK(p.workers == 1);
  CHECK(p.source.topics == std::vector<std::string>{"orders", "customers"});
  CHECK(p.source.group_id == "sluice-orders");
  CHECK(p.source.start_offset == "earliest");
  CHECK(p.source.key.options.raw().dump() == R"({"charset":"utf-8","max_bytes":65536})");
  CHECK(p.source.value.options.raw().dump() == R"({"charset":"utf-8","max_bytes":1024})");
  CHECK(p.transforms[0].options.raw().dump() ==
        R"({"field":"id","target":"copy","delete.handling.mode":"rewrite","limit":10})");
  CHECK(p.sink.flush_interval_ms == 300000);
  CHECK(p.sink.buffer_max_bytes == 94371840);
  CHECK(p.sink.topic_to_table == sluice::engine::StringPairs{{"orders", "orders_tbl"}});
  CHECK(p.sink.plugin.options.get_int("timeout_ms") == 1000);
  CHECK(p.formatter.name == "fixture_lines");
  CHECK(p.errors.tolerance == "none");
}

TEST_CASE("the secrets of a pipeline are listed for redaction") {
  auto p = resolve(kPipeline, fixture_registry(), kEnv);
  CHECK(p.secrets() == std::vector<std::string>{"pa55-w0rd"});
}

TEST_CASE("the resolved pipeline masks secrets and reads back") {
  auto p = resolve(kPipeline, fixture_registry(), kEnv);
  std::string toml = p.to_toml();
  INFO(toml);
  CHECK(toml.find("password = \"******\"\n") != std::string::npos);
  CHECK(toml.find("pa55-w0rd") == std::string::npos);
  CHECK(toml.find("\"delete.handling.mode\" = \"rewrite\"\n") != std::string::npos);
  // What validate prints reads back as the same pipeline (secrets aside).
  auto again = resolve(toml, fixture_registry(), fake_env());
  CHECK(again.to_toml() == toml);
  std::string quoted_text(kPipeline);
  quoted_text.replace(quoted_text.find("delete.handling.mode"), 20, "\"delete.handling.mode\"");
  CHECK(resolve(quoted_text, fixture_registry(), kEnv).to_toml() == toml);
}
