// The StarRocks sink, loaded from its .so as the engine loads it, against the Stream Load emulator:
// redirect with auth, labels, failures and their classification, FE failover, compression and
// per-table headers (read back from the emulator's load history).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <sluice/testing/harness.hpp>
#include <sluice_tools/starrocks_emulator.hpp>
#include "closed_port.hpp"

using sluice::Errc;
using sluice::LoadBody;
using sluice::LoadRequest;
using sluice::LoadResult;
using sluice::Value;
using sluice_tools::FaultKind;
using sluice_tools::FaultSpec;

namespace {

constexpr const char* kPassword = "s3cret-pass";

struct Env {
  Env()
      : emulator([] {
          sluice_tools::EmulatorOptions o;
          o.users = {{"root", ""}, {"loader", kPassword}};
          o.tables = sluice_tools::parse_tables_json(R"J({"tables":[
      {"db":"demo","table":"users","model":"primary","keys":["id"],
       "columns":["id bigint","name varchar not null","score double"]},
      {"db":"demo","table":"events","model":"duplicate",
       "columns":["id int","msg varchar not null"]}
    ]})J");
          return o;
        }()) {
    emulator.start();
  }

  Value options(Value extra = Value::object()) const {
    Value o{{"http_url", Value::array({emulator.fe_url()})},
            {"database", "demo"},
            {"username", "loader"},
            {"password", kPassword},
            {"label_state_poll_ms", 20}};
    for (auto& [k, v] : extra.items()) o[k] = v;
    return o;
  }

  sluice::PluginInstance<sluice::Sink> sink(Value extra = Value::object()) {
    return harness.sink("starrocks", options(std::move(extra)));
  }

  bool password_in_logs() {
    for (const auto& line : harness.host().logs())
      if (line.message.find(kPassword) != std::string::npos) return true;
    return false;
  }

  sluice_tools::StarRocksEmulator emulator;
  sluice::testing::Harness harness{PLUGIN_FILE};
};

LoadBody json_body(std::string data) {
  LoadBody b;
  b.data = std::move(data);
  b.headers = {{"format", "json"}};
  b.rows = static_cast<std::size_t>(std::count(b.data.begin(), b.data.end(), '\n'));
  return b;
}

LoadResult load(sluice::Sink& sink, std::string_view table, std::string_view label,
                const LoadBody& body) {
  return sink.load(LoadRequest{table, label, body});
}

const LoadBody kUsers =
    json_body("{\"id\":1,\"name\":\"ann\",\"score\":1.5}\n{\"id\":2,\"name\":\"bob\"}\n");

using sink_tests::closed_port;

}  // namespace

TEST_CASE("a batch goes through the FE's redirect to the BE, with credentials, and lands") {
  Env env;
  auto sink = env.sink();
  LoadResult r = load(*sink, "users", "pipe-users-0-1", kUsers);
  CHECK_MESSAGE(r.status.is_ok(), r.status.message());
  CHECK(r.loaded_rows == 2);
  CHECK(r.filtered_rows == 0);
  CHECK_FALSE(r.already_loaded);
  CHECK(r.response.find("\"Status\":\"Success\"") != std::string::npos);

  auto rows = env.emulator.table_rows("demo", "users");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["name"] == "ann");
  CHECK(rows[1]["score"].is_null());
  auto loads = env.emulator.loads();
  REQUIRE(loads.size() == 1);
  CHECK(loads[0].label == "pipe-users-0-1");
  CHECK(loads[0].headers.at("format") == "json");
  CHECK(env.emulator.counters().fe_redirects == 1);
}

TEST_CASE("a wrong password is permanent, and the password appears nowhere") {
  Env env;
  auto sink = env.harness.sink("starrocks", env.options({{"password", "wrong-password-xyz"}}));
  LoadResult r = load(*sink, "users", "l1", kUsers);
  CHECK(r.status.code() == Errc::permanent);
  CHECK(r.status.message().find("Access denied for loader@") != std::string::npos);
  CHECK(r.status.message().find("wrong-password-xyz") == std::string::npos);
  CHECK(r.response.find("wrong-password-xyz") == std::string::npos);
  CHECK(env.emulator.table_rows("demo", "users").empty());

  auto good = env.sink();
  CHECK(load(*good, "users", "l2", kUsers).status.is_ok());
  CHECK_FALSE(env.password_in_logs());
}

TEST_CASE("a label loaded before is success, marked already_loaded, and loads nothing twice") {
  Env env;
  auto sink = env.sink();
  REQUIRE(load(*sink, "events", "ev-1", json_body("{\"id\":1,\"msg\":\"a\"}\n")).status.is_ok());
  LoadResult again = load(*sink, "events", "ev-1", json_body("{\"id\":1,\"msg\":\"a\"}\n"));
  CHECK_MESSAGE(again.status.is_ok(), again.status.message());
  CHECK(again.already_loaded);
  CHECK(env.emulator.table_rows("demo", "events").size() == 1);
}

TEST_CASE("a label still RUNNING is polled until it is visible or committed") {
  Env env;
  auto sink = env.sink();
  FaultSpec f;
  f.kind = FaultKind::kLabelRunning;
  f.running_polls =
      0;  // the first get_load_state answers VISIBLE (the emulator applies the rows then)
  env.emulator.inject_fault(f);
  LoadResult r = load(*sink, "users", "run-1", kUsers);
  CHECK_MESSAGE(r.status.is_ok(), r.status.message());
  CHECK(r.already_loaded);
  CHECK(env.emulator.table_rows("demo", "users").size() == 2);

  // PREPARE, PREPARE, then COMMITTED: committed is final (visible soon), like Publish Timeout.
  // (The emulator shows the rows only once a later poll says VISIBLE, so rows are not checked.)
  f.running_polls = 3;
  env.emulator.inject_fault(f);
  LoadResult committed = load(*sink, "events", "run-2", json_body("{\"id\":1,\"msg\":\"a\"}\n"));
  CHECK_MESSAGE(committed.status.is_ok(), committed.status.message());
  CHECK(committed.already_loaded);
  CHECK(env.harness.host().metric("starrocks", "starrocks_label_waits_total") == 2);
}

TEST_CASE("a label RUNNING for longer than label_state_max_wait_ms is retryable, then loads") {
  Env env;
  FaultSpec f;
  f.kind = FaultKind::kLabelRunning;
  f.running_polls = 1000;
  env.emulator.inject_fault(f);
  auto sink = env.sink({{"label_state_max_wait_ms", 100}});
  LoadResult r = load(*sink, "users", "run-2", kUsers);
  CHECK(r.status.code() == Errc::retryable);
  CHECK(r.status.message().find("Label Already Exists and still running") != std::string::npos);
  CHECK(r.status.message().find("label_state_max_wait_ms") != std::string::npos);
}

TEST_CASE("Fail: transient messages are retryable and the same label loads on the retry") {
  Env env;
  FaultSpec f;
  f.kind = FaultKind::kFailRetryable;
  env.emulator.inject_fault(f);
  auto sink = env.sink();
  LoadResult r = load(*sink, "users", "retry-1", kUsers);
  CHECK(r.status.code() == Errc::retryable);
  CHECK(r.status.message().find("current running txns on db demo") != std::string::npos);
  CHECK(r.status.message().find("Stream Load into demo.users: Fail: current running txns") == 0);
  LoadResult again = load(*sink, "users", "retry-1", kUsers);
  CHECK_MESSAGE(again.status.is_ok(), again.status.message());
  CHECK_FALSE(again.already_loaded);
  CHECK(env.emulator.table_rows("demo", "users").size() == 2);
}

TEST_CASE("Fail: unknown table and access denied are permanent") {
  Env env;
  auto sink = env.sink();
  LoadResult r = load(*sink, "nope", "x-1", kUsers);
  CHECK(r.status.code() == Errc::permanent);
  CHECK(r.status.message().find("unknown table") != std::string::npos);

  FaultSpec f;
  f.kind = FaultKind::kFailPermanent;
  env.emulator.inject_fault(f);
  LoadResult denied = load(*sink, "users", "x-2", kUsers);
  CHECK(denied.status.code() == Errc::permanent);
  CHECK(denied.status.message().find("Access denied") != std::string::npos);

  // a server that echoes the password: it is masked in the message and the raw response
  f.message = std::string("Access denied: bad password ") + kPassword;
  env.emulator.inject_fault(f);
  LoadResult echoed = load(*sink, "users", "x-3", kUsers);
  CHECK(echoed.status.code() == Errc::permanent);
  CHECK(echoed.status.message().find(kPassword) == std::string::npos);
  CHECK(echoed.status.message().find("bad password ******") != std::string::npos);
  CHECK(echoed.response.find(kPassword) == std::string::npos);
}

TEST_CASE("too many filtered rows is permanent and quotes the first lines of the error log") {
  Env env;
  auto sink = env.sink();
  LoadResult r = load(*sink, "events", "f-1",
                      json_body("{\"id\":1,\"msg\":\"ok\"}\n{\"id\":2}\n{\"id\":3}\n"));
  CHECK(r.status.code() == Errc::permanent);
  CHECK(r.status.message().find("too many filtered rows") != std::string::npos);
  CHECK(r.status.message().find(
            "error log: Error: column(msg) value is null while columns is not nullable") !=
        std::string::npos);
  CHECK(r.filtered_rows == 2);
  CHECK(r.error_url.find("/api/_load_error_log?file=") != std::string::npos);
  CHECK(env.emulator.table_rows("demo", "events").empty());

  // within max_filter_ratio: loaded, with the filtered count
  auto tolerant = env.sink({{"properties", {{"max_filter_ratio", "0.9"}}}});
  LoadResult ok =
      load(*tolerant, "events", "f-2", json_body("{\"id\":1,\"msg\":\"ok\"}\n{\"id\":2}\n"));
  CHECK_MESSAGE(ok.status.is_ok(), ok.status.message());
  CHECK(ok.loaded_rows == 1);
  CHECK(ok.filtered_rows == 1);
}

TEST_CASE("HTTP 500, a dropped connection and Publish Timeout") {
  Env env;
  auto sink = env.sink();
  FaultSpec f;
  f.kind = FaultKind::kHttp500;
  env.emulator.inject_fault(f);
  LoadResult e500 = load(*sink, "users", "h-1", kUsers);
  CHECK(e500.status.code() == Errc::retryable);
  CHECK(e500.status.message().find("HTTP 500") != std::string::npos);

  f.kind = FaultKind::kDropMidBody;
  env.emulator.inject_fault(f);
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "{\"id\":" + std::to_string(i) + ",\"name\":\"n\"}\n";
  LoadResult dropped = load(*sink, "users", "h-2", json_body(big));
  CHECK(dropped.status.code() == Errc::retryable);
  CHECK(dropped.status.message().find("after the FE's redirect") != std::string::npos);
  CHECK(env.harness.host().metric("starrocks", "starrocks_fe_failovers_total") == 0);

  f.kind = FaultKind::kPublishTimeout;
  env.emulator.inject_fault(f);
  LoadResult published = load(*sink, "users", "h-3", kUsers);
  CHECK_MESSAGE(published.status.is_ok(), published.status.message());
  CHECK(env.emulator.table_rows("demo", "users").size() == 2);
}

TEST_CASE("a slow answer within load_timeout_ms loads; past it the attempt is retryable") {
  Env env;
  auto sink = env.sink({{"load_timeout_ms", 1000}});
  FaultSpec f;
  f.kind = FaultKind::kSlow;
  f.delay_ms = 200;
  env.emulator.inject_fault(f);
  CHECK(load(*sink, "users", "s-1", kUsers).status.is_ok());

  f.delay_ms = 3000;
  env.emulator.inject_fault(f);
  const auto start = std::chrono::steady_clock::now();
  LoadResult r = load(*sink, "users", "s-2", kUsers);
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(r.status.code() == Errc::retryable);
  CHECK(r.status.message().find("timed out") != std::string::npos);
  CHECK(took < std::chrono::milliseconds(2500));
}

TEST_CASE("an FE that refuses connections is skipped for the next one, round-robin") {
  Env env;
  const std::string dead = "127.0.0.1:" + std::to_string(closed_port());
  auto sink = env.sink({{"http_url", Value::array({dead, env.emulator.fe_url()})}});
  LoadResult first = load(*sink, "users", "rr-1", kUsers);  // starts at the dead FE
  CHECK_MESSAGE(first.status.is_ok(), first.status.message());
  LoadResult second = load(*sink, "users", "rr-2", kUsers);  // starts at the live one
  CHECK(second.status.is_ok());
  CHECK(env.harness.host().metric("starrocks", "starrocks_fe_failovers_total") == 1);
  bool warned = false;
  for (const auto& l : env.harness.host().logs())
    warned = warned || (l.level == 3 &&
                        l.message.find("FE http://" + dead + " unreachable") != std::string::npos);
  CHECK(warned);
  CHECK(env.emulator.counters().fe_redirects == 2);
}

TEST_CASE("an FE that closes the connection without answering is skipped too") {
  Env env;
  FaultSpec f;
  f.kind = FaultKind::kFeDown;
  env.emulator.inject_fault(f);
  auto sink =
      env.sink({{"http_url", Value::array({env.emulator.fe_url(), env.emulator.fe_url()})}});
  LoadResult r = load(*sink, "users", "down-1", kUsers);
  CHECK_MESSAGE(r.status.is_ok(), r.status.message());
  CHECK(env.harness.host().metric("starrocks", "starrocks_fe_failovers_total") == 1);
  CHECK(env.emulator.table_rows("demo", "users").size() == 2);
}

TEST_CASE("no FE reachable is retryable and names every FE") {
  Env env;
  const std::string a = "127.0.0.1:" + std::to_string(closed_port());
  const std::string b = "127.0.0.1:" + std::to_string(closed_port());
  auto sink = env.sink({{"http_url", Value::array({a, b})}});
  LoadResult r = load(*sink, "users", "none-1", kUsers);
  CHECK(r.status.code() == Errc::retryable);
  CHECK(r.status.message().find("no FE reachable") != std::string::npos);
  CHECK(r.status.message().find(a) != std::string::npos);
  CHECK(r.status.message().find(b) != std::string::npos);
}

TEST_CASE("lz4_frame and gzip bodies are sent compressed and load") {
  for (std::string codec : {"lz4_frame", "gzip"}) {
    CAPTURE(codec);
    Env env;
    auto sink = env.sink({{"compression", codec}});
    LoadResult r = load(*sink, "users", "c-" + codec.substr(0, 2), kUsers);
    CHECK_MESSAGE(r.status.is_ok(), r.status.message());
    CHECK(env.emulator.table_rows("demo", "users").size() == 2);
    auto loads = env.emulator.loads();
    REQUIRE(loads.size() == 1);
    CHECK(loads[0].headers.at("compression") == codec);
    CHECK(loads[0].headers.at("format") == "json");
  }
}

TEST_CASE("global and per-table properties reach the BE as headers; the table's win") {
  Env env;
  auto sink = env.sink(
      {{"properties", {{"max_filter_ratio", "0"}, {"strict_mode", "true"}}},
       {"tables",
        {{"users", {{"properties", {{"partial_update", "true"}, {"max_filter_ratio", "0.5"}}}}}}}});
  REQUIRE(load(*sink, "users", "p-1", kUsers).status.is_ok());
  REQUIRE(load(*sink, "events", "p-2", json_body("{\"id\":1,\"msg\":\"a\"}\n")).status.is_ok());
  auto loads = env.emulator.loads();
  REQUIRE(loads.size() == 2);
  const auto& users = loads[0].table == "users" ? loads[0] : loads[1];
  const auto& events = loads[0].table == "users" ? loads[1] : loads[0];
  CHECK(users.headers.at("partial_update") == "true");
  CHECK(users.headers.at("max_filter_ratio") == "0.5");
  CHECK(users.headers.at("strict_mode") == "true");
  CHECK(events.headers.count("partial_update") == 0);
  CHECK(events.headers.at("max_filter_ratio") == "0");
  CHECK(events.headers.at("label") == "p-2");
}

TEST_CASE("a property that changes a formatter header is sent, with one warning per table") {
  Env env;
  auto sink = env.sink({{"properties", {{"strip_outer_array", "false"}}}});
  LoadBody body = json_body("[{\"id\":1,\"name\":\"a\"}]");
  body.headers.emplace_back("strip_outer_array", "true");
  load(*sink, "users", "w-1", body);
  load(*sink, "users", "w-2", body);
  int warnings = 0;
  for (const auto& l : env.harness.host().logs())
    if (l.message.find(
            "property 'strip_outer_array' = \"false\" replaces the formatter's \"true\"") !=
        std::string::npos)
      ++warnings;
  CHECK(warnings == 1);
  auto loads = env.emulator.loads();
  REQUIRE_FALSE(loads.empty());
  CHECK(loads.back().headers.at("strip_outer_array") == "false");
}

TEST_CASE("loads for different tables run in parallel on one instance") {
  Env env;
  auto sink = env.sink();
  constexpr int kThreads = 4, kLoads = 5;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string table = t % 2 == 0 ? "users" : "events";
      for (int i = 0; i < kLoads; ++i) {
        const int id = t * 100 + i;
        LoadBody body =
            json_body("{\"id\":" + std::to_string(id) + ",\"name\":\"n\",\"msg\":\"m\"}\n");
        if (load(*sink, table, "par-" + std::to_string(id), body).status.is_ok()) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(ok == kThreads * kLoads);
  CHECK(env.emulator.table_rows("demo", "users").size() == 2 * kLoads);
  CHECK(env.emulator.table_rows("demo", "events").size() == 2 * kLoads);
}
