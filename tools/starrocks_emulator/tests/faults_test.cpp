// Every fault kind, injected in process and over the admin endpoint.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "emulator_fixture.hpp"

using emu_test::Fixture;
using emu_test::stream_load;
using nlohmann::json;
using sluice_tools::FaultKind;
using sluice_tools::FaultSpec;

namespace {
const std::string kRow = R"({"id":1,"name":"a"})";
std::vector<std::string> json_label(const std::string& label) {
  return {"format: json", "label: " + label};
}
FaultSpec fault(FaultKind kind) {
  FaultSpec f;
  f.kind = kind;
  return f;
}
}  // namespace

TEST_CASE("fail_retryable answers Fail with the running-txns message for the next K loads") {
  Fixture f;
  FaultSpec spec = fault(FaultKind::kFailRetryable);
  spec.count = 2;
  f.emulator.inject_fault(spec);
  for (int i = 0; i < 2; ++i) {
    json r = stream_load(f.fe(), "demo", "users", kRow, json_label("r1")).json();
    CHECK(r["Status"] == "Fail");
    CHECK(r["Message"] == "current running txns on db demo is 100, larger than limit 100");
    CHECK(r["TxnId"] == -1);
  }
  CHECK(stream_load(f.fe(), "demo", "users", kRow, json_label("r1")).json()["Status"] == "Success");
  CHECK(f.emulator.counters().faults_fired == 2);
  CHECK(f.emulator.pending_faults() == 0);
}

TEST_CASE("fail_permanent: Access denied by default, or a custom message; table filter") {
  Fixture f;
  FaultSpec spec = fault(FaultKind::kFailPermanent);
  spec.table = "events";
  f.emulator.inject_fault(spec);
  CHECK(stream_load(f.fe(), "demo", "users", kRow, {"format: json"}).json()["Status"] ==
        "Success");  // other table: untouched
  json r = stream_load(f.fe(), "demo", "events", R"({"id":1})", {"format: json"}).json();
  CHECK(r["Message"] == "Access denied for root@127.0.0.1");
  spec.message = "primary key size exceed the limit";
  spec.table.clear();
  f.emulator.inject_fault(spec);
  CHECK(stream_load(f.fe(), "demo", "users", kRow, {"format: json"}).json()["Message"] ==
        "primary key size exceed the limit");
}

TEST_CASE("http_500 answers 500 and loads nothing") {
  Fixture f;
  f.emulator.inject_fault(fault(FaultKind::kHttp500));
  auto r = stream_load(f.fe(), "demo", "users", kRow, json_label("h1"));
  CHECK(r.status == 500);
  CHECK(f.rows("demo", "users").empty());
  REQUIRE_FALSE(f.emulator.loads().empty());
  CHECK(f.emulator.loads().back().status == "HTTP 500");
  CHECK(stream_load(f.fe(), "demo", "users", kRow, json_label("h1")).json()["Status"] == "Success");
}

TEST_CASE("drop_mid_body closes the connection without an answer; the label stays free") {
  Fixture f;
  f.emulator.inject_fault(fault(FaultKind::kDropMidBody));
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "{\"id\":" + std::to_string(i) + ",\"name\":\"n\"}\n";
  auto r = stream_load(f.fe(), "demo", "users", big, json_label("d1"));
  CHECK(r.curl_code != 0);
  CHECK(f.rows("demo", "users").empty());
  REQUIRE_FALSE(f.emulator.loads().empty());
  CHECK(f.emulator.loads().back().status == "DROPPED");
  json ok = stream_load(f.fe(), "demo", "users", big, json_label("d1")).json();
  CHECK(ok["Status"] == "Success");
  CHECK(ok["NumberLoadedRows"] == 20000);
}

TEST_CASE("slow delays the answer") {
  Fixture f;
  FaultSpec spec = fault(FaultKind::kSlow);
  spec.delay_ms = 300;
  f.emulator.inject_fault(spec);
  auto start = std::chrono::steady_clock::now();
  json r = stream_load(f.fe(), "demo", "users", kRow, {"format: json"}).json();
  CHECK(r["Status"] == "Success");
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));
}

TEST_CASE("publish_timeout applies the data and says Publish Timeout") {
  Fixture f;
  f.emulator.inject_fault(fault(FaultKind::kPublishTimeout));
  json r = stream_load(f.fe(), "demo", "users", kRow, json_label("p1")).json();
  CHECK(r["Status"] == "Publish Timeout");
  CHECK(r["TxnId"].get<long>() > 0);
  CHECK(f.rows("demo", "users").size() == 1);
  json again = stream_load(f.fe(), "demo", "users", kRow, json_label("p1")).json();
  CHECK(again["ExistingJobStatus"] == "FINISHED");
}

TEST_CASE("label_running: RUNNING, then PREPARE polls, COMMITTED with the data, then VISIBLE") {
  Fixture f;
  FaultSpec spec = fault(FaultKind::kLabelRunning);
  spec.running_polls = 2;
  f.emulator.inject_fault(spec);
  json r = stream_load(f.fe(), "demo", "users", kRow, json_label("run1")).json();
  CHECK(r["Status"] == "Label Already Exists");
  CHECK(r["ExistingJobStatus"] == "RUNNING");
  CHECK(f.rows("demo", "users").empty());
  json retry = stream_load(f.fe(), "demo", "users", kRow, json_label("run1")).json();
  CHECK(retry["ExistingJobStatus"] == "RUNNING");
  const std::string poll = f.fe() + "/api/demo/get_load_state?label=run1";
  CHECK(emu_test::http_get(poll, true).json()["state"] == "PREPARE");
  CHECK(emu_test::http_get(poll, true).json()["state"] == "COMMITTED");
  // Committed data is published without further requests (a loader may stop polling here).
  CHECK(f.rows("demo", "users").size() == 1);
  CHECK(emu_test::http_get(poll, true).json()["state"] == "VISIBLE");
  CHECK(f.rows("demo", "users").size() == 1);
  json done = stream_load(f.fe(), "demo", "users", kRow, json_label("run1")).json();
  CHECK(done["ExistingJobStatus"] == "FINISHED");
}

TEST_CASE("fe_down: the FE closes connections until cleared; the BE still answers") {
  Fixture f;
  FaultSpec spec = fault(FaultKind::kFeDown);
  spec.count = 0;  // until cleared
  f.emulator.inject_fault(spec);
  for (int i = 0; i < 2; ++i) {
    auto r = stream_load(f.fe(), "demo", "users", kRow, {"format: json"});
    CHECK(r.curl_code != 0);
    CHECK(r.status == 0);
  }
  CHECK(stream_load(f.be(), "demo", "users", kRow, {"format: json"}).json()["Status"] == "Success");
  // Cleared over the admin endpoint of the BE.
  CHECK(emu_test::http_send("DELETE", f.be() + "/api/_emulator/faults", "").status == 200);
  CHECK(stream_load(f.fe(), "demo", "users", kRow, {"format: json"}).json()["Status"] == "Success");
}

TEST_CASE(
    "stop_fe: the FE port refuses connections, the BE and the rows stay; start_fe: same port") {
  Fixture f;
  CHECK(stream_load(f.fe(), "demo", "users", kRow, json_label("s1")).json()["Status"] == "Success");
  const auto port = f.emulator.fe_port();
  f.emulator.stop_fe();
  auto refused = stream_load(f.fe(), "demo", "users", kRow, json_label("s2"));
  CHECK(refused.curl_code == 7);  // CURLE_COULDNT_CONNECT: nothing listens
  CHECK(stream_load(f.be(), "demo", "users", kRow, json_label("s3")).json()["Status"] == "Success");
  f.emulator.start_fe();
  CHECK(f.emulator.fe_port() == port);
  CHECK(stream_load(f.fe(), "demo", "users", kRow, json_label("s1")).json()["Status"] ==
        "Label Already Exists");  // the label history survived
  CHECK(f.rows("demo", "users").size() == 1);
}

TEST_CASE("faults over HTTP: POST /api/_emulator/faults") {
  Fixture f;
  auto added = emu_test::http_send(
      "POST", f.fe() + "/api/_emulator/faults",
      R"([{"kind":"fail_permanent","message":"custom stop","db":"demo","table":"users"},
          {"kind":"http_500","table":"events"}])",
      {"Content-Type: application/json"});
  CHECK(added.status == 200);
  CHECK(added.json()["pending"] == 2);
  CHECK(stream_load(f.fe(), "demo", "users", kRow, {"format: json"}).json()["Message"] ==
        "custom stop");
  CHECK(stream_load(f.fe(), "demo", "events", "1\tx\t1\n").status == 500);
  auto bad = emu_test::http_send("POST", f.fe() + "/api/_emulator/faults", R"({"kind":"nope"})");
  CHECK(bad.status == 400);
  CHECK(bad.json()["error"].get<std::string>().find("unknown fault kind 'nope'") !=
        std::string::npos);
  auto counters = emu_test::http_get(f.fe() + "/api/_emulator/counters").json();
  CHECK(counters["faults_fired"] == 2);
}
