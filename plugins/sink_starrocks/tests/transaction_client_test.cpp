// The transaction client against the emulator: every result code, each fault kind at each step,
// the pre-2.4 refusal, FE failover and the FE's redirect of begin and load.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sluice_tools/starrocks_emulator.hpp>

#include "closed_port.hpp"
#include "fe_router.hpp"
#include "http_client.hpp"
#include "sink_config.hpp"
#include "transaction_client.hpp"

using sluice::LoadBody;
using sluice::starrocks::TxnCode;
using sluice::starrocks::TxnResult;
using sluice_tools::FaultKind;
using sluice_tools::FaultSpec;

namespace {

constexpr const char* kPassword = "s3cret-pass";

sluice_tools::EmulatorOptions emulator_options(bool transaction_interface = true) {
  sluice_tools::EmulatorOptions o;
  o.users = {{"loader", kPassword}};
  o.transaction_interface = transaction_interface;
  o.tables = sluice_tools::parse_tables_json(R"J({"tables":[
      {"db":"demo","table":"users","model":"primary","keys":["id"],
       "columns":["id bigint","name varchar not null"]}]})J");
  return o;
}

using sink_tests::closed_port;

struct Env {
  explicit Env(bool transaction_interface = true, std::vector<std::string> fe_urls = {},
               std::string password = kPassword)
      : emulator(emulator_options(transaction_interface)) {
    emulator.start();
    config.fe_urls = fe_urls.empty() ? std::vector<std::string>{emulator.fe_url()} : fe_urls;
    config.database = "demo";
    config.username = "loader";
    config.password = std::move(password);
    config.load_timeout = std::chrono::milliseconds(10000);
  }

  sluice_tools::StarRocksEmulator emulator;
  sluice::starrocks::SinkConfig config;
  sluice::starrocks::HandlePool pool;
  sluice::starrocks::FeRouter router{config, sluice::Host(), pool};
  sluice::starrocks::TransactionClient client{config, sluice::Host(), pool, router};

  void inject(const std::string& step, FaultKind kind, int running_polls = 2) {
    FaultSpec f;
    f.kind = kind;
    f.step = step;
    f.running_polls = running_polls;
    emulator.inject_fault(f);
  }
  std::size_t rows() const { return emulator.table_rows("demo", "users").size(); }
  std::string state(const std::string& label) const { return emulator.label_state("demo", label); }
};

LoadBody chunk(std::string data = "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}\n") {
  LoadBody b;
  b.data = std::move(data);
  b.headers = {{"format", "json"}};
  return b;
}

TxnResult step(Env& env, const std::string& op, const std::string& label) {
  auto& c = env.client;
  if (op == "begin") return c.begin("users", label);
  if (op == "load") return c.load("users", label, chunk());
  if (op == "prepare") return c.prepare("users", label);
  if (op == "commit") return c.commit("users", label);
  return c.rollback("users", label);
}

// Takes `label` to just before `op` (as in the emulator's own fault tests).
void ready_for(Env& env, const std::string& op, const std::string& label) {
  if (op == "begin") return;
  REQUIRE(env.client.begin("users", label).code == TxnCode::ok);
  if (op == "load") return;
  REQUIRE(env.client.load("users", label, chunk()).code == TxnCode::ok);
  if (op == "prepare") return;
  REQUIRE(env.client.prepare("users", label).code == TxnCode::ok);
}

std::string state_if_done(const std::string& op) {
  if (op == "begin" || op == "load") return "PREPARE";
  if (op == "prepare") return "PREPARED";
  if (op == "commit") return "VISIBLE";
  return "ABORTED";
}
std::string state_if_not_done(const std::string& op) {
  if (op == "begin") return "UNKNOWN";
  if (op == "load" || op == "prepare") return "PREPARE";
  return "PREPARED";
}

const std::vector<std::string> kSteps = {"begin", "load", "prepare", "commit", "rollback"};

}  // namespace

TEST_CASE("begin, load, prepare, commit: ok at each step, rows visible at commit") {
  Env env;
  TxnResult b = env.client.begin("users", "t1");
  CHECK_MESSAGE(b.code == TxnCode::ok, b.message);
  CHECK(b.txn_id > 0);
  TxnResult l = env.client.load("users", "t1", chunk());
  CHECK_MESSAGE(l.code == TxnCode::ok, l.message);
  CHECK(l.loaded_rows == 2);
  CHECK(env.client.prepare("users", "t1").code == TxnCode::ok);
  CHECK(env.rows() == 0);
  TxnResult s = env.client.state("t1");
  CHECK(s.code == TxnCode::ok);
  CHECK(s.state == "PREPARED");
  CHECK(env.client.commit("users", "t1").code == TxnCode::ok);
  CHECK(env.rows() == 2);
  CHECK(env.client.state("t1").state == "VISIBLE");
  CHECK(env.emulator.counters().fe_redirects >= 2);  // begin and load went through the 307
}

TEST_CASE("already_committed: commit, prepare, rollback and begin of a committed label") {
  Env env;
  ready_for(env, "commit", "t1");
  REQUIRE(env.client.commit("users", "t1").code == TxnCode::ok);
  CHECK(env.client.commit("users", "t1").code == TxnCode::already_committed);
  CHECK(env.client.prepare("users", "t1").code == TxnCode::already_committed);
  TxnResult rb = env.client.rollback("users", "t1");
  CHECK(rb.code == TxnCode::already_committed);
  CHECK(rb.message.find("Can not abort VISIBLE") != std::string::npos);
  TxnResult b = env.client.begin("users", "t1");
  CHECK(b.code == TxnCode::already_committed);
  CHECK(b.message.find("FINISHED") != std::string::npos);
  CHECK(env.rows() == 2);
}

TEST_CASE("label_in_use: begin on a label whose transaction is open") {
  Env env;
  REQUIRE(env.client.begin("users", "open").code == TxnCode::ok);
  CHECK(env.client.begin("users", "open").code == TxnCode::label_in_use);
  REQUIRE(env.client.load("users", "open", chunk()).code == TxnCode::ok);
  REQUIRE(env.client.prepare("users", "open").code == TxnCode::ok);
  CHECK(env.client.begin("users", "open").code == TxnCode::label_in_use);
  CHECK(env.client.commit("users", "open").code == TxnCode::ok);
}

TEST_CASE("not_found: every step on a label never begun; state UNKNOWN") {
  Env env;
  for (const auto& op : {"load", "prepare", "commit", "rollback"}) {
    TxnResult r = step(env, op, "never");
    CHECK_MESSAGE(r.code == TxnCode::not_found, op, " ", r.message);
    CHECK(r.message.find("demo.users label never") != std::string::npos);
  }
  TxnResult s = env.client.state("never");
  CHECK(s.code == TxnCode::ok);
  CHECK(s.state == "UNKNOWN");
}

TEST_CASE("aborted: after a rollback or a timeout; rollback is idempotent; the label is free") {
  Env env;
  ready_for(env, "commit", "rb");
  CHECK(env.client.rollback("users", "rb").code == TxnCode::ok);
  CHECK(env.client.rollback("users", "rb").code == TxnCode::ok);  // "has already aborted"
  CHECK(env.client.commit("users", "rb").code == TxnCode::aborted);
  CHECK(env.client.prepare("users", "rb").code == TxnCode::aborted);
  CHECK(env.client.load("users", "rb", chunk()).code == TxnCode::not_found);
  CHECK(env.client.begin("users", "rb").code == TxnCode::ok);

  REQUIRE(env.client.begin("users", "late", {std::chrono::seconds(30)}).code == TxnCode::ok);
  REQUIRE(env.client.load("users", "late", chunk()).code == TxnCode::ok);
  env.emulator.advance_clock(std::chrono::seconds(31));
  CHECK(env.client.prepare("users", "late").code == TxnCode::aborted);

  ready_for(env, "commit", "held");
  env.emulator.advance_clock(std::chrono::hours(25));  // past the prepared timeout
  TxnResult c = env.client.commit("users", "held");
  CHECK(c.code == TxnCode::aborted);
  CHECK(env.rows() == 0);
}

TEST_CASE("begin and prepare pass the timeouts: idle timeout, prepared_timeout") {
  Env env;
  sluice::starrocks::BeginOptions o;
  o.idle_timeout = std::chrono::seconds(10);
  REQUIRE(env.client.begin("users", "idle", o).code == TxnCode::ok);
  env.emulator.advance_clock(std::chrono::seconds(11));
  CHECK(env.client.state("idle").state == "ABORTED");

  ready_for(env, "prepare", "short");
  REQUIRE(env.client.prepare("users", "short", std::chrono::seconds(60)).code == TxnCode::ok);
  env.emulator.advance_clock(std::chrono::seconds(61));
  CHECK(env.client.state("short").state == "ABORTED");
}

TEST_CASE("permanent: wrong password, unknown table, filtered rows, bad label, bad database") {
  Env denied(true, {}, "wrong-password");
  TxnResult d = denied.client.begin("users", "x");
  CHECK(d.code == TxnCode::permanent);
  CHECK(d.message.find("Access denied") != std::string::npos);
  CHECK(denied.client.state("x").code == TxnCode::permanent);

  Env env;
  CHECK(env.client.begin("nosuch", "x").code == TxnCode::permanent);
  CHECK(env.client.begin("users", "bad label!").code == TxnCode::permanent);
  CHECK(env.client.begin("users", "line\r\nbreak").code == TxnCode::permanent);
  REQUIRE(env.client.begin("users", "f").code == TxnCode::ok);
  REQUIRE(env.client.load("users", "f", chunk("{\"id\":1}\n")).code == TxnCode::ok);
  TxnResult p = env.client.prepare("users", "f");
  CHECK(p.code == TxnCode::permanent);
  CHECK(p.message.find("too many filtered rows") != std::string::npos);
  CHECK(env.state("f") == "ABORTED");

  env.config.database = "nodb";
  CHECK(env.client.begin("users", "y").code == TxnCode::permanent);
}

TEST_CASE("the password never appears in messages or responses") {
  Env env;
  env.emulator.inject_fault([] {
    FaultSpec f;
    f.kind = FaultKind::kFailPermanent;
    f.step = "begin";
    f.message = std::string("bad secret ") + kPassword;
    return f;
  }());
  TxnResult r = env.client.begin("users", "s");
  CHECK(r.message.find(kPassword) == std::string::npos);
  CHECK(r.message.find("******") != std::string::npos);
  CHECK(r.response.find(kPassword) == std::string::npos);
}

TEST_CASE("fail_retryable at each step: retryable; a failed load or prepare is rolled back") {
  for (const auto& op : kSteps) {
    CAPTURE(op);
    Env env;
    ready_for(env, op, "l");
    env.inject(op, FaultKind::kFailRetryable);
    TxnResult r = step(env, op, "l");
    CHECK_MESSAGE(r.code == TxnCode::retryable, r.message);
    CHECK(r.message.find("current running txns") != std::string::npos);
    const bool rolled_back = op == "load" || op == "prepare";
    CHECK(env.state("l") == (rolled_back ? "ABORTED" : state_if_not_done(op)));
  }
}

TEST_CASE("fail_permanent at each step: permanent") {
  for (const auto& op : kSteps) {
    CAPTURE(op);
    Env env;
    ready_for(env, op, "l");
    env.inject(op, FaultKind::kFailPermanent);
    CHECK(step(env, op, "l").code == TxnCode::permanent);
  }
}

TEST_CASE("http_500 and a dropped connection at each step: retryable, nothing done, retry works") {
  for (FaultKind kind : {FaultKind::kHttp500, FaultKind::kDropMidBody}) {
    for (const auto& op : kSteps) {
      CAPTURE(op);
      CAPTURE(static_cast<int>(kind));
      Env env;
      ready_for(env, op, "l");
      env.inject(op, kind);
      TxnResult r = step(env, op, "l");
      CHECK_MESSAGE(r.code == TxnCode::retryable, r.message);
      // begin and load cannot tell what happened; prepare, commit and rollback asked the label.
      const bool reconciled = op != "begin" && op != "load";
      CHECK(r.outcome_unknown == !reconciled);
      if (reconciled) CHECK(r.state == state_if_not_done(op));
      CHECK(env.state("l") == state_if_not_done(op));
      TxnResult again = step(env, op, "l");
      CHECK_MESSAGE(again.code == TxnCode::ok, again.message);
      CHECK(env.state("l") == state_if_done(op));
    }
  }
}

TEST_CASE("drop_reply at each step: prepare, commit, rollback reconcile to ok") {
  for (const auto& op : kSteps) {
    CAPTURE(op);
    Env env;
    ready_for(env, op, "l");
    env.inject(op, FaultKind::kDropReply);
    TxnResult r = step(env, op, "l");
    CHECK(env.state("l") == state_if_done(op));
    if (op == "begin" || op == "load") {
      CHECK(r.code == TxnCode::retryable);
      CHECK(r.outcome_unknown);
    } else {
      CHECK_MESSAGE(r.code == TxnCode::ok, r.message);
      CHECK_FALSE(r.outcome_unknown);
      CHECK(r.state == state_if_done(op));
    }
  }
  // A begin whose answer was lost: begin again finds the label in use.
  Env env;
  env.inject("begin", FaultKind::kDropReply);
  REQUIRE(env.client.begin("users", "b").outcome_unknown);
  CHECK(env.client.begin("users", "b").code == TxnCode::label_in_use);
}

TEST_CASE("txn_in_processing at each step: retryable, nothing done") {
  for (const auto& op : kSteps) {
    CAPTURE(op);
    Env env;
    ready_for(env, op, "l");
    env.inject(op, FaultKind::kTxnInProcessing);
    TxnResult r = step(env, op, "l");
    CHECK(r.code == TxnCode::retryable);
    CHECK_FALSE(r.outcome_unknown);
    CHECK(r.status == "TXN_IN_PROCESSING");
    CHECK(env.state("l") == state_if_not_done(op));
  }
}

TEST_CASE("Publish Timeout at commit is success: committed, visible once published") {
  Env env;
  ready_for(env, "commit", "pub");
  env.inject("commit", FaultKind::kPublishTimeout, 1);
  TxnResult c = env.client.commit("users", "pub");
  CHECK_MESSAGE(c.code == TxnCode::ok, c.message);
  CHECK(c.state == "COMMITTED");
  CHECK(c.message.find("publish timeout") != std::string::npos);
  CHECK(env.client.commit("users", "pub").code == TxnCode::already_committed);
  CHECK(env.client.state("pub").state == "VISIBLE");
  CHECK(env.rows() == 2);
}

TEST_CASE("unsupported_server: StarRocks before 2.4 answers 404 at every step") {
  Env env(false);
  for (const auto& op : kSteps) {
    TxnResult r = step(env, op, "old");
    CHECK_MESSAGE(r.code == TxnCode::unsupported_server, op, " ", r.message);
    CHECK(r.message.find("StarRocks 2.4") != std::string::npos);
  }
}

TEST_CASE("FE failover: an unreachable FE is skipped; none reachable is retryable, not sent") {
  const std::string dead = "http://127.0.0.1:" + std::to_string(closed_port());
  {
    Env env;
    env.config.fe_urls = {dead, env.emulator.fe_url()};
    for (int i = 0; i < 3; ++i) {  // round-robin starts at each FE in turn
      const std::string label = "f" + std::to_string(i);
      CHECK(env.client.begin("users", label).code == TxnCode::ok);
      CHECK(env.client.state(label).state == "PREPARE");
    }
  }
  Env env;
  env.config.fe_urls = {dead};
  TxnResult r = env.client.begin("users", "x");
  CHECK(r.code == TxnCode::retryable);
  CHECK_FALSE(r.outcome_unknown);
  CHECK(r.message.find("no FE reachable") != std::string::npos);
  CHECK(env.client.state("x").code == TxnCode::retryable);
}
