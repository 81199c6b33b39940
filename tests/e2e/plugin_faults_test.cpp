// End to end at the plugin boundary: a converter, a transform, a formatter and a sink that throw
// or crash (tests/fixtures/plugins/fault_plugins.cpp) at a given record or call.
//
// What a user relies on: a plugin that throws is a record error (or a load error) with the topic,
// partition, offset, stage, plugin and the exception's message, handled by [errors] tolerance;
// never std::terminate. A plugin that crashes leaves one line naming the stage, the plugin, its
// file and the record in hand, and the process exits non-zero. Either way nothing is committed
// past the last load StarRocks (or the sink) acknowledged.
//
// These need the new run core (issue 14): ctest label needs_run_core, DISABLED until it lands.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <set>

#include "e2e_support.hpp"

using namespace e2e;

namespace {

constexpr int kRecords = 60;
constexpr int kFaultAt = 30;  // the offset (and id) of the record a per-record fault hits

std::string row(int i) {
  return json{{"id", i}, {"v", "row " + std::to_string(i)}}.dump();
}

void produce(Stage& s, const std::string& topic, int from, int to) {
  std::vector<sluice::tools::ProduceRecord> recs;
  for (int i = from; i < to; ++i) recs.push_back({topic, std::nullopt, row(i), 0, {}});
  REQUIRE(s.kafka.produce_batch(recs).ok());
}

std::set<long> ids(const json& rows) {
  std::set<long> out;
  for (const auto& r : rows) out.insert(r["id"].get<long>());
  return out;
}

std::set<long> range(int from, int to) {
  std::set<long> out;
  for (int i = from; i < to; ++i) out.insert(i);
  return out;
}

std::string header(const sluice::tools::ConsumedRecord& r, const std::string& key) {
  for (const auto& h : r.headers)
    if (h.key == key) return h.value.value_or("<null>");
  return "<absent>";
}

std::vector<std::string> fatal_lines(const std::string& err) {
  std::vector<std::string> out;
  std::istringstream in(err);
  for (std::string l; std::getline(in, l);)
    if (l.find("fatal signal") != std::string::npos) out.push_back(l);
  return out;
}

// Where the fault goes: one of the four stages, the others are the bundled json / starrocks.
struct Faulty {
  std::string converter;    // inline-table options of fault_converter, or "" for json
  std::string transform;    // options of fault_transform, or "" for none
  std::string formatter;    // [formatter] options of fault_formatter, or "" for json
  std::string sink;         // [sink] options of fault_sink, or "" for starrocks
  std::string errors = "";  // the [errors] table's body
};

// flush_ms: long enough that the first records, produced before the engine starts, make one batch
// however the fetches split them (the batch cases count finish() and load() calls).
fs::path pipeline(Stage& s, const std::string& name, const Faulty& f, int flush_ms = 2000) {
  std::string t = "name = \"" + name + "\"\nplugin_path = [\"" FAULT_PLUGIN_DIR "\"]\n";
  t += "[source]\nbootstrap_servers = \"{BOOTSTRAP}\"\ntopics = [\"" + name + "\"]\n";
  if (!f.converter.empty())
    t += "value = { converter = \"fault_converter\", " + f.converter + " }\n";
  t += "[source.librdkafka]\n\"session.timeout.ms\" = \"6000\"\n";
  if (!f.transform.empty())
    t += "[[transforms]]\nplugin = \"fault_transform\"\n" + f.transform + "\n";
  if (f.sink.empty()) {
    t += sink_block(f.formatter.empty() ? "" : "format = \"fault_formatter\"", flush_ms);
  } else {
    t += "[sink]\nplugin = \"fault_sink\"\nflush_interval_ms = " + std::to_string(flush_ms) +
         "\nretry_backoff_ms = 50\nretry_backoff_max_ms = 400\n" + f.sink + "\n";
    if (!f.formatter.empty()) t += "format = \"fault_formatter\"\n";
  }
  if (!f.formatter.empty()) t += "[formatter]\n" + f.formatter + "\n";
  if (!f.errors.empty()) t += "[errors]\n" + f.errors + "\n";
  return s.pipeline(name, t);
}

std::map<int32_t, int64_t> committed(Stage& s, const std::string& name) {
  return s.kafka.committed_offsets("sluice-" + name, name);
}

// Records 0..29 are loaded and committed by a running engine; then 30..59 arrive and the fault
// at record 30 (or at the second load) hits. Returns the process's exit code.
int run_until_fault(Stage& s, const std::string& name, const fs::path& file, std::string& err) {
  s.kafka.create_topic(name, 1);
  produce(s, name, 0, kFaultAt);
  auto p = s.sluice({"run", "--progress-interval", "1", file.string()}, name);
  bool first_committed = wait_until(
      [&] {
        return committed(s, name) == std::map<int32_t, int64_t>{{0, kFaultAt}};
      },
      60s);
  err = p->err();
  INFO(err);
  REQUIRE(first_committed);
  produce(s, name, kFaultAt, kRecords);
  auto rc = p->wait(60s);
  err = p->err();
  REQUIRE(rc.has_value());
  return *rc;
}

sluice_tools::TableSpec pf_table(const std::string& name) {
  return table(name, false, {"id bigint", "v varchar"});
}

}  // namespace

TEST_CASE(
    "a plugin that throws on a record, tolerance none: exit 1, the record named, nothing "
    "committed at or past it") {
  struct Case {
    std::string name, stage, plugin, message;
    Faulty faulty;
  };
  std::vector<Case> cases = {
      {"pf_conv",
       "VALUE_CONVERTER",
       "fault_converter",
       "boom in convert at offset 30",
       {"fault = \"throw\", at = \"convert\", offset = 30", "", "", ""}},
      {"pf_tx",
       "TRANSFORMATION",
       "fault_transform",
       "boom in transform at offset 30",
       {"", "fault = \"throw\"\nat = \"transform\"\noffset = 30", "", ""}},
      {"pf_fmt",
       "TASK_PUT",
       "fault_formatter",
       "boom in format at offset 30",
       {"", "", "fault = \"throw\"\nat = \"format\"\noffset = 30", ""}},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name.c_str()) {
      Stage s({pf_table(c.name)});
      std::string err;
      int rc = run_until_fault(s, c.name, pipeline(s, c.name, c.faulty), err);
      INFO(err);
      CHECK(rc == 1);
      CHECK(err.find("(topic " + c.name + ", partition 0, offset 30), stage " + c.stage + " (" +
                     c.plugin + "): plugin '" + c.plugin + "' threw: " + c.message) !=
            std::string::npos);
      CHECK(fatal_lines(err).empty());
      CHECK(err.find("terminate called") == std::string::npos);
      CHECK(ids(s.sr.table_rows("shop", c.name)) == range(0, kFaultAt));
      CHECK(committed(s, c.name) == std::map<int32_t, int64_t>{{0, kFaultAt}});
    }
  }
}

TEST_CASE(
    "tolerance all: a throwing transform dead-letters the record with an error header "
    "naming stage and plugin; every other record is loaded") {
  const std::string name = "pf_dlq";
  Stage s({pf_table(name)});
  s.kafka.create_topic(name, 1);
  s.kafka.create_topic("pf_dead", 1);
  produce(s, name, 0, kRecords);
  Faulty f{"", "fault = \"throw\"\nat = \"transform\"\noffset = 30", "", "",
           "tolerance = \"all\"\ndead_letter_topic = \"pf_dead\""};
  int rc = s.drain(pipeline(s, name, f), name);
  INFO(s.last_err);
  REQUIRE(rc == 0);
  std::set<long> expected = range(0, kRecords);
  expected.erase(kFaultAt);
  CHECK(ids(s.sr.table_rows("shop", name)) == expected);
  auto dead = s.kafka.read_all("pf_dead");
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].value == std::optional<std::string>(row(kFaultAt)));
  CHECK(header(dead[0], "__connect.errors.topic") == name);
  CHECK(header(dead[0], "__connect.errors.partition") == "0");
  CHECK(header(dead[0], "__connect.errors.offset") == "30");
  CHECK(header(dead[0], "__connect.errors.stage") == "TRANSFORMATION");
  CHECK(header(dead[0], "__connect.errors.class.name") == "fault_transform");
  CHECK(header(dead[0], "__connect.errors.exception.message")
            .find("boom in transform at offset 30") != std::string::npos);
  CHECK(committed(s, name) == s.kafka.end_offsets(name));
}

TEST_CASE(
    "a plugin that crashes on a record: one line naming stage, plugin, file and record, a "
    "non-zero exit, nothing committed past the last load") {
  struct Case {
    std::string name, site;
    Faulty faulty;
  };
  const std::string file = FAULT_PLUGIN_FILE;
  std::vector<Case> cases = {
      {"pf_conv_segv",
       "value converter 'fault_converter' (" + file + ")",
       {"fault = \"segv\", at = \"convert\", offset = 30", "", "", ""}},
      {"pf_tx_segv",
       "transform 'fault_transform' (" + file + ")",
       {"", "fault = \"segv\"\nat = \"transform\"\noffset = 30", "", ""}},
      {"pf_fmt_segv",
       "formatter 'fault_formatter' (" + file + ")",
       {"", "", "fault = \"segv\"\nat = \"format\"\noffset = 30", ""}},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name.c_str()) {
      Stage s({pf_table(c.name)});
      std::string err;
      int rc = run_until_fault(s, c.name, pipeline(s, c.name, c.faulty), err);
      INFO(err);
      CHECK(rc == 128 + SIGSEGV);
      CHECK(fatal_lines(err) ==
            std::vector<std::string>{"sluice: fatal signal 11 (SIGSEGV) in " + c.site +
                                     " at topic " + c.name + ", partition 0, offset 30"});
      CHECK(ids(s.sr.table_rows("shop", c.name)) == range(0, kFaultAt));
      CHECK(committed(s, c.name) == std::map<int32_t, int64_t>{{0, kFaultAt}});
    }
  }
}

TEST_CASE(
    "a batch call that fails (formatter finish, sink load), the second batch: the first "
    "stays committed, the second is not") {
  struct Case {
    std::string name, kind, needle;
    int exit_code;
    Faulty faulty;
  };
  std::vector<Case> cases = {
      {"pf_finish_throw",
       "throw",
       "boom in finish call 2",
       1,
       {"", "", "fault = \"throw\"\nat = \"finish\"\ncall = 2", ""}},
      {"pf_finish_segv",
       "segv",
       "formatter 'fault_formatter' (" FAULT_PLUGIN_FILE ")",
       128 + SIGSEGV,
       {"", "", "fault = \"segv\"\nat = \"finish\"\ncall = 2", ""}},
      {"pf_load_throw",
       "throw",
       "boom in load call 2",
       1,
       {"", "", "", "fault = \"throw\"\nat = \"load\"\ncall = 2"}},
      {"pf_load_segv",
       "segv",
       "sink 'fault_sink' (" FAULT_PLUGIN_FILE ")",
       128 + SIGSEGV,
       {"", "", "", "fault = \"segv\"\nat = \"load\"\ncall = 2"}},
  };
  for (auto c : cases) {
    SUBCASE(c.name.c_str()) {
      Stage s({pf_table(c.name)});
      fs::path rows_file = s.dir.path() / (c.name + ".rows");
      if (!c.faulty.sink.empty()) {
        // JSON lines from fault_formatter, so that the rows file reads back row by row.
        c.faulty.sink += "\nrows_file = \"" + rows_file.string() + "\"";
        c.faulty.formatter = "fault = \"none\"";
      }
      std::string err;
      int rc = run_until_fault(s, c.name, pipeline(s, c.name, c.faulty), err);
      INFO(err);
      CHECK(rc == c.exit_code);
      if (c.kind == "throw") {
        CHECK(err.find(c.needle) != std::string::npos);
        CHECK(fatal_lines(err).empty());
      } else {
        auto lines = fatal_lines(err);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].rfind("sluice: fatal signal 11 (SIGSEGV) in " + c.needle, 0) == 0);
      }
      CHECK(committed(s, c.name) == std::map<int32_t, int64_t>{{0, kFaultAt}});
      if (c.faulty.sink.empty()) {
        CHECK(ids(s.sr.table_rows("shop", c.name)) == range(0, kFaultAt));
      } else {
        std::istringstream loaded(read_file(rows_file));
        std::set<long> got;
        for (std::string l; std::getline(loaded, l);) got.insert(json::parse(l)["id"].get<long>());
        CHECK(got == range(0, kFaultAt));
      }
    }
  }
}

TEST_CASE("a factory that throws: run exits with the plugin and the message, no crash") {
  struct Case {
    std::string name, needle;
    Faulty faulty;
  };
  std::vector<Case> cases = {
      {"pf_conv_create", "boom in converter factory", {"fault = \"throw\"", "", "", ""}},
      {"pf_tx_create", "boom in transform factory", {"", "fault = \"throw\"", "", ""}},
      {"pf_fmt_create", "boom in formatter factory", {"", "", "fault = \"throw\"", ""}},
      {"pf_sink_create", "boom in sink factory", {"", "", "", "fault = \"throw\""}},
  };
  for (const auto& c : cases) {
    SUBCASE(c.name.c_str()) {
      Stage s({pf_table(c.name)});
      s.kafka.create_topic(c.name, 1);
      produce(s, c.name, 0, 10);
      int rc = s.drain(pipeline(s, c.name, c.faulty), c.name, 60s);
      INFO(s.last_err);
      CHECK((rc == 1 || rc == 2));
      CHECK(s.last_err.find(c.needle) != std::string::npos);
      CHECK(fatal_lines(s.last_err).empty());
      CHECK(committed(s, c.name).empty());
    }
  }
}
