// Every kind of configuration error, with its exact message: file:line:column, the table, what is
// wrong and, for a misspelt name, the nearest valid one. Pipelines resolve against the fixture
// plugins only (tests/fixtures/plugins), never the bundled ones.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <sluice/version.hpp>

#include "resolve_helpers.hpp"

using sluice::test::config_error;

namespace {

// A valid pipeline; tests below change one thing in it. Line numbers matter: keep them in sync.
constexpr std::string_view kValid = R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)";

// The lines of `text`, sorted by line and column ("file:LINE:COL: ...").
std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  auto pos = [](const std::string& l) {
    int line = 0, col = 0;
    std::sscanf(l.c_str() + l.find(':') + 1, "%d:%d", &line, &col);
    return std::pair(line, col);
  };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return pos(a) < pos(b); });
  return out;
}

}  // namespace

TEST_CASE("the base pipeline is valid") {
  CHECK(config_error(kValid) == "");
}

TEST_CASE("TOML syntax error names the position") {
  CHECK(config_error(R"(name = "orders
[source]
)") == "pipeline.toml:1:15: Error while parsing string: unescaped control characters other than "
       "TAB (U+0009) "
       "are explicitly prohibited");
  CHECK(config_error("name = \"orders\"\n[source\n") ==
        "pipeline.toml:2:8: Error while parsing table header: expected ']', saw '\\n'");
}

TEST_CASE("unknown key at top level, with suggestion") {
  CHECK(config_error(R"(name = "orders"
worker = 2
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:2:1: unknown option 'worker'; did you mean 'workers'?");
}

TEST_CASE("unknown key in [source], with suggestion") {
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
start_ofset = "latest"
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:5:1: [source] unknown option 'start_ofset'; did you mean 'start_offset'?");
}

TEST_CASE("unknown key in [source.value] (a converter option), with suggestion") {
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
[source.value]
converter = "fixture_text"
max_byte = 10
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:8:1: [source.value] unknown option 'max_byte'; did you mean 'max_bytes'?");
}

TEST_CASE("unknown key in [sink]: an engine key and a plugin key, each with suggestion") {
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
flush_interval = 1000
usrname = "loader"
)") == "pipeline.toml:11:1: [sink] unknown option 'flush_interval'; did you mean "
       "'flush_interval_ms'?\n"
       "pipeline.toml:12:1: [sink] unknown option 'usrname'; did you mean 'username'?");
}

TEST_CASE("unknown key in a [[transforms]] entry, with suggestion") {
  std::string toml = std::string(kValid) + R"(
[[transforms]]
plugin = "fixture_copy"
field = "id"
targte = "id_copy"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:15:1: [transforms[0]] unknown option 'targte'; did you mean 'target'?");
}

TEST_CASE("an unknown key far from every valid one gets no suggestion") {
  std::string toml = std::string(kValid) + "colour = \"blue\"\n";
  CHECK(config_error(toml) == "pipeline.toml:11:1: [sink] unknown option 'colour'");
}

TEST_CASE("wrong type: engine key and plugin key") {
  CHECK(config_error(R"(name = "orders"
workers = "2"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:2:11: option 'workers' must be an integer, not a string");
  std::string toml = std::string(kValid) + "timeout_ms = \"5s\"\n";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:14: [sink] option 'timeout_ms' must be an integer, not a string");
  toml = std::string(kValid) + "properties = \"x\"\n";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:14: [sink] option 'properties' must be a table of strings, not a string");
}

TEST_CASE("missing required: a plugin option, name and bootstrap_servers") {
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
)") == "pipeline.toml:7:2: [sink] missing required option 'url' (string)");
  CHECK(config_error(R"(workers = 2
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
[sink]
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:1:1: missing required option 'name' (string)");
  CHECK(config_error(R"(name = "orders"
[source]
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:2:2: [source] missing required option 'bootstrap_servers' (string)");
  std::string toml = std::string(kValid) + R"(
[[transforms]]
plugin = "fixture_copy"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:12:1: [transforms[0]] missing required option 'field' (string)");
  toml = std::string(kValid) + R"(
[[transforms]]
field = "id"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:12:1: [transforms[0]] missing 'plugin' (the plugin name)");
}

TEST_CASE("out of range: an engine key and a plugin integer") {
  std::string toml = std::string(kValid) + "flush_interval_ms = 0\n";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:21: [sink] option 'flush_interval_ms' = 0 is out of range [1, 3600000]");
  toml = std::string(kValid) + "timeout_ms = 70000\n";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:14: [sink] option 'timeout_ms' = 70000 is out of range [1, 60000]");
  toml = std::string(kValid) + R"(
[[transforms]]
plugin = "fixture_copy"
field = "id"
limit = -1
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:15:9: [transforms[0]] option 'limit' = -1 is out of range [0, 100]");
}

TEST_CASE("a value not in an enum, with the nearest allowed value") {
  std::string toml = std::string(kValid) + "mode = \"fsat\"\n";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:8: [sink] option 'mode' = \"fsat\" is not one of: fast, safe; did you "
        "mean 'fast'?");
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
start_offset = "earlist"
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:5:16: [source] option 'start_offset' = \"earlist\" is not one of: earliest, "
       "latest; "
       "did you mean 'earliest'?");
}

TEST_CASE("topics and topics_regex: both, or neither") {
  CHECK(
      config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
topics_regex = '^shop\..*'
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") ==
      "pipeline.toml:5:1: [source] set either 'topics' or 'topics_regex', not both ('topics' is at "
      "pipeline.toml:4:1)");
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
key = { converter = "fixture_text" }
value = { converter = "fixture_text" }
[sink]
plugin = "fixture_sink"
format = "fixture_lines"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:2:2: [source] needs 'topics' (a list of topics) or 'topics_regex'");
}

TEST_CASE("unknown plugin name, with the nearest plugin of that kind") {
  const std::string searched = "; searched: " FIXTURE_PLUGIN_DIR;
  std::string toml = std::string(kValid) + R"(
[[transforms]]
plugin = "fixture_cpy"
field = "id"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:13:10: no transform plugin named 'fixture_cpy'; did you mean "
        "'fixture_copy'? (available: fixture_copy)" +
            searched);
  CHECK(config_error(R"(name = "orders"
[source]
bootstrap_servers = "127.0.0.1:9092"
topics = ["orders"]
key = { converter = "fixture_text" }
value = { converter = "fixture_txt" }
[sink]
plugin = "fixture_sink"
format = "csv"
url = "http://127.0.0.1:8030"
)") == "pipeline.toml:6:23: no converter plugin named 'fixture_txt'; did you mean 'fixture_text'? "
       "(available: "
       "fixture_text)" +
            searched +
            "\n"
            "pipeline.toml:9:10: no formatter plugin named 'csv' (available: fixture_lines)" +
            searched);
}

TEST_CASE("${VAR} that is not set is an error at the value") {
  std::string toml = std::string(kValid) + "password = \"${SLUICE_TEST_UNSET_PASSWORD}\"\n";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:12: environment variable SLUICE_TEST_UNSET_PASSWORD is not set");
  toml = std::string(kValid) + "username = \"${}\"\n";
  CHECK(config_error(toml) == "pipeline.toml:11:12: empty variable name '${}'");
}

TEST_CASE("unquoted dotted keys are folded, so their errors name the dotted option") {
  std::string toml = std::string(kValid) + R"(
[[transforms]]
plugin = "fixture_copy"
field = "id"
delete.handling.mod = "rewrite"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:15:17: [transforms[0]] unknown option 'delete.handling.mod'; did you "
        "mean 'delete.handling.mode'?");
  toml = std::string(kValid) + R"(
[[transforms]]
plugin = "fixture_copy"
field = "id"
delete.handling.mode = "rewite"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:15:24: [transforms[0]] option 'delete.handling.mode' = \"rewite\" is not "
        "one of: drop, rewrite, none; did you mean 'rewrite'?");
}

TEST_CASE("Stream Load headers that sluice sets are refused in [sink.properties]") {
  std::string toml = std::string(kValid) + R"(
[sink.properties]
max_filter_ratio = "0.1"
format = "csv"
column_separator = ","

[sink.tables.orders.properties]
partial_update = "true"
label = "mine"
)";
  CHECK(sorted_lines(config_error(toml)) ==
        std::vector<std::string>{"pipeline.toml:14:1: [sink.properties] 'format' is set by sluice; "
                                 "choose the formatter with sink.format",
                                 "pipeline.toml:15:1: [sink.properties] 'column_separator' is set "
                                 "by sluice; set it in [formatter] so "
                                 "that the body and the header agree",
                                 "pipeline.toml:19:1: [sink.tables.orders.properties] 'label' is "
                                 "set by sluice (one label per batch, "
                                 "kept across retries)"});
}

TEST_CASE("tolerance = \"all\" needs a dead-letter topic") {
  std::string toml = std::string(kValid) + R"(
[errors]
tolerance = "all"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:13:13: [errors] tolerance = \"all\" needs dead_letter_topic: sluice never "
        "drops a record silently");
  CHECK(config_error(toml + "dead_letter_topic = \"orders-dlq\"\n") == "");
}

TEST_CASE("every problem is reported at once") {
  std::string toml = std::string(kValid) + R"(timeout_ms = 0
mode = "slow"
[errors]
tolerance = "some"
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:14: [sink] option 'timeout_ms' = 0 is out of range [1, 60000]\n"
        "pipeline.toml:12:8: [sink] option 'mode' = \"slow\" is not one of: fast, safe\n"
        "pipeline.toml:14:13: [errors] option 'tolerance' = \"some\" is not one of: none, all; did "
        "you mean 'none'?");
}

TEST_CASE(
    "a plugin built for another ABI is refused, and a pipeline that needs a missing plugin says "
    "so") {
  auto reg = sluice::engine::PluginRegistry::discover({OTHER_ABI_PLUGIN_DIR, FIXTURE_PLUGIN_DIR});
  REQUIRE(reg.failures().size() == 1);
  const std::string refusal =
      std::string(OTHER_ABI_PLUGIN_FILE) +
      ": plugin was built for ABI 999, " SLUICE_COMPILER_ID ", " SLUICE_STDLIB_ID
      ", " SLUICE_JSON_ID " but this sluice is ABI " SLUICE_STRINGIFY(
          SLUICE_ABI_VERSION) ", " SLUICE_COMPILER_ID ", " SLUICE_STDLIB_ID ", " SLUICE_JSON_ID
                              "; rebuild the plugin against this SDK";
  CHECK(reg.failures()[0].error == refusal);
  // The fixture plugins after it on the path still load.
  CHECK(reg.find(sluice::PluginKind::sink, "fixture_sink") != nullptr);
  std::string toml = std::string(kValid) + R"(
[[transforms]]
plugin = "future_transform"
)";
  CHECK(config_error(toml, reg) ==
        "pipeline.toml:13:10: no transform plugin named 'future_transform' (available: "
        "fixture_copy); searched: " OTHER_ABI_PLUGIN_DIR ", " FIXTURE_PLUGIN_DIR
        "\n  could not load " +
            refusal);
}

TEST_CASE("errors come in file order, and a table option keeps the file's key order") {
  std::string toml = std::string(kValid) + R"([sink.properties]
format = "csv"
column_separator = ","
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:12:1: [sink.properties] 'format' is set by sluice; choose the formatter "
        "with sink.format\n"
        "pipeline.toml:13:1: [sink.properties] 'column_separator' is set by sluice; set it in "
        "[formatter] so that "
        "the body and the header agree");
  toml = std::string(kValid) + R"(zeta = 1
alpha = 2
)";
  CHECK(config_error(toml) ==
        "pipeline.toml:11:1: [sink] unknown option 'zeta'\n"
        "pipeline.toml:12:1: [sink] unknown option 'alpha'");
  toml = std::string(kValid) + R"([sink.properties]
z = "1"
a = "2"
)";
  auto p = sluice::test::resolve(toml);
  CHECK(p.sink.plugin.options.get_table("properties") ==
        std::vector<std::pair<std::string, std::string>>{{"z", "1"}, {"a", "2"}});
}
