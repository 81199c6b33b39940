// Transaction interface: begin, load, prepare, commit, rollback.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "emulator_fixture.hpp"

using emu_test::Fixture;
using nlohmann::json;

namespace {

json txn(const Fixture& f, const std::string& op, const std::string& label,
         const std::string& body = "", std::vector<std::string> extra = {}) {
  std::vector<std::string> headers = {"label: " + label, "db: demo", "table: users"};
  for (auto& h : extra) headers.push_back(h);
  emu_test::HttpRequest req;
  req.method = op == "load" ? "PUT" : "POST";
  req.url = f.fe() + "/api/transaction/" + op;
  req.body = body;
  req.headers = headers;
  req.expect_continue = op == "load";
  auto r = emu_test::perform(req);
  REQUIRE(r.status == 200);
  return r.json();
}

}  // namespace

TEST_CASE("begin, load, prepare, commit: data is visible only after commit") {
  Fixture f;
  json b = txn(f, "begin", "t1");
  CHECK(b["Status"] == "OK");
  CHECK(b["TxnId"].get<long>() > 0);
  json l = txn(f, "load", "t1", "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}",
               {"format: json"});
  CHECK(l["Status"] == "OK");
  CHECK(l["NumberLoadedRows"] == 2);
  CHECK(txn(f, "load", "t1", "3\tc\t\\N\t\\N\t\\N\t\\N\t\\N\n")["NumberLoadedRows"] == 1);
  CHECK(f.rows("demo", "users").empty());
  CHECK(txn(f, "prepare", "t1")["Status"] == "OK");
  CHECK(f.rows("demo", "users").empty());
  CHECK(emu_test::http_get(f.fe() + "/api/demo/get_load_state?label=t1", true).json()["state"] ==
        "PREPARED");
  json c = txn(f, "commit", "t1");
  CHECK(c["Status"] == "OK");
  CHECK(f.rows("demo", "users").size() == 3);
  json again = txn(f, "commit", "t1");
  CHECK(again["Status"] == "OK");
  CHECK(again["Message"].get<std::string>().find("has already committed") != std::string::npos);
  CHECK(txn(f, "rollback", "t1")["Status"] == "FAILED");

  json dup = txn(f, "begin", "t1");
  CHECK(dup["Status"] == "LABEL_ALREADY_EXISTS");
  CHECK(dup["ExistingJobStatus"] == "FINISHED");
  // Stream Load shares the label namespace.
  CHECK(emu_test::stream_load(f.fe(), "demo", "users", "{}", {"format: json", "label: t1"})
            .json()["Status"] == "Label Already Exists");
}

TEST_CASE("rollback discards the data and frees the label") {
  Fixture f;
  txn(f, "begin", "t2");
  txn(f, "load", "t2", R"({"id":1,"name":"a"})", {"format: json"});
  txn(f, "prepare", "t2");
  CHECK(txn(f, "rollback", "t2")["Status"] == "OK");
  CHECK(txn(f, "rollback", "t2")["Status"] == "OK");
  CHECK(txn(f, "commit", "t2")["Status"] == "FAILED");
  CHECK(f.rows("demo", "users").empty());
  CHECK(emu_test::http_get(f.fe() + "/api/demo/get_load_state?label=t2", true).json()["state"] ==
        "ABORTED");
  CHECK(txn(f, "begin", "t2")["Status"] == "OK");
}

TEST_CASE("transaction errors: TXN_NOT_EXISTS, INVALID_ARGUMENT, running label, filtering") {
  Fixture f;
  CHECK(txn(f, "commit", "nope")["Status"] == "TXN_NOT_EXISTS");
  CHECK(txn(f, "load", "nope", "{}", {"format: json"})["Status"] == "TXN_NOT_EXISTS");
  CHECK(txn(f, "begin", "")["Status"] == "INVALID_ARGUMENT");
  emu_test::HttpRequest req;
  req.method = "POST";
  req.url = f.be() + "/api/transaction/begin";
  req.headers = {"label: x", "db: nodb"};
  req.expect_continue = false;
  CHECK(emu_test::perform(req).json()["Status"] == "INVALID_ARGUMENT");

  txn(f, "begin", "t3");
  CHECK(txn(f, "begin", "t3")["ExistingJobStatus"] == "RUNNING");
  json l = txn(f, "load", "t3", R"({"id":1})", {"format: json"});
  CHECK(l["NumberFilteredRows"] == 1);
  json p = txn(f, "prepare", "t3");
  CHECK(p["Status"] == "FAILED");
  CHECK(p["Message"] == "too many filtered rows");
  CHECK(f.rows("demo", "users").empty());
}
