// Property test: random records formatted by the plugin and read back by an independent reader
// that follows StarRocks's CSV rules (starrocks_csv_reader.hpp), configured only from the headers
// the plugin emitted. Every accepted value must come back equal (NULL as NULL); every refusal must
// be one of the documented unrepresentable cases, and be true of the value it names.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <random>

#include <sluice/testing/harness.hpp>

#include "starrocks_csv_reader.hpp"

using sluice::Value;

namespace {

struct Combo {
  const char* name;
  Value options;
  int columns;  // fields per record (1 exercises the blank-line corner)
  bool explicit_columns = false;
};

/// The text a value must read back as (nullopt: NULL), per DESIGN.md's value model.
csvtest::Field expected_text(const Value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  return v.dump();
}

class Generator {
 public:
  Generator(std::uint64_t seed, const csvtest::ReaderConfig& cfg) : rng_(seed) {
    pieces_ = {"a", "b",  "z",  "N",    "\\", "\\N",  "\"",   "'",    "^",    ",",
               "|", "||", "\t", "\n",   "\r", "\r\n", "\x01", "\x02", "#",    "<=>",
               " ", "aa", "é",  "日本", "😀",  "{",    "}",    "0x",   "\\x01"};
    pieces_.push_back(cfg.sep);
    pieces_.push_back(cfg.delim);
    pieces_.push_back(cfg.sep.substr(0, 1));
    pieces_.push_back(cfg.delim.substr(0, 1));
  }

  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  std::string random_string() {
    switch (below(40)) {
      case 0:
        return "\\N";
      case 1:
        return "";
      case 2:
        return std::string("x\0y", 3);
      case 3:
        return "bad\xff";
      default:
        break;
    }
    std::string s;
    for (std::size_t n = below(7); n > 0; --n) s += pieces_[below(pieces_.size())];
    return s;
  }

  Value random_value() {
    switch (below(12)) {
      case 0:
        return nullptr;
      case 1:
        return static_cast<std::int64_t>(rng_());
      case 2:
        return std::uniform_real_distribution<double>(-1e6, 1e6)(rng_);
      case 3:
        return below(2) == 0;
      case 4:
        return {{"k", random_string()}, {"n", below(100)}};
      case 5:
        return Value::array({random_string(), 1});
      case 6:
        return below(50) == 0 ? Value(std::nan("")) : Value(1.5);
      default:
        return random_string();
    }
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::string> pieces_;
};

/// True when `text` has an invalid UTF-8 byte the generator planted.
bool planted_invalid(const std::string& text) {
  return text.find('\xff') != std::string::npos;
}

/// Checks that a refusal message is a documented case and holds for the value it names.
void check_refusal(const std::string& message, const Value& record, const csvtest::ReaderConfig& c,
                   const Combo& combo, std::map<std::string, int>& kinds) {
  INFO("refusal: " << message);
  const std::string prefix = "field '";
  REQUIRE(message.rfind(prefix, 0) == 0);
  const std::size_t close = message.find("' ", prefix.size());
  REQUIRE(close != std::string::npos);
  const std::string field = message.substr(prefix.size(), close - prefix.size());
  const std::string reason = message.substr(close + 2);
  auto starts = [&](const char* s) { return reason.rfind(s, 0) == 0; };

  if (starts("is not among this batch's columns")) {
    CHECK_FALSE(combo.explicit_columns);
    CHECK(field == "extra");
    ++kinds["extra field"];
    return;
  }
  REQUIRE(record.contains(field));
  const Value& v = record.at(field);
  std::string t;
  try {
    t = expected_text(v).value_or("");
  } catch (const nlohmann::json::exception&) {
    t = "\xff";  // JSON text of a nested value with planted invalid UTF-8
  }
  const bool quoting = c.has_enclose || c.has_escape;

  if (starts("is the text \\N, which StarRocks always reads as NULL")) {
    CHECK(t == "\\N");
  } else if (starts("is not valid UTF-8") || starts("holds text that is not valid UTF-8")) {
    CHECK(planted_invalid(t));
  } else if (starts("is NaN or infinite")) {
    CHECK(v.is_number_float());
    CHECK(std::isnan(v.get<double>()));
  } else if (starts("contains the column separator")) {
    CHECK_FALSE(quoting);
    CHECK(t.find(c.sep) != std::string::npos);
  } else if (starts("contains the row delimiter")) {
    CHECK_FALSE(quoting);
    CHECK(t.find(c.delim) != std::string::npos);
  } else if (starts("holds part of the multi-byte column separator")) {
    CHECK_FALSE(c.has_enclose);
    CHECK(c.sep.size() > 1);
    CHECK(t.find(c.sep[0]) != std::string::npos);
  } else if (starts("holds part of the multi-byte row delimiter")) {
    CHECK_FALSE(c.has_enclose);
    CHECK(c.delim.size() > 1);
    CHECK(t.find(c.delim[0]) != std::string::npos);
  } else if (starts("starts with the enclose character")) {
    CHECK(c.has_enclose);
    CHECK_FALSE(c.has_escape);
    CHECK(!t.empty());
    CHECK(t[0] == c.enclose);
  } else if (starts("is an empty string in a one-column row")) {
    CHECK_FALSE(c.has_enclose);
    CHECK(combo.columns == 1);
    CHECK(t.empty());
  } else if (starts("contains a NUL byte")) {
    CHECK(quoting);
    CHECK_FALSE((c.has_enclose && c.has_escape));
    CHECK(t.find('\0') != std::string::npos);
  } else {
    FAIL("undocumented refusal");
  }
  ++kinds[reason.substr(0, reason.find_first_of("(,;"))];
}

void run_combo(const Combo& combo, std::uint64_t seed) {
  INFO("combo: " << std::string(combo.name));
  sluice::testing::Harness h(PLUGIN_FILE);
  auto formatter = h.formatter("csv", combo.options);
  auto writer = formatter->new_body("t");

  std::vector<std::string> names;
  for (int i = 0; i < combo.columns; ++i) names.push_back("f" + std::to_string(i));
  // The reader's separators come from the headers; the generator only needs them to aim at.
  csvtest::ReaderConfig aim = csvtest::config_from_headers(writer->finish().headers);
  Generator gen(seed, aim);

  std::map<std::string, int> kinds;
  std::size_t accepted = 0, refused = 0;
  for (int batch = 0; batch < 8; ++batch) {
    std::vector<std::map<std::string, csvtest::Field>> expected;
    const std::size_t rows = 200 + gen.below(400);
    for (std::size_t r = 0; r < rows; ++r) {
      Value record = Value::object();
      // Field order varies and fields go missing, except until a batch's first accepted record,
      // which gives the batch its columns when there is no columns option.
      const bool first = expected.empty();
      std::vector<std::string> order = names;
      if (!first)
        std::shuffle(order.begin(), order.end(),
                     std::mt19937(static_cast<unsigned>(gen.below(1u << 30))));
      for (const auto& n : order)
        if (first || gen.below(10) != 0) record[n] = gen.random_value();
      if (!first && gen.below(30) == 0) record["extra"] = 1;
      if (record.empty()) record[names[0]] = "filler";

      sluice::Status st = writer->append(sluice::testing::make_record(record));
      if (st) {
        ++accepted;
        std::map<std::string, csvtest::Field> row;
        for (const auto& n : names)
          row[n] = record.contains(n) ? expected_text(record[n]) : std::nullopt;
        expected.push_back(std::move(row));
      } else {
        ++refused;
        REQUIRE(st.code() == sluice::Errc::bad_record);
        check_refusal(st.message(), record, aim, combo, kinds);
      }
    }
    const std::size_t size_before = writer->size_bytes();
    sluice::LoadBody body = writer->finish();
    CHECK(body.data.size() == size_before);
    REQUIRE(body.rows == expected.size());

    csvtest::ReaderConfig cfg = csvtest::config_from_headers(body.headers);
    std::vector<csvtest::Row> got = csvtest::read_csv(body.data, cfg);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      INFO("batch " << batch << " row " << i);
      REQUIRE(got[i].size() == cfg.columns.size());
      for (std::size_t k = 0; k < cfg.columns.size(); ++k) {
        const auto& want = expected[i].at(cfg.columns[k]);
        INFO("column " << cfg.columns[k] << " want " << (want ? "'" + *want + "'" : "NULL")
                       << " got " << (got[i][k] ? "'" + *got[i][k] + "'" : "NULL"));
        CHECK(got[i][k] == want);
      }
    }
  }
  MESSAGE(std::string(combo.name) << ": accepted " << accepted << ", refused " << refused);
  for (const auto& [k, n] : kinds) MESSAGE("  " << n << " x " << k);
  // Enough rows went through for the comparison to mean something.
  CHECK(accepted >= 400);
  // With both enclose and escape every value is representable except the documented few.
  if (combo.options.contains("enclose") && combo.options.contains("escape"))
    for (const auto& [k, n] : kinds)
      CHECK((k.rfind("is the text", 0) == 0 || k.rfind("is not valid", 0) == 0 ||
             k.rfind("holds text that is not", 0) == 0 || k.rfind("is NaN", 0) == 0 ||
             k == "extra field"));
}

}  // namespace

TEST_CASE("random records read back equal under StarRocks's CSV rules") {
  const std::vector<Combo> combos = {
      {"defaults (tab, newline)", Value::object(), 4},
      {"comma", {{"column_separator", ","}}, 4},
      {"pipe, CRLF", {{"column_separator", "|"}, {"row_delimiter", "\\r\\n"}}, 3},
      {"\\x01, \\x02", {{"column_separator", "\\x01"}, {"row_delimiter", "\\x02"}}, 4},
      {"multi-byte ||", {{"column_separator", "||"}}, 4},
      {"self-overlapping aa", {{"column_separator", "aa"}, {"row_delimiter", "#\n"}}, 3},
      {"one column, plain", Value::object(), 1},
      {"enclose only", {{"column_separator", ","}, {"enclose", "\""}}, 4},
      {"enclose + escape", {{"column_separator", ","}, {"enclose", "\""}, {"escape", "\\"}}, 4},
      {"enclose + escape, multi-byte",
       {{"column_separator", "<=>"},
        {"row_delimiter", "\\r\\n"},
        {"enclose", "'"},
        {"escape", "^"}},
       4},
      {"enclose + escape, \\x01",
       {{"column_separator", "\\x01"}, {"enclose", "\""}, {"escape", "\\"}},
       3},
      {"escape only", {{"column_separator", ","}, {"escape", "\\"}}, 4},
      {"escape only, CRLF",
       {{"column_separator", "\t"}, {"row_delimiter", "\r\n"}, {"escape", "\\"}},
       3},
      {"one column, enclose", {{"enclose", "\""}}, 1},
      {"one column, enclose + escape", {{"enclose", "\""}, {"escape", "\\"}}, 1},
      {"explicit columns, enclose",
       {{"column_separator", ","}, {"enclose", "\""}, {"columns", "f2,f0,f1"}},
       3,
       true},
  };
  std::uint64_t seed = 20240601;
  for (const auto& c : combos) run_combo(c, seed++);
}
