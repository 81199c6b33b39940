// SIGTERM before the first partition assignment. librdkafka 2.0.2 (Debian 12) destroys the
// cooperative-sticky assignor's state without checking that an assignment ever set it
// (librdkafka issue #4312, fixed by PR #4381): a consumer closed after its JoinGroup was answered
// but before its SyncGroup was dies of `Assertion 'assignor_state' failed` (SIGABRT). The chaos
// test met it on a SIGTERM 4.5 s after a restart. Also: SIGTERM very early, perhaps before the
// signal handler is installed.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "../e2e/e2e_support.hpp"
// After rdkafka.h (pulled in above), which defines the RD_EXPORT it uses.
#include <librdkafka/rdkafka_mock.h>

using namespace e2e;

namespace {

constexpr int kSyncGroupApi = 14;
constexpr int kRecords = 50;

struct Early {
  Stage stage{{table("early", false, {"id bigint", "v varchar"})}};
  fs::path file;

  Early() {
    stage.kafka.create_topic("early", 2);
    std::vector<sluice::tools::ProduceRecord> recs;
    for (int i = 0; i < kRecords; ++i)
      recs.push_back({"early", std::nullopt, json{{"id", i}, {"v", "r"}}.dump(), i % 2, {}});
    REQUIRE(stage.kafka.produce_batch(recs).ok());
    // debug=cgrp: the group protocol steps are logged, so the test sees the JoinGroup answered.
    file = stage.pipeline(
        "early",
        "name = \"early\"\n[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"early\"]\n"
        "[source.librdkafka]\n\"session.timeout.ms\" = \"6000\"\n\"debug\" = \"cgrp\"\n" +
            sink_block());
  }

  std::unique_ptr<Process> start(const std::string& log) {
    return stage.sluice({"--log-level", "debug", "run", file.string()}, log);
  }
};

std::string describe(int code) {
  if (code == 128 + SIGABRT) return "134 (SIGABRT)";
  if (code == 128 + SIGSEGV) return "139 (SIGSEGV)";
  return std::to_string(code);
}

}  // namespace

TEST_CASE(
    "SIGTERM after the JoinGroup answer, before the SyncGroup one: exit 0 and 'stopped cleanly', "
    "not librdkafka's assignor_state abort (#4312)") {
  int aborted = 0;
  const int attempts = 3;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    CAPTURE(attempt);
    Early e;
    // The coordinator (broker 1) holds its next SyncGroup answer for 5 s: the member has joined
    // (its assignor is chosen) and has no assignment yet.
    REQUIRE(rd_kafka_mock_broker_push_request_error_rtts(
                e.stage.kafka.mock_cluster(), 1, kSyncGroupApi, 1, RD_KAFKA_RESP_ERR_NO_ERROR,
                5000) == RD_KAFKA_RESP_ERR_NO_ERROR);
    auto p = e.start("join-" + std::to_string(attempt));
    REQUIRE(
        wait_until([&] { return p->err().find("JoinGroup response") != std::string::npos; }, 30s));
    REQUIRE(p->err().find(": assigned ") == std::string::npos);  // still before the assignment
    p->signal(SIGTERM);
    auto rc = p->wait(60s);
    REQUIRE(rc.has_value());
    std::string err = p->err();
    INFO("exit " << describe(*rc));
    if (*rc != 0) MESSAGE("attempt " << attempt << ": stderr tail:\n" << tail_lines(err, 4));
    if (*rc == 128 + SIGABRT) ++aborted;
    CHECK(*rc == 0);
    CHECK(err.find("Assertion") == std::string::npos);
    CHECK(err.find("stopped cleanly") != std::string::npos);
    // Nothing was assigned, so nothing is committed.
    CHECK(e.stage.kafka.committed_offsets("sluice-early", "early").empty());
  }
  MESSAGE("SIGTERM between JoinGroup and SyncGroup: " << aborted << " of " << attempts
                                                      << " attempts died of SIGABRT");
}

TEST_CASE(
    "SIGTERM soon after the start: exit 0, or 143 only while the handler is not installed yet") {
  std::string observed;
  for (int delay_ms : {50, 200, 500, 1000, 2500, 3500}) {
    CAPTURE(delay_ms);
    Early e;
    auto p = e.start("early-" + std::to_string(delay_ms));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));  // the stimulus, not a wait
    p->signal(SIGTERM);
    auto rc = p->wait(60s);
    REQUIRE(rc.has_value());
    std::string err = p->err();
    const bool handler_installed = err.find("running pipeline '") != std::string::npos;
    INFO("exit " << describe(*rc) << "; stderr tail:\n" << tail_lines(err, 4));
    observed += " " + std::to_string(delay_ms) + "ms->" + describe(*rc) +
                (handler_installed ? "" : "(before handler)");
    if (*rc == 128 + SIGTERM)
      CHECK_MESSAGE(!handler_installed, "143 although the SIGTERM handler was installed");
    else
      CHECK(*rc == 0);
    CHECK(err.find("Assertion") == std::string::npos);
  }
  MESSAGE("exit codes by SIGTERM delay:" << observed);
}
