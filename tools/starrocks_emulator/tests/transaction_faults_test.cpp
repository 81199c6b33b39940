// Faults aimed at each transaction-interface step: fail (retryable/permanent), HTTP 500, dropped
// connection, reply lost after the server acted, TXN_IN_PROCESSING, Publish Timeout at commit.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "txn_helpers.hpp"

using emu_test::Fixture;
using emu_test::kTwoUsers;
using emu_test::load_state;
using emu_test::txn_call;
using nlohmann::json;
using sluice_tools::FaultKind;
using sluice_tools::FaultSpec;

namespace {

FaultSpec at(const std::string& step, FaultKind kind) {
  FaultSpec f;
  f.kind = kind;
  f.step = step;
  return f;
}

emu_test::HttpResult call(const Fixture& f, const std::string& op, const std::string& label) {
  std::vector<std::string> extra;
  if (op == "load") extra.push_back("format: json");
  return txn_call(f.fe(), op, label, op == "load" ? kTwoUsers : "", extra);
}

// Takes `label` up to just before `step`: begin is not called, load needs a begun transaction,
// prepare a loaded one, commit and rollback a prepared one.
void ready_for(const Fixture& f, const std::string& step, const std::string& label) {
  if (step == "begin") return;
  REQUIRE(call(f, "begin", label).json()["Status"] == "OK");
  if (step == "load") return;
  REQUIRE(call(f, "load", label).json()["Status"] == "OK");
  if (step == "prepare") return;
  REQUIRE(call(f, "prepare", label).json()["Status"] == "OK");
}

// The state a step leaves when it was done / when it was not.
std::string state_if_done(const std::string& step) {
  if (step == "begin" || step == "load") return "PREPARE";
  if (step == "prepare") return "PREPARED";
  if (step == "commit") return "VISIBLE";
  return "ABORTED";
}
std::string state_if_not_done(const std::string& step) {
  if (step == "begin") return "UNKNOWN";
  if (step == "load" || step == "prepare") return "PREPARE";
  return "PREPARED";
}

const std::vector<std::string> kSteps = {"begin", "load", "prepare", "commit", "rollback"};

}  // namespace

TEST_CASE("http_500 at each step: HTTP 500, nothing done") {
  for (const auto& step : kSteps) {
    CAPTURE(step);
    Fixture f;
    ready_for(f, step, "l");
    f.emulator.inject_fault(at(step, FaultKind::kHttp500));
    auto r = call(f, step, "l");
    CHECK(r.status == 500);
    CHECK(load_state(f.fe(), "l") == state_if_not_done(step));
    CHECK(f.emulator.pending_faults() == 0);
    // The step works when tried again.
    CHECK(call(f, step, "l").json()["Status"] == "OK");
    CHECK(load_state(f.fe(), "l") == state_if_done(step));
  }
}

TEST_CASE("drop_mid_body at each step: the connection closes without an answer, nothing done") {
  for (const auto& step : kSteps) {
    CAPTURE(step);
    Fixture f;
    ready_for(f, step, "l");
    f.emulator.inject_fault(at(step, FaultKind::kDropMidBody));
    auto r = call(f, step, "l");
    CHECK(r.curl_code != 0);
    CHECK(r.status != 200);  // nothing, or only the `100 Continue` of a load
    CHECK(load_state(f.fe(), "l") == state_if_not_done(step));
    CHECK(call(f, step, "l").json()["Status"] == "OK");
  }
}

TEST_CASE("drop_reply at each step: the server acts, then closes without an answer") {
  for (const auto& step : kSteps) {
    CAPTURE(step);
    Fixture f;
    ready_for(f, step, "l");
    f.emulator.inject_fault(at(step, FaultKind::kDropReply));
    auto r = call(f, step, "l");
    CHECK(r.curl_code != 0);
    CHECK(r.status != 200);  // nothing, or only the `100 Continue` of a load
    CHECK(load_state(f.fe(), "l") == state_if_done(step));
  }
  // A load whose answer was lost still added its rows: loading again would add them twice.
  Fixture f;
  ready_for(f, "load", "twice");
  f.emulator.inject_fault(at("load", FaultKind::kDropReply));
  CHECK(call(f, "load", "twice").curl_code != 0);
  REQUIRE(call(f, "commit", "twice").json()["Status"] == "OK");
  CHECK(f.rows("demo", "users").size() == 2);
}

TEST_CASE("txn_in_processing at each step: TXN_IN_PROCESSING, nothing done") {
  for (const auto& step : kSteps) {
    CAPTURE(step);
    Fixture f;
    ready_for(f, step, "l");
    f.emulator.inject_fault(at(step, FaultKind::kTxnInProcessing));
    json r = call(f, step, "l").json();
    CHECK(r["Status"] == "TXN_IN_PROCESSING");
    CHECK(r["Message"] == "Transaction in processing, please retry later");
    CHECK(load_state(f.fe(), "l") == state_if_not_done(step));
    CHECK(call(f, step, "l").json()["Status"] == "OK");
  }
}

TEST_CASE("fail at each step: FAILED; a failed load or prepare rolls the transaction back") {
  for (FaultKind kind : {FaultKind::kFailRetryable, FaultKind::kFailPermanent}) {
    for (const auto& step : kSteps) {
      CAPTURE(step);
      Fixture f;
      ready_for(f, step, "l");
      f.emulator.inject_fault(at(step, kind));
      json r = call(f, step, "l").json();
      CHECK(r["Status"] == "FAILED");
      const std::string m = r["Message"];
      if (kind == FaultKind::kFailRetryable) {
        CHECK(m == "current running txns on db demo is 100, larger than limit 100");
      } else {
        CHECK(m == "Access denied for root@127.0.0.1");
      }
      const bool rolls_back = step == "load" || step == "prepare";
      CHECK(load_state(f.fe(), "l") == (rolls_back ? "ABORTED" : state_if_not_done(step)));
    }
  }
  Fixture f;
  FaultSpec custom = at("commit", FaultKind::kFailRetryable);
  custom.message = "Service is shutting down, please retry later!";
  f.emulator.inject_fault(custom);
  ready_for(f, "commit", "c");
  CHECK(call(f, "commit", "c").json()["Message"] == custom.message);
}

TEST_CASE("publish_timeout at commit: committed but not visible; visible after the publish") {
  Fixture f;
  ready_for(f, "commit", "pub");
  FaultSpec spec = at("commit", FaultKind::kPublishTimeout);
  spec.running_polls = 2;
  f.emulator.inject_fault(spec);
  json r = call(f, "commit", "pub").json();
  CHECK(r["Status"] == "FAILED");
  CHECK(r["Message"] == "publish timeout");
  CHECK(f.rows("demo", "users").empty());
  CHECK(load_state(f.fe(), "pub") == "COMMITTED");
  // Committed is final: commit again says so, rollback is refused, the label is FINISHED.
  json again = call(f, "commit", "pub").json();
  CHECK(again["Status"] == "OK");
  CHECK(again["Message"].get<std::string>().find("has already committed") != std::string::npos);
  CHECK(call(f, "rollback", "pub").json()["Status"] == "FAILED");
  CHECK(call(f, "begin", "pub").json()["ExistingJobStatus"] == "FINISHED");
  CHECK(load_state(f.fe(), "pub") == "COMMITTED");
  CHECK(load_state(f.fe(), "pub") == "VISIBLE");
  CHECK(f.rows("demo", "users").size() == 2);
  CHECK(load_state(f.fe(), "pub") == "VISIBLE");
  // The prepared timeout does not touch a committed transaction.
  f.emulator.advance_clock(std::chrono::hours(48));
  CHECK(load_state(f.fe(), "pub") == "VISIBLE");
}

TEST_CASE("a step's fault hits only that step, and Stream Load faults never hit a transaction") {
  Fixture f;
  f.emulator.inject_fault(at("commit", FaultKind::kHttp500));
  FaultSpec stream = at("", FaultKind::kHttp500);
  f.emulator.inject_fault(stream);
  ready_for(f, "commit", "only");  // begin, load, prepare: untouched
  CHECK(f.emulator.pending_faults() == 2);
  CHECK(emu_test::stream_load(f.fe(), "demo", "events", "1\tx\t1\n").status == 500);
  CHECK(call(f, "commit", "only").status == 500);
  CHECK(f.emulator.pending_faults() == 0);
  // A table filter applies to the table header.
  FaultSpec other_table = at("begin", FaultKind::kHttp500);
  other_table.table = "events";
  f.emulator.inject_fault(other_table);
  CHECK(call(f, "begin", "users-ok").json()["Status"] == "OK");
  CHECK(f.emulator.pending_faults() == 1);
}

TEST_CASE("step faults over JSON; an unknown step is refused") {
  auto spec = sluice_tools::fault_from_json(
      json{{"kind", "drop_reply"}, {"step", "prepare"}, {"count", 2}});
  CHECK(spec.kind == FaultKind::kDropReply);
  CHECK(spec.step == "prepare");
  CHECK(spec.count == 2);
  CHECK(sluice_tools::fault_from_json(json{{"kind", "txn_in_processing"}}).kind ==
        FaultKind::kTxnInProcessing);
  CHECK_THROWS_WITH_AS(sluice_tools::fault_from_json(json{{"kind", "http_500"}, {"step", "end"}}),
                       doctest::Contains("unknown fault step 'end'"), std::runtime_error);
  Fixture f;
  auto added = emu_test::http_send("POST", f.fe() + "/api/_emulator/faults",
                                   R"({"kind":"txn_in_processing","step":"begin"})");
  CHECK(added.status == 200);
  CHECK(call(f, "begin", "j").json()["Status"] == "TXN_IN_PROCESSING");
}

TEST_CASE("drop_reply on a Stream Load: loaded and visible, no answer") {
  Fixture f;
  FaultSpec spec;
  spec.kind = FaultKind::kDropReply;
  f.emulator.inject_fault(spec);
  auto r = emu_test::stream_load(f.fe(), "demo", "users", R"({"id":1,"name":"a"})",
                                 {"format: json", "label: lost"});
  CHECK(r.curl_code != 0);
  CHECK(f.rows("demo", "users").size() == 1);
  json again = emu_test::stream_load(f.fe(), "demo", "users", R"({"id":1,"name":"a"})",
                                     {"format: json", "label: lost"})
                   .json();
  CHECK(again["ExistingJobStatus"] == "FINISHED");
}
