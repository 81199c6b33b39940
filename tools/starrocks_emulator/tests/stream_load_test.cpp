// Redirect, auth, labels, filtering and Primary Key behaviour of Stream Load, through libcurl.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "emulator_fixture.hpp"

using emu_test::Fixture;
using emu_test::stream_load;
using nlohmann::json;

namespace {
const std::vector<std::string> kJson = {"format: json"};

std::vector<std::string> json_label(const std::string& label) {
  return {"format: json", "label: " + label};
}
}  // namespace

TEST_CASE("a load through the FE follows the 307 to the BE and lands in the table") {
  Fixture f;
  auto r = stream_load(f.fe(), "demo", "users",
                       "{\"id\":2,\"name\":\"bob\",\"score\":1.5}\n{\"id\":1,\"name\":\"ann\"}\n",
                       json_label("first"));
  REQUIRE(r.curl_code == 0);
  CHECK(r.status == 200);
  CHECK(r.redirects == 1);
  json body = r.json();
  CHECK(body["Status"] == "Success");
  CHECK(body["Message"] == "OK");
  CHECK(body["Label"] == "first");
  CHECK(body["TxnId"].get<long>() > 0);
  CHECK(body["NumberTotalRows"] == 2);
  CHECK(body["NumberLoadedRows"] == 2);
  CHECK(body["NumberFilteredRows"] == 0);
  for (const char* key :
       {"NumberUnselectedRows", "LoadBytes", "LoadTimeMs", "BeginTxnTimeMs", "StreamLoadPlanTimeMs",
        "ReadDataTimeMs", "WriteDataTimeMs", "CommitAndPublishTimeMs"}) {
    CHECK_MESSAGE(body.contains(key), key);
  }
  CHECK_FALSE(body.contains("ErrorURL"));
  json rows = f.rows("demo", "users");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["id"] == 1);  // sorted by key
  CHECK(rows[0]["name"] == "ann");
  CHECK(rows[0]["score"].is_null());
  CHECK(rows[1]["score"] == 1.5);

  auto loads = f.emulator.loads();
  REQUIRE(loads.size() == 1);
  CHECK(loads[0].label == "first");
  CHECK(loads[0].headers.count("format") == 1);
  CHECK(loads[0].headers.count("Authorization") == 0);
  CHECK(loads[0].response["Status"] == "Success");
  auto counters = f.emulator.counters();
  CHECK(counters.fe_redirects == 1);
  CHECK(counters.rows_loaded == 2);

  // The same rows over HTTP.
  auto table = emu_test::http_get(f.be() + "/api/_emulator/tables/demo/users");
  CHECK(table.json() == rows);
  auto history = emu_test::http_get(f.fe() + "/api/_emulator/loads");
  CHECK(history.json()[0]["label"] == "first");
}

TEST_CASE("the FE answers 307 with Location, no body, Connection: close and no 100 Continue") {
  Fixture f;
  emu_test::HttpRequest req;
  req.url = f.fe() + "/api/demo/nosuch/_stream_load?x=1&y=2";  // the FE does not check tables
  req.body = "1\tx\n";
  req.follow = false;
  auto r = emu_test::perform(req);
  CHECK(r.status == 307);
  CHECK(r.headers["location"] == f.be() + "/api/demo/nosuch/_stream_load?x=1&y=2");
  CHECK(r.headers["connection"] == "close");
  CHECK(r.body.empty());

  std::string raw = emu_test::raw_exchange(
      f.emulator.fe_port(),
      "PUT /api/demo/users/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " +
          emu_test::basic_auth("root", "") +
          "\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 307 ", 0) == 0);
  CHECK(raw.find("100 Continue") == std::string::npos);
}

TEST_CASE("the FE refuses a load without Expect: 100-continue") {
  Fixture f;
  emu_test::HttpRequest req;
  req.url = f.fe() + "/api/demo/users/_stream_load";
  req.body = "{}";
  req.expect_continue = false;
  auto r = emu_test::perform(req);
  CHECK(r.status == 200);
  CHECK(
      r.body ==
      R"({"Status":"FAILED","Message":"class com.starrocks.common.DdlException: There is no 100-continue header"})");
  CHECK(f.rows("demo", "users").empty());
}

TEST_CASE("the FE wants Basic auth and the right password") {
  Fixture f;
  emu_test::HttpRequest req;
  req.url = f.fe() + "/api/demo/users/_stream_load";
  req.body = "{}";
  req.auth = false;
  auto none = emu_test::perform(req);
  CHECK(none.status == 401);
  CHECK(none.headers["www-authenticate"] == "Basic realm=\"\"");
  CHECK(
      none.body ==
      R"({"status":"FAILED","code":"1","msg":"Need auth information.","message":"Need auth information."})");

  auto wrong = stream_load(f.fe(), "demo", "users", "{}", kJson, "bad");
  CHECK(wrong.status == 401);
  CHECK(wrong.json()["msg"] == "Access denied for root@127.0.0.1");
  CHECK(wrong.json()["status"] == "FAILED");

  req.auth = true;
  req.user = "loader";
  req.password = "s3cret";
  req.headers = {"format: json"};
  req.body = R"({"id":1,"name":"x"})";
  CHECK(emu_test::perform(req).json()["Status"] == "Success");
}

TEST_CASE("the BE checks auth, database and table before reading the body") {
  Fixture f;
  emu_test::HttpRequest req;
  req.url = f.be() + "/api/demo/users/_stream_load";
  req.body = "{}";
  req.auth = false;
  auto none = emu_test::perform(req);
  CHECK(none.status == 200);
  CHECK(none.json()["Status"] == "Fail");
  CHECK(none.json()["Message"] == "no valid Basic authorization");
  CHECK(none.json()["TxnId"] == -1);

  CHECK(stream_load(f.be(), "demo", "users", "{}", kJson, "bad").json()["Message"] ==
        "Access denied for root@127.0.0.1");
  CHECK(stream_load(f.be(), "nodb", "users", "{}", kJson).json()["Message"] ==
        "unknown database, database=nodb");
  CHECK(stream_load(f.fe(), "demo", "nosuch", "{}", kJson).json()["Message"] ==
        "unknown table \"demo.nosuch\"");

  // No 100 Continue for a request it refuses: the final answer comes first.
  std::string raw = emu_test::raw_exchange(
      f.emulator.be_port(),
      "PUT /api/demo/nosuch/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " +
          emu_test::basic_auth("root", "") +
          "\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 200 ", 0) == 0);
  CHECK(raw.find("unknown table") != std::string::npos);
  CHECK(raw.find("100 Continue") == std::string::npos);

  // A good request gets 100 Continue first.
  std::string ok = emu_test::raw_exchange(
      f.emulator.be_port(),
      "PUT /api/demo/users/_stream_load HTTP/1.1\r\nHost: x\r\nAuthorization: " +
          emu_test::basic_auth("root", "") +
          "\r\nExpect: 100-continue\r\nformat: json\r\nContent-Length: 20\r\n\r\n",
      300);
  CHECK(ok.rfind("HTTP/1.1 100 Continue\r\n\r\n", 0) == 0);
}

TEST_CASE("labels: duplicates, format, generated, reuse after failure, per database") {
  Fixture f;
  const std::string row = R"({"id":1,"name":"a"})";
  CHECK(stream_load(f.fe(), "demo", "users", row, json_label("l1")).json()["Status"] == "Success");
  json dup = stream_load(f.fe(), "demo", "users", row, json_label("l1")).json();
  CHECK(dup["Status"] == "Label Already Exists");
  CHECK(dup["ExistingJobStatus"] == "FINISHED");
  CHECK(dup["Message"] == "Label [l1] has already been used.");
  // The key order of STREAM_LOAD.md: ExistingJobStatus right after Status.
  CHECK(stream_load(f.fe(), "demo", "users", row, json_label("l1"))
            .body.find(R"("Status":"Label Already Exists","ExistingJobStatus":"FINISHED")") !=
        std::string::npos);

  // Another database has its own labels.
  CHECK(stream_load(f.fe(), "other", "users", row, json_label("l1")).json()["Status"] == "Success");

  json bad = stream_load(f.fe(), "demo", "users", row, json_label("bad label!")).json();
  CHECK(bad["Status"] == "Fail");
  CHECK(bad["Message"].get<std::string>().find("Label format error") != std::string::npos);
  CHECK(stream_load(f.fe(), "demo", "users", row, json_label(std::string(129, 'a')))
            .json()["Status"] == "Fail");

  json generated = stream_load(f.fe(), "demo", "users", row, kJson).json();
  CHECK(generated["Status"] == "Success");
  CHECK(generated["Label"].get<std::string>().size() == 36);

  // A failed load aborts its transaction: the label can be used again.
  json failed = stream_load(f.fe(), "demo", "users", "[1]", json_label("retry")).json();
  CHECK(failed["Status"] == "Fail");
  CHECK(failed["TxnId"].get<long>() > 0);
  auto state = emu_test::http_get(f.fe() + "/api/demo/get_load_state?label=retry", true).json();
  CHECK(state["state"] == "ABORTED");
  CHECK(stream_load(f.fe(), "demo", "users", row, json_label("retry")).json()["Status"] ==
        "Success");
  state = emu_test::http_get(f.be() + "/api/demo/get_load_state?label=retry", true).json();
  CHECK(state["state"] == "VISIBLE");
  CHECK(state["status"] == "OK");
  CHECK(emu_test::http_get(f.fe() + "/api/demo/get_load_state?label=never", true).json()["state"] ==
        "UNKNOWN");
  CHECK(emu_test::http_get(f.fe() + "/api/demo/get_load_state?label=never", false).status == 401);
}

TEST_CASE("NULL in a NOT NULL column filters the row; over max_filter_ratio the load fails") {
  Fixture f;
  const std::string body = "{\"id\":1,\"name\":\"a\"}\n{\"id\":2}\n{\"id\":3,\"name\":null}\n";
  json r = stream_load(f.fe(), "demo", "users", body, json_label("nn1")).json();
  CHECK(r["Status"] == "Fail");
  CHECK(r["Message"].get<std::string>().find("too many filtered rows") != std::string::npos);
  CHECK(r["NumberFilteredRows"] == 2);
  CHECK(r["NumberTotalRows"] == 3);
  REQUIRE(r.contains("ErrorURL"));
  CHECK(f.rows("demo", "users").empty());

  auto log = emu_test::http_get(r["ErrorURL"].get<std::string>());
  CHECK(log.status == 200);
  CHECK(log.body.find("column(name) value is null while columns is not nullable") !=
        std::string::npos);
  CHECK(log.body.find(R"({"id":2})") != std::string::npos);

  auto within = stream_load(f.fe(), "demo", "users", body,
                            {"format: json", "label: nn2", "max_filter_ratio: 0.7"})
                    .json();
  CHECK(within["Status"] == "Success");
  CHECK(within["NumberLoadedRows"] == 1);
  CHECK(within["NumberFilteredRows"] == 2);
  CHECK(within.contains("ErrorURL"));
  CHECK(f.rows("demo", "users").size() == 1);
}

TEST_CASE("Primary Key: __op upserts and deletes in row order; duplicate tables append") {
  Fixture f;
  stream_load(f.fe(), "demo", "users",
              R"({"id":1,"name":"a"} {"id":2,"name":"b"} {"id":3,"name":"c"})", kJson);
  json r = stream_load(f.fe(), "demo", "users",
                       "{\"id\":1,\"name\":\"a2\",\"__op\":0}\n"
                       "{\"id\":2,\"name\":\"b\",\"__op\":1}\n"
                       "{\"id\":3,\"name\":\"c\",\"__op\":1}\n"
                       "{\"id\":3,\"name\":\"c2\"}\n"
                       "{\"id\":4,\"name\":\"d\",\"__op\":0}\n"
                       "{\"id\":4,\"name\":\"d\",\"__op\":1}\n",
                       kJson)
               .json();
  CHECK(r["Status"] == "Success");
  json rows = f.rows("demo", "users");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["id"] == 1);
  CHECK(rows[0]["name"] == "a2");
  CHECK(rows[1]["id"] == 3);
  CHECK(rows[1]["name"] == "c2");

  stream_load(f.fe(), "demo", "events", R"({"id":2,"msg":"x"} {"id":1,"msg":"y"})", kJson);
  stream_load(f.fe(), "demo", "events", R"({"id":2,"msg":"x"})", kJson);
  json events = f.rows("demo", "events");
  REQUIRE(events.size() == 3);
  CHECK(events[0]["id"] == 2);
  CHECK(events[1]["id"] == 1);
  CHECK(events[2]["msg"] == "x");
}

TEST_CASE("partial_update changes only the given columns of existing rows") {
  Fixture f;
  stream_load(f.fe(), "demo", "users", R"({"id":1,"name":"a","score":1.0})", kJson);
  json r = stream_load(f.fe(), "demo", "users", "1\t9.5\n",
                       {"partial_update: true", "columns: id,score"})
               .json();
  CHECK(r["Status"] == "Success");
  json rows = f.rows("demo", "users");
  CHECK(rows[0]["name"] == "a");
  CHECK(rows[0]["score"] == 9.5);
  json dup = stream_load(f.fe(), "demo", "events", "1\tx\t1\n", {"partial_update: true"}).json();
  CHECK(dup["Message"] == "Only primary key table support partial update");
}

TEST_CASE("blackhole mode accepts any table and counts rows") {
  Fixture f(true);
  json r = stream_load(f.fe(), "any", "thing", "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", kJson).json();
  CHECK(r["Status"] == "Success");
  CHECK(r["NumberLoadedRows"] == 3);
  json arr = stream_load(f.fe(), "any", "thing", R"([{"a":[1,2]},{"a":"],"},{}])",
                         {"format: json", "strip_outer_array: true"})
                 .json();
  CHECK(arr["NumberLoadedRows"] == 3);
  // Escaped quotes and backslashes inside strings, strings and numbers as elements, spaces.
  json escaped =
      stream_load(f.fe(), "any", "thing",
                  R"([ {"a":"x\"],{"} , {"b\\":"\\"} ,"s\"",7,[1,{"c":"]"}], {"d":"\\\\\""}])",
                  {"format: json", "strip_outer_array: true"})
          .json();
  CHECK(escaped["NumberLoadedRows"] == 6);
  json csv = stream_load(f.fe(), "x", "y", "1\n2\n", {}).json();
  CHECK(csv["NumberLoadedRows"] == 2);
  CHECK(f.emulator.counters().bytes_loaded > 0);
}
