// Body formats: JSON shapes, CSV separators and quoting, columns mappings, typed values,
// compressed bodies.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <lz4frame.h>
#include <zlib.h>

#include "emulator_fixture.hpp"

using emu_test::Fixture;
using emu_test::stream_load;
using nlohmann::json;

namespace {

std::string lz4_frame(const std::string& in) {
  std::string out(LZ4F_compressFrameBound(in.size(), nullptr), '\0');
  std::size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), nullptr);
  REQUIRE_FALSE(LZ4F_isError(n));
  out.resize(n);
  return out;
}

std::string gzip(const std::string& in) {
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  std::string out(deflateBound(&zs, in.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

}  // namespace

TEST_CASE("a JSON array needs strip_outer_array, and strip_outer_array needs an array") {
  Fixture f;
  const std::string array = R"([{"id":1,"name":"a"},{"id":2,"name":"b"}])";
  json r = stream_load(f.fe(), "demo", "users", array, {"format: json", "label: a1"}).json();
  CHECK(r["Status"] == "Fail");
  CHECK(r["Message"] == "JSON data is an array, strip_outer_array must be set true");
  CHECK(f.rows("demo", "users").empty());

  r = stream_load(f.fe(), "demo", "users", array, {"format: json", "strip_outer_array: true"})
          .json();
  CHECK(r["Status"] == "Success");
  CHECK(r["NumberLoadedRows"] == 2);

  r = stream_load(f.fe(), "demo", "users", R"({"id":3,"name":"c"})",
                  {"format: json", "strip_outer_array: true"})
          .json();
  CHECK(r["Status"] == "Fail");
  CHECK(r["Message"] == "JSON data is an object, strip_outer_array must be set false");
}

TEST_CASE("JSON: unknown keys are ignored, broken JSON is a filtered row") {
  Fixture f;
  json r = stream_load(f.fe(), "demo", "users", "{\"id\":1,\"name\":\"a\",\"zzz\":5}\n{\"id\":2,\n",
                       {"format: json", "max_filter_ratio: 0.5"})
               .json();
  CHECK(r["Status"] == "Success");
  CHECK(r["NumberLoadedRows"] == 1);
  CHECK(r["NumberFilteredRows"] == 1);
  CHECK(f.rows("demo", "users")[0].contains("zzz") == false);
}

TEST_CASE("CSV: default tab separator, hex separators, \\N NULL, empty strings") {
  Fixture f;
  json r =
      stream_load(f.fe(), "demo", "events", "1\thello\t1.50\n2\t\\N\t\\N\n3\t\t0\n", {}).json();
  CHECK(r["Status"] == "Success");
  json rows = f.rows("demo", "events");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["amount"] == "1.50");
  CHECK(rows[1]["msg"].is_null());
  CHECK(rows[2]["msg"] == "");

  r = stream_load(f.fe(), "demo", "events",
                  "4\x01"
                  "a\x01"
                  "1\x02"
                  "5\x01"
                  "b\x01"
                  "2",
                  {"column_separator: \\x01", "row_delimiter: \\x02"})
          .json();
  CHECK(r["NumberLoadedRows"] == 2);
  CHECK(f.rows("demo", "events")[4]["msg"] == "b");

  r = stream_load(f.fe(), "demo", "events", "6||x||1\n", {"column_separator: ||"}).json();
  CHECK(r["Status"] == "Success");
}

TEST_CASE("CSV: a wrong field count filters the row with the StarRocks message") {
  Fixture f;
  json r = stream_load(f.fe(), "demo", "events", "1,a,1\n2,b\n", {"column_separator: ,"}).json();
  CHECK(r["Status"] == "Fail");
  CHECK(r["Message"] == "too many filtered rows");
  auto log = emu_test::http_get(r["ErrorURL"].get<std::string>()).body;
  CHECK(log == "Error: Value count does not match column count. Expect 3, but got 2. Row: 2,b\n");
}

TEST_CASE("CSV: enclose, escape and the NULL corners of csv_reader") {
  Fixture f;
  const std::vector<std::string> quoted = {"column_separator: ,", "enclose: \""};
  json r = stream_load(f.fe(), "demo", "events",
                       "1,\"a,b\",1\n"             // separator inside quotes
                       "2,\"line\nbreak\",2\n"     // row delimiter inside quotes
                       "3,\"say \"\"hi\"\"\",3\n"  // doubled quote
                       "4,\"\\N\",4\n"             // \N is NULL even when quoted
                       "5,\"\"\"x\",5\n",          // starts with a doubled quote: not quoted
                       quoted)
               .json();
  CHECK(r["Status"] == "Success");
  json rows = f.rows("demo", "events");
  REQUIRE(rows.size() == 5);
  CHECK(rows[0]["msg"] == "a,b");
  CHECK(rows[1]["msg"] == "line\nbreak");
  CHECK(rows[2]["msg"] == "say \"hi\"");
  CHECK(rows[3]["msg"].is_null());
  CHECK(rows[4]["msg"] == "\"\"\"x\"");

  // With escape `\`: `\\N` is NULL, `\N` is the letter N, `\,` is a comma.
  r = stream_load(f.fe(), "demo", "events", "6,\\\\N,6\n7,\\N,7\n8,a\\,b,8\n9,\"q\\\"q\",9\n",
                  {"column_separator: ,", "enclose: \"", "escape: \\"})
          .json();
  CHECK(r["Status"] == "Success");
  rows = f.rows("demo", "events");
  REQUIRE(rows.size() == 9);
  CHECK(rows[5]["msg"].is_null());
  CHECK(rows[6]["msg"] == "N");
  CHECK(rows[7]["msg"] == "a,b");
  CHECK(rows[8]["msg"] == "q\"q");
}

TEST_CASE("CSV: skip_header, trim_space, columns with __op mapping and a constant __op") {
  Fixture f;
  json r = stream_load(f.fe(), "demo", "users", "id,name,op\n1,a,0\n2,b,0\n3,c,0\n",
                       {"column_separator: ,", "skip_header: 1", "columns: id,name,tmp,__op=tmp"})
               .json();
  CHECK(r["Status"] == "Success");
  CHECK(r["NumberTotalRows"] == 3);
  r = stream_load(f.fe(), "demo", "users", "2,b,1\n1,a2,0\n",
                  {"column_separator: ,", "columns: id,name,tmp,__op=tmp"})
          .json();
  CHECK(r["Status"] == "Success");
  json rows = f.rows("demo", "users");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["name"] == "a2");
  CHECK(rows[1]["id"] == 3);

  r = stream_load(f.fe(), "demo", "users", "3,c\n",
                  {"column_separator: ,", "columns: id,name,__op='delete'"})
          .json();
  CHECK(r["Status"] == "Success");
  CHECK(f.rows("demo", "users").size() == 1);

  r = stream_load(f.fe(), "demo", "events", " 7 , padded ,1\n",
                  {"column_separator: ,", "trim_space: true"})
          .json();
  CHECK(r["Status"] == "Success");
  CHECK(f.rows("demo", "events")[0]["msg"] == "padded");
}

TEST_CASE("typed columns: values that do not convert are filtered rows") {
  Fixture f;
  const std::string body =
      R"({"id":1,"name":"ok","score":"2.5","born":"2024-02-29","updated":"2024-01-02T03:04:05","extra":{"k":[1]},"active":"true"})"
      "\n"
      R"({"id":"abc","name":"bad int"})"
      "\n"
      R"({"id":3,"name":"bad date","born":"2023-02-29"})"
      "\n"
      R"({"id":4,"name":"bad bool","active":"maybe"})"
      "\n"
      R"({"id":5,"name":"bad double","score":"x1"})"
      "\n";
  json r =
      stream_load(f.fe(), "demo", "users", body, {"format: json", "max_filter_ratio: 1"}).json();
  CHECK(r["Status"] == "Success");
  CHECK(r["NumberLoadedRows"] == 1);
  CHECK(r["NumberFilteredRows"] == 4);
  json row = f.rows("demo", "users")[0];
  CHECK(row["score"] == 2.5);
  CHECK(row["born"] == "2024-02-29");
  CHECK(row["updated"] == "2024-01-02 03:04:05");
  CHECK(row["extra"] == json::parse(R"({"k":[1]})"));
  CHECK(row["active"] == true);
  std::string log = emu_test::http_get(r["ErrorURL"].get<std::string>()).body;
  CHECK(log.find("Value 'abc' is invalid for column 'id' of type BIGINT") != std::string::npos);
  CHECK(log.find("2023-02-29") != std::string::npos);

  r = stream_load(f.fe(), "demo", "events", "3000000000\tx\t1\n", {}).json();
  CHECK(r["Status"] == "Fail");  // out of INT range
  r = stream_load(f.fe(), "demo", "users", "9\tj\t\\N\t\\N\t2024-05-06\t[1,2]\t0\n", {}).json();
  CHECK(r["Status"] == "Success");
  json csv_row = f.rows("demo", "users")[1];
  CHECK(csv_row["updated"] == "2024-05-06 00:00:00");
  CHECK(csv_row["extra"] == json::array({1, 2}));
  CHECK(csv_row["active"] == false);
}

TEST_CASE("compressed bodies: lz4_frame and gzip; both headers at once fail") {
  Fixture f;
  const std::string body = "{\"id\":1,\"name\":\"lz\"}\n{\"id\":2,\"name\":\"lz\"}\n";
  json r = stream_load(f.fe(), "demo", "users", lz4_frame(body),
                       {"format: json", "compression: lz4_frame"})
               .json();
  CHECK(r["Status"] == "Success");
  CHECK(r["NumberLoadedRows"] == 2);
  CHECK(r["LoadBytes"] == body.size());

  const std::string gz_body = "{\"id\":3,\"name\":\"gz\"}\n";
  r = stream_load(f.fe(), "demo", "users", gzip(gz_body),
                  {"format: json", "Content-Encoding: gzip"})
          .json();
  CHECK(r["Status"] == "Success");
  CHECK(f.rows("demo", "users").size() == 3);
  CHECK(f.rows("demo", "users")[2]["name"] == "gz");

  r = stream_load(f.fe(), "demo", "users", gzip(gz_body),
                  {"format: json", "Content-Encoding: gzip", "compression: gzip"})
          .json();
  CHECK(r["Status"] == "Fail");
  CHECK(r["Message"] == "Only one of compression and Content-Encoding can be set");

  r = stream_load(f.fe(), "demo", "users", "not lz4", {"format: json", "compression: lz4_frame"})
          .json();
  CHECK(r["Status"] == "Fail");
  CHECK(r["Message"].get<std::string>().find("lz4_frame") != std::string::npos);
}
