// Pure pieces of the StarRocks sink: classification of every answer in STREAM_LOAD.md, label
// states, error-log excerpts, header merging, configuration and compression.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <lz4frame.h>
#include <zlib.h>

#include <sluice/option_check.hpp>

#include "compression.hpp"
#include "request_headers.hpp"
#include "response_classifier.hpp"
#include "sink_config.hpp"

using namespace sluice;
using namespace sluice::starrocks;

namespace {

std::string be_answer(std::string_view status, std::string_view message,
                      std::string_view extra = "") {
  nlohmann::ordered_json j;
  j["TxnId"] = 1001;
  j["Label"] = "l1";
  j["Status"] = status;
  j["Message"] = message;
  j["NumberTotalRows"] = 10;
  j["NumberLoadedRows"] = 8;
  j["NumberFilteredRows"] = 2;
  j["NumberUnselectedRows"] = 1;
  j["LoadBytes"] = 40;
  std::string text = j.dump();
  text.insert(text.size() - 1, extra);  // extra keys, as written by the test
  return text;
}

Options resolved_options(const Value& given) {
  auto specs = option_specs();
  Value resolved;
  auto issues = check_options(specs, given, resolved);
  if (!issues.empty()) throw std::invalid_argument(issues.front().message);
  return Options(std::move(resolved));
}

Value minimal_options() {
  return Value{{"http_url", Value::array({"fe1:8030"})}, {"database", "db"}, {"username", "root"}};
}

}  // namespace

TEST_CASE("Success and Publish Timeout are loaded, with the counts of the answer") {
  for (std::string status : {"Success", "Publish Timeout", "OK"}) {
    CAPTURE(status);
    auto c = classify_load_response(200, be_answer(status, "OK"));
    CHECK(c.result.status.is_ok());
    CHECK_FALSE(c.label_running);
    CHECK_FALSE(c.result.already_loaded);
    CHECK(c.result.loaded_rows == 8);
    CHECK(c.result.filtered_rows == 2);
    CHECK(c.result.unselected_rows == 1);
    CHECK(c.result.response.find("\"TxnId\":1001") != std::string::npos);
  }
}

TEST_CASE("Label Already Exists: FINISHED is an earlier load, RUNNING or missing means poll") {
  auto finished = classify_load_response(
      200, be_answer("Label Already Exists", "Label [l1] has already been used.",
                     R"(,"ExistingJobStatus":"FINISHED")"));
  CHECK(finished.result.status.is_ok());
  CHECK(finished.result.already_loaded);
  CHECK_FALSE(finished.label_running);

  auto running = classify_load_response(
      200, be_answer("Label Already Exists", "Label [l1] has already been used.",
                     R"(,"ExistingJobStatus":"RUNNING")"));
  CHECK(running.label_running);
  CHECK(running.result.status.code() == Errc::retryable);

  auto missing = classify_load_response(
      200, be_answer("Label Already Exists", "Label [l1] has already been used."));
  CHECK(missing.label_running);
  CHECK(missing.result.status.message().find("missing") != std::string::npos);
}

TEST_CASE("Fail messages StarRocks documents as permanent are permanent") {
  const char* permanent[] = {
      "too many filtered rows",
      "Access denied for user 'loader'@'10.0.0.1'",
      "primary key size exceed the limit. max: 128",
      "Only primary key table support partial update",
      "unknown database, database=nope",
      "unknown table \"db.nope\"",
      "no valid Basic authorization",
      "JSON data is an array, strip_outer_array must be set true",
      "The size of this batch exceed the max size [104857600] of json type data",
      "body exceed max size: 10737418240, limit: 10737418240",
      "Label format error. regex: ^[-_A-Za-z0-9]{1,128}$, label: a b",
  };
  for (std::string m : permanent) {
    CAPTURE(m);
    auto c = classify_load_response(200, be_answer("Fail", m));
    CHECK(c.result.status.code() == Errc::permanent);
    CHECK(c.result.status.message() == "Fail: " + m);
    CHECK(classify_fail_message(m) == Errc::permanent);
  }
}

TEST_CASE("Fail messages StarRocks documents as transient, and unknown ones, are retryable") {
  const char* retryable[] = {
      "current running txns on db 10 is 100, larger than limit 100",
      "too many tablet versions",
      "Too many versions. tablet_id: 1, version_count: 1001, limit: 1000",
      "Service is shutting down, please retry later!",
      "Stream Load exceed http cuncurrent limit",
      "Transaction status unknown, you can retry with same label",
      "[E1008]Reached timeout=300000ms @10.0.0.2:8060",
      "something nobody has seen before",
  };
  for (std::string m : retryable) {
    CAPTURE(m);
    auto c = classify_load_response(200, be_answer("Fail", m));
    CHECK(c.result.status.code() == Errc::retryable);
    CHECK(c.result.status.message().find(m) != std::string::npos);
  }
}

TEST_CASE("the FE's own answers: 401, no 100-continue") {
  auto no_auth = classify_load_response(
      401,
      R"({"status":"FAILED","code":"1","msg":"Need auth information.","message":"Need auth information."})");
  CHECK(no_auth.result.status.code() == Errc::permanent);
  CHECK(no_auth.result.status.message() == "HTTP 401: Need auth information.");

  auto denied = classify_load_response(
      401,
      R"({"status":"FAILED","code":"1","msg":"Access denied for root@127.0.0.1","message":"Access denied for root@127.0.0.1"})");
  CHECK(denied.result.status.code() == Errc::permanent);
  CHECK(denied.result.status.message() == "HTTP 401: Access denied for root@127.0.0.1");

  auto expect = classify_load_response(
      200,
      R"({"Status":"FAILED","Message":"class com.starrocks.common.DdlException: There is no 100-continue header"})");
  CHECK(expect.result.status.code() == Errc::permanent);
  CHECK(expect.result.status.message().find("There is no 100-continue header") !=
        std::string::npos);
}

TEST_CASE("HTTP errors and unreadable answers") {
  auto e500 = classify_load_response(500, "Internal Server Error");
  CHECK(e500.result.status.code() == Errc::retryable);
  CHECK(e500.result.status.message() == "HTTP 500: Internal Server Error");
  CHECK(classify_load_response(503, "").result.status.message() == "HTTP 503: (empty body)");
  CHECK(classify_load_response(413, "too big").result.status.code() == Errc::permanent);
  CHECK(classify_load_response(404, "nope").result.status.code() == Errc::retryable);
  CHECK(classify_load_response(429, "").result.status.code() == Errc::retryable);

  auto empty = classify_load_response(200, "");
  CHECK(empty.result.status.code() == Errc::retryable);
  CHECK(empty.result.status.message() == "answer is not a JSON object: (empty body)");
  auto html = classify_load_response(200, "<html>proxy</html>");
  CHECK(html.result.status.code() == Errc::retryable);
  CHECK(html.result.status.message().find("<html>proxy</html>") != std::string::npos);
  auto no_status = classify_load_response(200, R"({"TxnId":1})");
  CHECK(no_status.result.status.code() == Errc::retryable);
  CHECK(no_status.result.status.message().find("no Status") != std::string::npos);
  auto odd = classify_load_response(200, R"({"Status":"Weird","Message":"hm"})");
  CHECK(odd.result.status.code() == Errc::retryable);
  CHECK(odd.result.status.message() == "unexpected Status \"Weird\": hm");
}

TEST_CASE("ErrorURL is kept; a long answer is clipped in the messages") {
  auto c = classify_load_response(
      200, be_answer("Fail", "too many filtered rows",
                     R"(,"ErrorURL":"http://be:8040/api/_load_error_log?file=error_log_1")"));
  CHECK(c.result.error_url == "http://be:8040/api/_load_error_log?file=error_log_1");
  std::string big(5000, 'x');
  auto clipped = classify_load_response(502, big);
  CHECK(clipped.result.status.message().size() < 700);
  CHECK(clipped.result.response == big);
}

TEST_CASE("get_load_state answers") {
  auto state = [](const char* s) {
    return std::string(R"({"status":"OK","code":"0","msg":"Success","state":")") + s + "\"}";
  };
  CHECK(classify_label_state(200, state("VISIBLE")).verdict == LabelVerdict::loaded);
  CHECK(classify_label_state(200, state("COMMITTED")).verdict == LabelVerdict::loaded);
  CHECK(classify_label_state(200, state("PREPARE")).verdict == LabelVerdict::pending);
  CHECK(classify_label_state(200, state("PREPARED")).verdict == LabelVerdict::pending);
  CHECK(classify_label_state(200, state("ABORTED")).verdict == LabelVerdict::aborted);
  CHECK(classify_label_state(200, state("UNKNOWN")).verdict == LabelVerdict::unknown);
  CHECK(classify_label_state(200, state("VISIBLE")).state == "VISIBLE");
  auto odd = classify_label_state(200, state("SLEEPING"));
  CHECK(odd.verdict == LabelVerdict::invalid);
  CHECK(odd.detail == "unexpected state \"SLEEPING\"");
  CHECK(classify_label_state(200, R"({"status":"OK"})").verdict == LabelVerdict::invalid);
  CHECK(classify_label_state(200, "nope").verdict == LabelVerdict::invalid);
  CHECK(classify_label_state(500, "").verdict == LabelVerdict::invalid);
  auto denied = classify_label_state(401, R"({"status":"FAILED","msg":"Access denied for x@y"})");
  CHECK(denied.verdict == LabelVerdict::denied);
  CHECK(denied.detail == "HTTP 401: Access denied for x@y");
}

TEST_CASE("error log excerpts keep at most 5 lines and 1 KB") {
  CHECK(error_log_excerpt("a\nb\r\n\nc\n") == "a | b | c");
  CHECK(error_log_excerpt("1\n2\n3\n4\n5\n6\n7\n") == "1 | 2 | 3 | 4 | 5");
  std::string long_line(3000, 'z');
  CHECK(error_log_excerpt(long_line).size() == 1024);
  CHECK(error_log_excerpt("") == "");
}

TEST_CASE("headers: formatter, then properties, then the table's properties") {
  Headers formatter = {{"format", "json"}, {"strip_outer_array", "true"}};
  Headers global = {{"max_filter_ratio", "0.1"}, {"Format", "json"}};
  Headers table = {{"partial_update", "true"}, {"max_filter_ratio", "0"}};
  auto m = merge_headers(formatter, global, &table);
  CHECK(m.headers == Headers{{"format", "json"},
                             {"strip_outer_array", "true"},
                             {"max_filter_ratio", "0"},
                             {"partial_update", "true"}});
  CHECK(m.overrides.empty());

  Headers csv = {{"format", "csv"}};
  auto o = merge_headers(formatter, csv, nullptr);
  CHECK(o.headers.front() == std::pair<std::string, std::string>{"format", "csv"});
  REQUIRE(o.overrides.size() == 1);
  CHECK(o.overrides[0].formatter_value == "json");
  CHECK(o.overrides[0].property_value == "csv");

  // the table puts back what the global property changed: no override left
  Headers back = {{"format", "json"}};
  CHECK(merge_headers(formatter, csv, &back).overrides.empty());

  CHECK(check_formatter_headers(formatter).empty());
  CHECK(check_formatter_headers({{"label", "x"}}) ==
        "the formatter set header 'label', which the sink sets itself");
  CHECK(check_formatter_headers({{"columns", "a\r\nX: y"}}).find("line break") !=
        std::string::npos);
}

TEST_CASE("configuration: defaults, URLs, properties, tables") {
  SinkConfig c = parse_config(resolved_options(minimal_options()));
  CHECK(c.fe_urls == std::vector<std::string>{"http://fe1:8030"});
  CHECK(c.password.empty());
  CHECK(c.connect_timeout.count() == 1000);
  CHECK(c.load_timeout.count() == 600000);
  CHECK(c.label_state_poll.count() == 1000);
  CHECK(c.label_state_max_wait.count() == 600000);
  CHECK(c.compression == Compression::none);
  CHECK(c.properties.empty());
  CHECK(c.table_properties.empty());

  Value o = minimal_options();
  o["http_url"] = "fe1:8030, http://fe2:8030/ ,HTTPS://fe3:8443";
  o["properties"] = {{"max_filter_ratio", "0.2"}, {"strict_mode", true}};
  o["tables"] = {{"orders", {{"properties", {{"partial_update", "true"}}}}}};
  o["compression"] = "lz4_frame";
  c = parse_config(resolved_options(o));
  CHECK(c.fe_urls ==
        std::vector<std::string>{"http://fe1:8030", "http://fe2:8030", "https://fe3:8443"});
  CHECK(c.properties == Headers{{"max_filter_ratio", "0.2"}, {"strict_mode", "true"}});
  REQUIRE(c.table_properties.count("orders") == 1);
  CHECK(c.table_properties.at("orders") == Headers{{"partial_update", "true"}});
  CHECK(c.compression == Compression::lz4_frame);
}

TEST_CASE("configuration errors name the option") {
  auto error_of = [](Value o) -> std::string {
    try {
      parse_config(resolved_options(o));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  Value o = minimal_options();
  o["http_url"] = Value::array({"ftp://fe1"});
  CHECK(error_of(o).find("'http_url'") != std::string::npos);
  o["http_url"] = Value::array({"user:pw@fe1:8030"});
  CHECK(error_of(o).find("credentials") != std::string::npos);
  o = minimal_options();
  o["properties"] = {{"label", "x"}};
  CHECK(error_of(o).find("'label' is set by the sink itself") != std::string::npos);
  o["properties"] = {{"Content-Encoding", "gzip"}};
  CHECK(error_of(o).find("use the `compression` option") != std::string::npos);
  o["properties"] = {{"columns", "a\nb"}};
  CHECK(error_of(o).find("line break") != std::string::npos);
  o = minimal_options();
  o["tables"] = {{"orders", {{"propertes", {{"a", "b"}}}}}};
  CHECK(error_of(o) == "unknown option 'tables.orders.propertes'; did you mean 'properties'?");
  o["tables"] = {{"orders", "x"}};
  CHECK(error_of(o).find("'tables.orders'") != std::string::npos);
  o["tables"] = {{"orders", {{"properties", {{"where", Value::array()}}}}}};
  CHECK(error_of(o).find("'tables.orders.properties.where' must be a string") != std::string::npos);
  o = minimal_options();
  o["connect_timeout_ms"] = 50;
  CHECK(error_of(o).find("out of range") != std::string::npos);
  o = minimal_options();
  o["compression"] = "zstd";
  CHECK(error_of(o).find("not one of") != std::string::npos);
  CHECK(error_of(Value{{"http_url", Value::array({"fe1"})}, {"database", "db"}})
            .find("missing required option 'username'") != std::string::npos);
}

TEST_CASE("the password option is a secret") {
  auto specs = option_specs();
  auto it = std::find_if(specs.begin(), specs.end(),
                         [](const OptionSpec& s) { return s.name == "password"; });
  REQUIRE(it != specs.end());
  CHECK(it->secret);
}

TEST_CASE("lz4 frame and gzip bodies decompress to the original") {
  std::string body;
  for (int i = 0; i < 2000; ++i)
    body += R"({"id":)" + std::to_string(i) + R"(,"name":"row"})" + "\n";

  std::string lz4;
  REQUIRE(compress_body(Compression::lz4_frame, body, lz4).empty());
  CHECK(lz4.size() < body.size());
  LZ4F_dctx* dctx = nullptr;
  REQUIRE_FALSE(LZ4F_isError(LZ4F_createDecompressionContext(&dctx, LZ4F_VERSION)));
  std::string back(body.size() + 16, '\0');
  std::size_t dst = back.size(), src = lz4.size();
  std::size_t rc = LZ4F_decompress(dctx, back.data(), &dst, lz4.data(), &src, nullptr);
  LZ4F_freeDecompressionContext(dctx);
  CHECK(rc == 0);  // 0: the frame is complete
  back.resize(dst);
  CHECK(back == body);

  std::string gz;
  REQUIRE(compress_body(Compression::gzip, body, gz).empty());
  REQUIRE(gz.size() > 2);
  CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);  // gzip magic, not a raw zlib stream
  CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 16 + MAX_WBITS) == Z_OK);
  std::string out(body.size() + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_in = static_cast<uInt>(gz.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  CHECK(inflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  CHECK(out == body);

  std::string empty_gz;
  CHECK(compress_body(Compression::gzip, "", empty_gz).empty());
  CHECK_FALSE(empty_gz.empty());
}
