#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

using sluice::Headers;
using sluice::Record;
using sluice::Value;
using sluice::testing::Harness;
using sluice::testing::make_record;

namespace {

Value obj(std::initializer_list<std::pair<const char*, Value>> fields) {
  Value v = Value::object();
  for (const auto& [k, x] : fields) v[k] = x;
  return v;
}

sluice::LoadBody format(sluice::Formatter& f, std::initializer_list<Value> values) {
  std::vector<Record> records;
  for (const auto& v : values) records.push_back(make_record(v));
  return sluice::testing::format(f, records);
}

/// "bad_record: <message>" for a record refused by a fresh writer, which must stay empty.
std::string refusal(sluice::Formatter& f, const Value& v) {
  auto w = f.new_body("t");
  sluice::Status st = w->append(make_record(v));
  CHECK(w->rows() == 0);
  CHECK(w->size_bytes() == 0);
  return std::string(sluice::errc_name(st.code())) + ": " + st.message();
}

std::string header(const Headers& h, const std::string& name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return "<absent>";
}

}  // namespace

TEST_CASE("defaults: tab separated, \\N for NULL, headers in StarRocks's forms") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv");
  CHECK_FALSE(f->accepts_raw_json());
  auto body = format(
      *f, {obj({{"id", 1}, {"name", "ada"}, {"ok", true}, {"score", 2.5}, {"note", nullptr}}),
           obj({{"id", -7}, {"name", ""}, {"ok", false}, {"score", 1e100}, {"note", "x y"}})});
  CHECK(body.data == "1\tada\ttrue\t2.5\t\\N\n-7\t\tfalse\t1e+100\tx y\n");
  CHECK(body.rows == 2);
  CHECK(body.headers == Headers{{"format", "csv"},
                                {"column_separator", "\\x09"},
                                {"row_delimiter", "\\x0a"},
                                {"columns", "id,name,ok,score,note"}});
}

TEST_CASE("separators: printable ones as is, others in hex form; option spellings") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}, {"row_delimiter", "\\r\\n"}});
  auto body = format(*f, {obj({{"a", 1}, {"b", "x"}})});
  CHECK(body.data == "1,x\r\n");
  CHECK(header(body.headers, "column_separator") == ",");
  CHECK(header(body.headers, "row_delimiter") == "\\x0d0a");

  auto hex = h.formatter("csv", {{"column_separator", "\\x01"}, {"row_delimiter", "\\X1e"}});
  auto b2 = format(*hex, {obj({{"a", 1}, {"b", 2}})});
  CHECK(b2.data ==
        "1\x01"
        "2\x1e");
  CHECK(header(b2.headers, "column_separator") == "\\x01");
  CHECK(header(b2.headers, "row_delimiter") == "\\x1e");

  // A real tab from a TOML "\t" works too; a multi-byte printable separator goes as is.
  auto multi = h.formatter("csv", {{"column_separator", "||"}, {"row_delimiter", "\n"}});
  auto b3 = format(*multi, {obj({{"a", "x|y"}, {"b", 2}})});
  CHECK(b3.data == "x|y||2\n");
  CHECK(header(b3.headers, "column_separator") == "||");
  // StarRocks would read "0x.." as hex: such a separator is sent in hex.
  auto zx = h.formatter("csv", {{"column_separator", "0x"}});
  CHECK(header(format(*zx, {obj({{"a", 1}})}).headers, "column_separator") == "\\x3078");
}

TEST_CASE("column order: first record of the batch, then mapped by name; missing is NULL") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}});
  auto w = f->new_body("t");
  REQUIRE(w->append(make_record(obj({{"b", 1}, {"a", 2}, {"c", 3}}))));
  REQUIRE(w->append(make_record(obj({{"a", 20}, {"c", 30}, {"b", 10}}))));
  REQUIRE(w->append(make_record(obj({{"c", 300}}))));
  sluice::Status st = w->append(make_record(obj({{"a", 1}, {"d", 4}})));
  CHECK(st.code() == sluice::Errc::bad_record);
  CHECK(
      st.message() ==
      "field 'd' is not among this batch's columns (b,a,c); set the columns option to load records "
      "whose fields vary");
  auto body = w->finish();
  CHECK(body.data == "1,2,3\n10,20,30\n\\N,\\N,300\n");
  CHECK(header(body.headers, "columns") == "b,a,c");

  // The next batch takes its columns from its own first record.
  REQUIRE(w->append(make_record(obj({{"x", 1}}))));
  auto next = w->finish();
  CHECK(next.data == "1\n");
  CHECK(header(next.headers, "columns") == "x");
}

TEST_CASE("explicit columns: fixed order, unknown fields ignored, missing ones NULL") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}, {"columns", "id, name"}});
  auto body = format(*f, {obj({{"name", "ada"}, {"id", 1}, {"extra", true}}), obj({{"other", 1}})});
  CHECK(body.data == "1,ada\n\\N,\\N\n");
  CHECK(header(body.headers, "columns") == "id,name");
}

TEST_CASE("__op for Primary Key deletes is a column named in the columns header") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}});
  auto body =
      format(*f, {obj({{"id", 1}, {"v", "a"}, {"__op", 0}}), obj({{"id", 2}, {"__op", 1}})});
  CHECK(body.data == "1,a,0\n2,\\N,1\n");
  CHECK(header(body.headers, "columns") == "id,v,__op");
}

TEST_CASE("objects and arrays are written as JSON text; unicode as is") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", "|"}});
  auto body = format(*f, {obj({{"j", obj({{"k", Value::array({1, "x"})}})}, {"u", "日本 é 😀"}})});
  CHECK(body.data == "{\"k\":[1,\"x\"]}|日本 é 😀\n");
}

TEST_CASE("enclose: fields with separators, delimiters or quotes are quoted, quotes doubled") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}, {"enclose", "\""}});
  auto body = format(
      *f, {obj({{"a", "x,y"}, {"b", "say \"hi\""}, {"c", "l1\nl2"}, {"d", "plain"}, {"e", ""}}),
           obj({{"a", nullptr}, {"b", "\\"}, {"c", "q\""}, {"d", 1}, {"e", "{\"j\":1}"}})});
  CHECK(body.data ==
        "\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\",plain,\n"
        "\\N,\\,\"q\"\"\",1,\"{\"\"j\"\":1}\"\n");
  CHECK(header(body.headers, "enclose") == "\"");
  CHECK(header(body.headers, "escape") == "<absent>");
}

TEST_CASE("enclose with escape: quotes and escapes escaped, NULL written \\\\N") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}, {"enclose", "\""}, {"escape", "\\"}});
  auto body =
      format(*f, {obj({{"a", "\"lead"}, {"b", "back\\slash"}, {"c", nullptr}, {"d", "N"}})});
  CHECK(body.data == "\"\\\"lead\",\"back\\\\slash\",\\\\N,N\n");
  CHECK(header(body.headers, "escape") == "\\");
}

TEST_CASE("escape without enclose: separators and delimiters escaped") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}, {"escape", "\\"}});
  auto body = format(*f, {obj({{"a", "x,y\nz"}, {"b", "a\\b"}, {"c", nullptr}})});
  CHECK(body.data == "x\\,y\\\nz,a\\\\b,\\\\N\n");
}

TEST_CASE("a one-column empty string is quoted, or refused without enclose") {
  Harness h(PLUGIN_FILE);
  auto quoted = h.formatter("csv", {{"enclose", "'"}});
  CHECK(format(*quoted, {obj({{"a", ""}})}).data == "''\n");
  auto plain = h.formatter("csv");
  CHECK(refusal(*plain, obj({{"a", ""}})) ==
        "bad_record: field 'a' is an empty string in a one-column row, which StarRocks skips as a "
        "blank line; set enclose to carry it");
}

TEST_CASE("refusals name the field and the reason, and leave the body unchanged") {
  Harness h(PLUGIN_FILE);
  auto plain = h.formatter("csv", {{"column_separator", ","}});
  CHECK(refusal(*plain, obj({{"id", 1}, {"s", "a,b"}})) ==
        "bad_record: field 's' contains the column separator (,); set enclose to carry it");
  CHECK(refusal(*plain, obj({{"s", "a\nb"}, {"id", 1}})) ==
        "bad_record: field 's' contains the row delimiter (\\x0a); set enclose to carry it");
  CHECK(refusal(*plain, obj({{"id", 1}, {"s", "\\N"}})) ==
        "bad_record: field 's' is the text \\N, which StarRocks always reads as NULL");
  CHECK(refusal(*plain, obj({{"id", 1}, {"s", std::string("\xc3\x28")}})) ==
        "bad_record: field 's' is not valid UTF-8 (StarRocks filters such rows)");
  CHECK(refusal(*plain, obj({{"id", 1}, {"f", std::nan("")}})) ==
        "bad_record: field 'f' is NaN or infinite, which has no CSV text StarRocks loads");
  CHECK(refusal(*plain, "text") == "bad_record: CSV formatter needs an object value, got a string");
  CHECK(refusal(*plain, nullptr) == "bad_record: CSV formatter needs an object value, got null");
  CHECK(refusal(*plain, Value::object()) ==
        "bad_record: CSV formatter needs at least one field, got {}");
  CHECK(refusal(*plain, obj({{"a b", 1}})) ==
        "bad_record: field name 'a b' contains a character the columns header cannot carry (space "
        ", ` "
        "= ( ) ' \" or a control character)");

  auto multi = h.formatter("csv", {{"column_separator", "aa"}});
  CHECK(refusal(*multi, obj({{"id", 1}, {"s", "xa"}, {"t", 2}})) ==
        "bad_record: field 's' holds part of the multi-byte column separator (aa) where StarRocks "
        "could split it; set enclose to carry it");

  auto quoted = h.formatter("csv", {{"column_separator", ","}, {"enclose", "\""}});
  CHECK(refusal(*quoted, obj({{"s", "\"x,y\""}})) ==
        "bad_record: field 's' starts with the enclose character (\"), which StarRocks cannot read "
        "back without an escape character; set escape to carry it");
  CHECK(refusal(*quoted, obj({{"s", std::string("a\0b", 3)}})) ==
        "bad_record: field 's' contains a NUL byte, which StarRocks reads as the unset enclose or "
        "escape character; set both to carry it");
  CHECK(refusal(*quoted, obj({{"s", "\\N"}})) ==
        "bad_record: field 's' is the text \\N, which StarRocks always reads as NULL");

  // A refused record in the middle of a batch leaves the rows before it intact.
  auto w = plain->new_body("t");
  REQUIRE(w->append(make_record(obj({{"id", 1}, {"s", "ok"}}))));
  const std::size_t before = w->size_bytes();
  CHECK_FALSE(w->append(make_record(obj({{"id", 2}, {"s", "a,b"}}))));
  CHECK(w->size_bytes() == before);
  REQUIRE(w->append(make_record(obj({{"id", 3}, {"s", "fine"}}))));
  CHECK(w->finish().data == "1,ok\n3,fine\n");

  // When the first record of a batch is refused, the next one gives the columns.
  auto w2 = plain->new_body("t");
  CHECK_FALSE(w2->append(make_record(obj({{"x", "a,b"}}))));
  REQUIRE(w2->append(make_record(obj({{"y", 1}}))));
  auto b2 = w2->finish();
  CHECK(header(b2.headers, "columns") == "y");
}

TEST_CASE("raw JSON values are parsed") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"column_separator", ","}});
  Record r = make_record(nullptr);
  r.raw_value = R"({"a":1,"b":"x"})";
  auto body = sluice::testing::format(*f, {r});
  CHECK(body.data == "1,x\n");
}

TEST_CASE("size_bytes is the body size") {
  Harness h(PLUGIN_FILE);
  auto f = h.formatter("csv", {{"enclose", "\""}});
  auto w = f->new_body("t");
  for (int i = 0; i < 50; ++i) REQUIRE(w->append(make_record(obj({{"i", i}, {"s", "a\tb"}}))));
  std::size_t expected = w->size_bytes();
  CHECK(w->rows() == 50);
  CHECK(w->finish().data.size() == expected);
  CHECK(w->size_bytes() == 0);
}

TEST_CASE("bad option values are configuration errors naming the option") {
  Harness h(PLUGIN_FILE);
  CHECK_THROWS_WITH_AS(h.formatter("csv", {{"column_separator", ""}}),
                       "option 'column_separator' cannot be empty", std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.formatter("csv", {{"column_separator", "\\x0"}}),
                       "option 'column_separator' = \"\\x0\" has an odd number of hex digits",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      h.formatter("csv", {{"enclose", "ab"}}),
      "option 'enclose' must be one ASCII punctuation character, e.g. '\"' or '\\', not \"ab\"",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.formatter("csv", {{"enclose", "\""}, {"escape", "\""}}),
                       "option 'escape' must differ from enclose", std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.formatter("csv", {{"column_separator", ","}, {"enclose", ","}}),
                       "option 'column_separator' cannot contain the enclose character ','",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      h.formatter("csv", {{"column_separator", "\r"}, {"row_delimiter", "\r\n"}}),
      "option 'row_delimiter' overlaps the column separator; StarRocks could not tell them apart",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.formatter("csv", {{"columns", "a,a"}}), "option 'columns' lists 'a' twice",
                       std::invalid_argument);
}
