// Transaction interface: begin, load, prepare, commit, rollback, label states and reuse, timeouts
// (transaction, idle, prepared) and the pre-2.4 mode without the interface.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "txn_helpers.hpp"

using emu_test::Fixture;
using emu_test::kTwoUsers;
using emu_test::load_state;
using nlohmann::json;
using std::chrono::seconds;

namespace {

json txn(const Fixture& f, const std::string& op, const std::string& label,
         const std::string& body = "", std::vector<std::string> extra = {}) {
  auto r = emu_test::txn_call(f.fe(), op, label, body, std::move(extra));
  REQUIRE(r.curl_code == 0);
  REQUIRE(r.status == 200);
  return r.json();
}

json load_json(const Fixture& f, const std::string& label, const std::string& body = kTwoUsers) {
  return txn(f, "load", label, body, {"format: json"});
}

std::string msg(const json& j) {
  return j["Message"].get<std::string>();
}

// A client that sends a transaction load by hand, so a test can act while its body is on the way.
class SlowLoad {
 public:
  SlowLoad(std::uint16_t port, const std::string& label, std::string body)
      : body_(std::move(body)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    send("PUT /api/transaction/load HTTP/1.1\r\nHost: x\r\nAuthorization: " +
         emu_test::basic_auth("root", "") + "\r\nlabel: " + label +
         "\r\ndb: demo\r\ntable: users\r\nformat: json\r\nExpect: 100-continue\r\n"
         "Content-Length: " +
         std::to_string(body_.size()) + "\r\n\r\n");
  }
  ~SlowLoad() { ::close(fd_); }
  SlowLoad(const SlowLoad&) = delete;
  SlowLoad& operator=(const SlowLoad&) = delete;

  // Waits for `100 Continue`, then sends the first half of the body.
  void start_body() {
    REQUIRE(read_until("100 Continue").find("100 Continue") != std::string::npos);
    send(body_.substr(0, body_.size() / 2));
  }
  // Sends the rest and returns the JSON answer.
  json finish() {
    send(body_.substr(body_.size() / 2));
    std::string answer = read_until("}");
    return json::parse(answer.substr(answer.find('{')));
  }

 private:
  void send(const std::string& bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(bytes.size()));
  }
  std::string read_until(const std::string& marker) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    char buf[4096];
    while (in_.find(marker) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      in_.append(buf, static_cast<std::size_t>(n));
    }
    std::string out = std::move(in_);
    in_.clear();
    return out;
  }

  int fd_ = -1;
  std::string body_;
  std::string in_;
};

// Another load on a label whose load is in progress says TXN_IN_PROCESSING (nothing is done).
bool wait_until_state_busy(const Fixture& f, const std::string& label) {
  return emu_test::wait_until(
      [&] { return load_json(f, label, "{}")["Status"] == "TXN_IN_PROCESSING"; });
}

json rollback_json(const Fixture& f, const std::string& label) {
  return txn(f, "rollback", label);
}

}  // namespace

TEST_CASE("begin, load, prepare, commit: rows are visible only at commit, states on the way") {
  Fixture f;
  json b = txn(f, "begin", "t1");
  CHECK(b["Status"] == "OK");
  CHECK(b["Label"] == "t1");
  CHECK(b["TxnId"].get<long>() > 0);
  CHECK(load_state(f.fe(), "t1") == "PREPARE");
  json l = load_json(f, "t1");
  CHECK(l["Status"] == "OK");
  CHECK(l["TxnId"] == b["TxnId"]);
  CHECK(l["NumberLoadedRows"] == 2);
  CHECK(txn(f, "load", "t1", "3\tc\t\\N\t\\N\t\\N\t\\N\t\\N\n")["NumberLoadedRows"] == 1);
  CHECK(f.rows("demo", "users").empty());
  CHECK(f.emulator.counters().fe_redirects == 3);  // begin and both loads went to the BE
  json p = txn(f, "prepare", "t1");
  CHECK(p["Status"] == "OK");
  CHECK(p["NumberLoadedRows"] == 3);
  CHECK(f.rows("demo", "users").empty());
  CHECK(load_state(f.fe(), "t1") == "PREPARED");
  CHECK(f.emulator.label_state("demo", "t1") == "PREPARED");
  json c = txn(f, "commit", "t1");
  CHECK(c["Status"] == "OK");
  CHECK(f.rows("demo", "users").size() == 3);
  CHECK(load_state(f.fe(), "t1") == "VISIBLE");

  // Committing again is idempotent; rolling back a committed transaction is refused.
  json again = txn(f, "commit", "t1");
  CHECK(again["Status"] == "OK");
  CHECK(msg(again).find("has already committed") != std::string::npos);
  json rb = txn(f, "rollback", "t1");
  CHECK(rb["Status"] == "FAILED");
  CHECK(msg(rb).find("Can not abort VISIBLE transaction") != std::string::npos);
  CHECK(f.rows("demo", "users").size() == 3);
}

TEST_CASE("a label of a committed transaction is taken for good: begin and Stream Load refuse it") {
  Fixture f;
  txn(f, "begin", "t1");
  load_json(f, "t1");
  txn(f, "prepare", "t1");
  txn(f, "commit", "t1");
  json dup = txn(f, "begin", "t1");
  CHECK(dup["Status"] == "LABEL_ALREADY_EXISTS");
  CHECK(dup["ExistingJobStatus"] == "FINISHED");
  CHECK(msg(dup) == "Label [t1] has already been used.");
  json sl =
      emu_test::stream_load(f.fe(), "demo", "users", "{}", {"format: json", "label: t1"}).json();
  CHECK(sl["Status"] == "Label Already Exists");
  CHECK(sl["ExistingJobStatus"] == "FINISHED");
}

TEST_CASE("begin on a label whose transaction is open: LABEL_ALREADY_EXISTS RUNNING, txn intact") {
  Fixture f;
  txn(f, "begin", "run");
  load_json(f, "run");
  json again = txn(f, "begin", "run");
  CHECK(again["Status"] == "LABEL_ALREADY_EXISTS");
  CHECK(again["ExistingJobStatus"] == "RUNNING");
  txn(f, "prepare", "run");
  CHECK(txn(f, "begin", "run")["ExistingJobStatus"] == "RUNNING");
  CHECK(txn(f, "commit", "run")["Status"] == "OK");
  CHECK(f.rows("demo", "users").size() == 2);
}

TEST_CASE("rollback discards the rows and frees the label; repeated rollback is OK") {
  Fixture f;
  txn(f, "begin", "t2");
  load_json(f, "t2");
  txn(f, "prepare", "t2");
  CHECK(txn(f, "rollback", "t2")["Status"] == "OK");
  json again = txn(f, "rollback", "t2");
  CHECK(again["Status"] == "OK");
  CHECK(msg(again).find("has already aborted") != std::string::npos);
  json c = txn(f, "commit", "t2");
  CHECK(c["Status"] == "FAILED");
  CHECK(msg(c).find("Can not commit ABORTED transaction") != std::string::npos);
  CHECK(f.rows("demo", "users").empty());
  CHECK(load_state(f.fe(), "t2") == "ABORTED");
  CHECK(txn(f, "begin", "t2")["Status"] == "OK");  // an aborted label can be used again
  CHECK(load_state(f.fe(), "t2") == "PREPARE");

  // Rolling back a transaction still in PREPARE works too.
  load_json(f, "t2");
  CHECK(txn(f, "rollback", "t2")["Status"] == "OK");
  CHECK(f.rows("demo", "users").empty());
}

TEST_CASE("unknown labels: TXN_NOT_EXISTS for every step, UNKNOWN state") {
  Fixture f;
  for (const char* op : {"load", "prepare", "commit", "rollback"}) {
    json r = txn(f, op, "nope", "{}", {"format: json"});
    CHECK_MESSAGE(r["Status"] == "TXN_NOT_EXISTS", op);
    CHECK(msg(r) == "transaction with label nope not exists");
  }
  CHECK(load_state(f.fe(), "nope") == "UNKNOWN");
  // A Stream Load label is not a transaction of the interface.
  REQUIRE(emu_test::stream_load(f.fe(), "demo", "users", R"({"id":1,"name":"a"})",
                                {"format: json", "label: sl"})
              .json()["Status"] == "Success");
  CHECK(txn(f, "commit", "sl")["Status"] == "TXN_NOT_EXISTS");
}

TEST_CASE("after prepare the BE holds the transaction no more: load and prepare say not exists") {
  Fixture f;
  txn(f, "begin", "p");
  load_json(f, "p");
  REQUIRE(txn(f, "prepare", "p")["Status"] == "OK");
  CHECK(txn(f, "prepare", "p")["Status"] == "TXN_NOT_EXISTS");
  CHECK(load_json(f, "p")["Status"] == "TXN_NOT_EXISTS");
  CHECK(load_state(f.fe(), "p") == "PREPARED");
  CHECK(txn(f, "commit", "p")["Status"] == "OK");
  CHECK(f.rows("demo", "users").size() == 2);
}

TEST_CASE("commit without prepare commits a transaction still in PREPARE") {
  Fixture f;
  txn(f, "begin", "direct");
  load_json(f, "direct");
  json c = txn(f, "commit", "direct");
  CHECK(c["Status"] == "OK");
  CHECK(c["NumberLoadedRows"] == 2);
  CHECK(f.rows("demo", "users").size() == 2);
}

TEST_CASE("prepare or commit without data fails and rolls the transaction back") {
  Fixture f;
  txn(f, "begin", "empty");
  json p = txn(f, "prepare", "empty");
  CHECK(p["Status"] == "FAILED");
  CHECK(msg(p).find("hasn't send any data yet") != std::string::npos);
  CHECK(load_state(f.fe(), "empty") == "ABORTED");
  txn(f, "begin", "empty2");
  CHECK(txn(f, "commit", "empty2")["Status"] == "FAILED");
  CHECK(load_state(f.fe(), "empty2") == "ABORTED");
}

TEST_CASE("too many filtered rows fail the prepare and abort the transaction") {
  Fixture f;
  txn(f, "begin", "t3");
  json l = txn(f, "load", "t3", R"({"id":1})", {"format: json"});
  CHECK(l["NumberFilteredRows"] == 1);
  json p = txn(f, "prepare", "t3");
  CHECK(p["Status"] == "FAILED");
  CHECK(msg(p) == "too many filtered rows");
  CHECK(load_state(f.fe(), "t3") == "ABORTED");
  CHECK(f.rows("demo", "users").empty());
}

TEST_CASE("argument errors: empty label, unknown db, unknown table, bad timeouts, other table") {
  Fixture f;
  CHECK(txn(f, "begin", "")["Status"] == "INVALID_ARGUMENT");
  CHECK(txn(f, "begin", "bad label!")["Status"] == "INVALID_ARGUMENT");
  auto nodb = emu_test::txn_call(f.be(), "begin", "x", "", {}, "nodb").json();
  CHECK(nodb["Status"] == "FAILED");
  CHECK(msg(nodb).find("Database[nodb] does not exist.") != std::string::npos);
  auto notable = emu_test::txn_call(f.fe(), "begin", "x", "", {}, "demo", "nosuch").json();
  CHECK(notable["Status"] == "FAILED");
  CHECK(msg(notable) == "unknown table \"demo.nosuch\"");
  CHECK(txn(f, "begin", "x", "", {"timeout: soon"})["Status"] == "INVALID_ARGUMENT");
  CHECK(txn(f, "begin", "x", "", {"idle_transaction_timeout: -1"})["Status"] == "INVALID_ARGUMENT");
  CHECK(txn(f, "begin", "x")["Status"] == "OK");
  load_json(f, "x");
  json p = txn(f, "prepare", "x", "", {"prepared_timeout: 0"});
  CHECK(p["Status"] == "INVALID_ARGUMENT");
  CHECK(msg(p) == "Invalid prepared_timeout: 0");
  auto other = emu_test::txn_call(f.fe(), "load", "x", "1\tm\t1\n", {}, "demo", "events").json();
  CHECK(other["Status"] == "INVALID_ARGUMENT");
  CHECK(msg(other) == "Request table events not equal transaction table users");
  json unknown_op = txn(f, "finish", "x");
  CHECK(unknown_op["Status"] == "FAILED");
  CHECK(msg(unknown_op).find("Unknown transaction operation: finish") != std::string::npos);
}

TEST_CASE("the transaction timeout aborts a transaction not prepared in time") {
  Fixture f;
  txn(f, "begin", "slow", "", {"timeout: 30"});
  load_json(f, "slow");
  f.emulator.advance_clock(seconds(29));
  CHECK(load_state(f.fe(), "slow") == "PREPARE");
  f.emulator.advance_clock(seconds(2));
  CHECK(load_state(f.fe(), "slow") == "ABORTED");
  CHECK(load_json(f, "slow")["Status"] == "TXN_NOT_EXISTS");
  CHECK(txn(f, "commit", "slow")["Status"] == "FAILED");
  CHECK(f.rows("demo", "users").empty());
  CHECK(txn(f, "begin", "slow")["Status"] == "OK");  // the label is free again
}

TEST_CASE("without a timeout header, begin gets the default transaction timeout (600 s)") {
  Fixture f;
  txn(f, "begin", "dflt");
  f.emulator.advance_clock(seconds(599));
  CHECK(f.emulator.label_state("demo", "dflt") == "PREPARE");
  f.emulator.advance_clock(seconds(2));
  CHECK(f.emulator.label_state("demo", "dflt") == "ABORTED");
}

TEST_CASE("the idle timeout aborts a transaction that received no data for that long") {
  Fixture f;
  txn(f, "begin", "idle", "", {"idle_transaction_timeout: 10", "timeout: 1000"});
  f.emulator.advance_clock(seconds(8));
  REQUIRE(load_json(f, "idle")["Status"] == "OK");  // activity: the idle clock starts again
  f.emulator.advance_clock(seconds(8));
  CHECK(load_state(f.fe(), "idle") == "PREPARE");
  f.emulator.advance_clock(seconds(3));
  CHECK(load_state(f.fe(), "idle") == "ABORTED");
  CHECK(txn(f, "prepare", "idle")["Status"] == "TXN_NOT_EXISTS");
}

TEST_CASE("a prepared transaction is aborted after the prepared timeout (default 86400 s)") {
  Fixture f;
  txn(f, "begin", "held");
  load_json(f, "held");
  txn(f, "prepare", "held");
  // The transaction timeout no longer applies once prepared.
  f.emulator.advance_clock(seconds(86399));
  CHECK(load_state(f.fe(), "held") == "PREPARED");
  f.emulator.advance_clock(seconds(2));
  CHECK(load_state(f.fe(), "held") == "ABORTED");
  json c = txn(f, "commit", "held");
  CHECK(c["Status"] == "FAILED");
  CHECK(f.rows("demo", "users").empty());

  txn(f, "begin", "short");
  load_json(f, "short");
  txn(f, "prepare", "short", "", {"prepared_timeout: 30"});
  f.emulator.advance_clock(seconds(31));
  CHECK(load_state(f.fe(), "short") == "ABORTED");
}

TEST_CASE("the prepared timeout default is configurable") {
  sluice_tools::EmulatorOptions o;
  o.tables = emu_test::test_tables();
  o.prepared_txn_timeout = seconds(60);
  o.default_txn_timeout = seconds(5);
  sluice_tools::StarRocksEmulator e(o);
  e.start();
  auto call = [&](const std::string& op, const std::string& label, const std::string& body = "") {
    std::vector<std::string> h;
    if (op == "load") h.push_back("format: json");
    return emu_test::txn_call(e.fe_url(), op, label, body, h).json();
  };
  call("begin", "a");
  call("load", "a", kTwoUsers);
  REQUIRE(call("prepare", "a")["Status"] == "OK");
  e.advance_clock(seconds(61));
  CHECK(e.label_state("demo", "a") == "ABORTED");
  call("begin", "b");
  e.advance_clock(seconds(6));
  CHECK(e.label_state("demo", "b") == "ABORTED");
}

TEST_CASE("pre-2.4 mode: /api/transaction/* is 404 on FE and BE; Stream Load still works") {
  sluice_tools::EmulatorOptions o;
  o.tables = emu_test::test_tables();
  o.transaction_interface = false;
  sluice_tools::StarRocksEmulator e(o);
  e.start();
  for (const auto& base : {e.fe_url(), e.be_url()}) {
    for (const char* op : {"begin", "load", "prepare", "commit", "rollback"}) {
      auto r = emu_test::txn_call(base, op, "old", "{}", {"format: json"});
      CHECK(r.curl_code == 0);
      CHECK_MESSAGE(r.status == 404, op);
    }
  }
  CHECK(
      emu_test::stream_load(e.fe_url(), "demo", "users", R"({"id":1,"name":"a"})", {"format: json"})
          .json()["Status"] == "Success");
}

TEST_CASE("label expiry: a finished label is forgotten after label_keep_max (3 days)") {
  Fixture f;
  txn(f, "begin", "old");
  load_json(f, "old");
  txn(f, "commit", "old");
  REQUIRE(emu_test::stream_load(f.fe(), "demo", "users", R"({"id":9,"name":"z"})",
                                {"format: json", "label: sl-old"})
              .json()["Status"] == "Success");
  txn(f, "begin", "gone");
  txn(f, "rollback", "gone");
  txn(f, "begin", "open");  // open transactions do not expire this way (they time out)
  f.emulator.advance_clock(std::chrono::hours(72) - seconds(1));
  CHECK(load_state(f.fe(), "old") == "VISIBLE");
  CHECK(txn(f, "begin", "old")["ExistingJobStatus"] == "FINISHED");
  f.emulator.advance_clock(seconds(2));
  CHECK(load_state(f.fe(), "old") == "UNKNOWN");
  CHECK(load_state(f.fe(), "gone") == "UNKNOWN");
  CHECK(txn(f, "commit", "old")["Status"] == "TXN_NOT_EXISTS");
  CHECK(txn(f, "begin", "old")["Status"] == "OK");  // reusable: deduplication ends here
  CHECK(emu_test::stream_load(f.fe(), "demo", "users", R"({"id":9,"name":"z"})",
                              {"format: json", "label: sl-old"})
            .json()["Status"] == "Success");
  CHECK(load_state(f.fe(), "open") == "ABORTED");  // its 600 s timeout passed long ago
}

TEST_CASE("label_keep_max is configurable") {
  sluice_tools::EmulatorOptions o;
  o.tables = emu_test::test_tables();
  o.label_keep_max = seconds(60);
  sluice_tools::StarRocksEmulator e(o);
  e.start();
  REQUIRE(emu_test::stream_load(e.fe_url(), "demo", "users", R"({"id":1,"name":"a"})",
                                {"format: json", "label: k"})
              .json()["Status"] == "Success");
  e.advance_clock(seconds(59));
  CHECK(e.label_state("demo", "k") == "VISIBLE");
  e.advance_clock(seconds(2));
  CHECK(e.label_state("demo", "k") == "UNKNOWN");
}

TEST_CASE("a rollback while a load is on its way aborts the transaction; the load then fails") {
  // What a new owner does to a zombie's transaction: its late load, prepare and commit all fail.
  Fixture f;
  txn(f, "begin", "zombie");
  SlowLoad late(f.emulator.be_port(), "zombie", kTwoUsers);
  late.start_body();
  // The transaction is busy: a second load is refused, a rollback is not.
  CHECK(wait_until_state_busy(f, "zombie"));
  CHECK(rollback_json(f, "zombie")["Status"] == "OK");
  json answer = late.finish();
  CHECK(answer["Status"] == "FAILED");
  CHECK(answer["Message"].get<std::string>().find("aborted") != std::string::npos);
  CHECK(load_state(f.fe(), "zombie") == "ABORTED");
  CHECK(txn(f, "prepare", "zombie")["Status"] == "TXN_NOT_EXISTS");
  CHECK(txn(f, "commit", "zombie")["Status"] == "FAILED");
  CHECK(f.rows("demo", "users").empty());
}
