// End to end, Debezium CDC: generated change streams (snapshot reads, creates, updates, deletes
// with their tombstones, re-creates) → the real `sluice` with config/debezium-cdc.toml's pipeline
// (debezium_op then debezium_unwrap) → Primary Key tables in the emulator. Each table must equal
// the final state the test computes on its own, schemaless and with Connect schemas (Debezium's
// temporal and decimal types).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <regex>
#include <set>

#include "e2e_support.hpp"

using namespace e2e;
using sluice::tools::ProduceRecord;

namespace {

using Rng = std::mt19937_64;

fs::path source_dir() {
  return fs::path(std::getenv("SLUICE_SOURCE_DIR"));
}
fs::path cdc_config() {
  return source_dir() / "config" / "debezium-cdc.toml";
}
constexpr const char* kPassword = "s3cret-pw";

// ---- values as StarRocks loads them, computed here independently of the json converter ----

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

std::string date_text(std::int64_t days_since_epoch) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// "HH:MM:SS" of a time of day in µs, plus the fraction when non-zero: ".ffffff" (the loaded form),
// or with `iso_fraction` Java's ISO form, without trailing zeros.
std::string time_text(std::int64_t us_of_day, bool iso_fraction) {
  char buf[32];
  std::int64_t s = us_of_day / 1000000, f = us_of_day % 1000000;
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  std::string out = buf;
  if (f != 0) {
    std::snprintf(buf, sizeof buf, ".%06d", static_cast<int>(f));
    std::string frac = buf;
    if (iso_fraction)
      while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out;
}

// UTC "YYYY-MM-DD HH:MM:SS[.ffffff]" of µs since the epoch.
std::string datetime_text(std::int64_t us) {
  std::int64_t day = floor_div(us, 86400000000LL);
  return date_text(day) + " " + time_text(us - day * 86400000000LL, false);
}

// Debezium's ZonedTimestamp text (ISO_OFFSET_DATE_TIME) of an instant shown at an offset.
std::string zoned_text(std::int64_t us, int offset_minutes) {
  std::int64_t local = us + offset_minutes * 60000000LL;
  std::int64_t day = floor_div(local, 86400000000LL);
  std::string out = date_text(day) + "T" + time_text(local - day * 86400000000LL, true);
  if (offset_minutes == 0) return out + "Z";
  char buf[16];
  int m = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
  return out + buf;
}

std::string decimal_text(std::int64_t unscaled, int scale) {
  bool neg = unscaled < 0;
  // Magnitude as unsigned so that INT64_MIN works.
  std::uint64_t mag =
      neg ? 0 - static_cast<std::uint64_t>(unscaled) : static_cast<std::uint64_t>(unscaled);
  std::string digits = std::to_string(mag);
  if (digits.size() <= static_cast<std::size_t>(scale))
    digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
  std::string out = digits.substr(0, digits.size() - static_cast<std::size_t>(scale));
  if (scale > 0) out += "." + digits.substr(digits.size() - static_cast<std::size_t>(scale));
  return (neg ? "-" : "") + out;
}

// Kafka Connect Decimal payload: the unscaled value as minimal big-endian two's complement, base64.
std::string decimal_base64(std::int64_t unscaled) {
  std::vector<unsigned char> bytes;
  for (int i = 7; i >= 0; --i)
    bytes.push_back(static_cast<unsigned char>(static_cast<std::uint64_t>(unscaled) >> (8 * i)));
  // Drop leading bytes that only repeat the sign.
  while (bytes.size() > 1 &&
         ((bytes[0] == 0x00 && !(bytes[1] & 0x80)) || (bytes[0] == 0xff && (bytes[1] & 0x80))))
    bytes.erase(bytes.begin());
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= bytes[i + 2];
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// ---- random values ----

std::int64_t uniform(Rng& rng, std::int64_t lo, std::int64_t hi) {
  return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
}
bool chance(Rng& rng, int percent) {
  return uniform(rng, 0, 99) < percent;
}

// Unscaled decimals of every size: zero, a few cents, large, near the int64 limits; both signs.
std::int64_t random_unscaled(Rng& rng) {
  std::int64_t v = 0;
  switch (uniform(rng, 0, 5)) {
    case 0:
      v = 0;
      break;
    case 1:
      v = uniform(rng, 1, 99);
      break;
    case 2:
      v = uniform(rng, 100, 999999);
      break;
    case 3:
      v = uniform(rng, 1000000, 99999999999LL);
      break;
    case 4:
      v = uniform(rng, 1000000000000000LL, 999999999999999999LL);
      break;
    default:
      v = std::numeric_limits<std::int64_t>::max() - uniform(rng, 0, 1000);
      break;
  }
  if (chance(rng, 40))
    v = v == std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<std::int64_t>::min()
                                                      : -v;
  return v;
}

// µs instants between 1950 and 2040; a quarter on whole seconds, a quarter on whole ms.
std::int64_t random_instant_us(Rng& rng) {
  std::int64_t us = uniform(rng, -631152000000000LL, 2208988800000000LL);
  switch (uniform(rng, 0, 3)) {
    case 0:
      return us - us % 1000000;
    case 1:
      return us - us % 1000;
    default:
      return us;
  }
}

// ---- tables, change events, Kafka messages ----

// One row: what the change event carries, and what the table must hold for it.
struct Row {
  json payload;
  json loaded;
};

struct TableModel {
  std::string topic;  // Debezium's <server>.<db>.<table>
  std::string table;
  std::string key;  // primary key column (an integer id)
  int ids = 0;
  int partitions = 0;
  std::vector<std::string> columns;  // "name type" for the emulator
  json row_fields;                   // Connect schema fields of a row (schemaful only)
  std::function<Row(int, Rng&)> make_row;
};

sluice_tools::ColumnType column_type(const std::string& t) {
  using CT = sluice_tools::ColumnType;
  static const std::map<std::string, CT> kTypes = {
      {"int", CT::kInt},          {"bigint", CT::kBigint},   {"double", CT::kDouble},
      {"decimal", CT::kDecimal},  {"varchar", CT::kVarchar}, {"date", CT::kDate},
      {"datetime", CT::kDatetime}};
  return kTypes.at(t);
}

sluice_tools::TableSpec table_spec(const TableModel& m) {
  sluice_tools::TableSpec t;
  t.database = "shop";
  t.table = m.table;
  t.model = sluice_tools::KeyModel::kPrimary;
  t.key_columns = {m.key};
  for (const auto& c : m.columns) {
    auto sp = c.find(' ');
    t.columns.push_back({c.substr(0, sp), column_type(c.substr(sp + 1)), false});
  }
  return t;
}

json field(const std::string& name, const std::string& type, bool optional = true,
           const std::string& logical = "", json params = nullptr) {
  json f = {{"type", type}, {"optional", optional}};
  if (!logical.empty()) {
    f["name"] = logical;
    f["version"] = 1;
  }
  if (!params.is_null()) f["parameters"] = std::move(params);
  f["field"] = name;
  return f;
}

// Debezium MySQL connector's envelope schema for a table.
json envelope_schema(const TableModel& m) {
  std::string value_name = m.topic + ".Value";
  json row = {
      {"type", "struct"}, {"fields", m.row_fields}, {"optional", true}, {"name", value_name}};
  json before = row, after = row;
  before["field"] = "before";
  after["field"] = "after";
  json source = {
      {"type", "struct"},
      {"fields",
       {field("version", "string", false), field("connector", "string", false),
        field("name", "string", false), field("ts_ms", "int64", false),
        field("snapshot", "string", true, "io.debezium.data.Enum",
              {{"allowed", "true,last,false,incremental"}}),
        field("db", "string", false), field("sequence", "string"), field("table", "string"),
        field("server_id", "int64", false), field("gtid", "string"), field("file", "string", false),
        field("pos", "int64", false), field("row", "int32", false), field("thread", "int64"),
        field("query", "string")}},
      {"optional", false},
      {"name", "io.debezium.connector.mysql.Source"},
      {"field", "source"}};
  json transaction = {{"type", "struct"},
                      {"fields",
                       {field("id", "string", false), field("total_order", "int64", false),
                        field("data_collection_order", "int64", false)}},
                      {"optional", true},
                      {"name", "event.block"},
                      {"version", 1},
                      {"field", "transaction"}};
  return {
      {"type", "struct"},
      {"fields",
       {before, after, source, field("op", "string", false), field("ts_ms", "int64"), transaction}},
      {"optional", false},
      {"name", m.topic + ".Envelope"},
      {"version", 1}};
}

json key_schema(const TableModel& m) {
  return {{"type", "struct"},
          {"fields", {field(m.key, "int32", false)}},
          {"optional", false},
          {"name", m.topic + ".Key"}};
}

struct Counts {
  int reads = 0, creates = 0, recreates = 0, updates = 0, deletes = 0, tombstones = 0;
  int messages() const { return reads + creates + updates + deletes + tombstones; }
};

struct Stream {
  std::vector<ProduceRecord> records;
  std::map<long, json> final_rows;  // id → row as the table must hold it
  Counts counts;
};

// A table's change stream as Debezium emits it: a snapshot (`r`) of ~80% of the ids, then
// `streaming` random changes: updates and deletes of live ids (each delete followed by its
// tombstone), creates of absent ids (re-creates when deleted before). Partition = id % partitions,
// so each id's events stay in order, as with Debezium's record keys.
Stream cdc_stream(const TableModel& m, Rng& rng, int streaming, bool schemas) {
  Stream out;
  std::map<int, Row> live;
  std::set<int> deleted;
  const json env_schema = schemas ? envelope_schema(m) : json();
  const json k_schema = schemas ? key_schema(m) : json();
  std::int64_t ts = 1795774272000, pos = 154;
  auto emit = [&](int id, const char* op, const Row* before, const Row* after,
                  const std::string& snapshot) {
    ts += uniform(rng, 1, 3000);
    pos += 300;
    json source = {{"version", "2.7.3.Final"},
                   {"connector", "mysql"},
                   {"name", "shop"},
                   {"ts_ms", ts},
                   {"snapshot", snapshot},
                   {"db", "inventory"},
                   {"sequence", nullptr},
                   {"table", m.table},
                   {"server_id", snapshot == "false" ? 223344 : 0},
                   {"gtid", nullptr},
                   {"file", "mysql-bin.000003"},
                   {"pos", pos},
                   {"row", 0},
                   {"thread", snapshot == "false" ? json(7) : json(nullptr)},
                   {"query", nullptr}};
    json payload = {{"before", before ? before->payload : json(nullptr)},
                    {"after", after ? after->payload : json(nullptr)},
                    {"source", source},
                    {"op", op},
                    {"ts_ms", ts + 17},
                    {"transaction", nullptr}};
    json key = {{m.key, id}};
    std::string key_text =
        schemas ? json{{"schema", k_schema}, {"payload", key}}.dump() : key.dump();
    std::string value_text =
        schemas ? json{{"schema", env_schema}, {"payload", payload}}.dump() : payload.dump();
    int partition = id % m.partitions;
    out.records.push_back({m.topic, key_text, value_text, partition, {}});
    if (std::string(op) == "d") {
      out.records.push_back({m.topic, key_text, std::nullopt, partition, {}});
      out.counts.tombstones++;
    }
  };
  std::vector<int> snapshot_ids;
  for (int id = 1; id <= m.ids; ++id)
    if (chance(rng, 80)) snapshot_ids.push_back(id);
  for (std::size_t i = 0; i < snapshot_ids.size(); ++i) {
    int id = snapshot_ids[i];
    live[id] = m.make_row(id, rng);
    emit(id, "r", nullptr, &live[id], i + 1 == snapshot_ids.size() ? "last" : "true");
    out.counts.reads++;
  }
  for (int n = 0; n < streaming; ++n) {
    int id = static_cast<int>(uniform(rng, 1, m.ids));
    auto it = live.find(id);
    if (it == live.end()) {
      live[id] = m.make_row(id, rng);
      emit(id, "c", nullptr, &live[id], "false");
      out.counts.creates++;
      if (deleted.count(id)) out.counts.recreates++;
    } else if (chance(rng, 70)) {
      Row next = m.make_row(id, rng);
      emit(id, "u", &it->second, &next, "false");
      it->second = std::move(next);
      out.counts.updates++;
    } else {
      emit(id, "d", &it->second, nullptr, "false");
      live.erase(it);
      deleted.insert(id);
      out.counts.deletes++;
    }
  }
  for (const auto& [id, row] : live) out.final_rows[id] = row.loaded;
  return out;
}

// ---- schemaless tables: the row is loaded as written ----

std::string pick(Rng& rng, const std::vector<std::string>& from) {
  return from[static_cast<std::size_t>(
      uniform(rng, 0, static_cast<std::int64_t>(from.size()) - 1))];
}

TableModel plain_customers() {
  TableModel m;
  m.topic = "shop.inventory.customers";
  m.table = "customers";
  m.key = "id";
  m.ids = 300;
  m.partitions = 4;
  m.columns = {"id bigint",     "first_name varchar", "last_name varchar",
               "email varchar", "score double",       "visits int"};
  m.make_row = [](int id, Rng& rng) {
    std::string first = pick(rng, {"Anne", "Sally", "George", "Edward", "Zoë", "Jürgen"}),
                last = pick(rng, {"Kretchmar", "Thomas", "Bailey", "Walker"});
    json r = {{"id", id},
              {"first_name", first},
              {"last_name", last},
              {"email",
               chance(rng, 10)
                   ? json(nullptr)
                   : json(first + "." + std::to_string(uniform(rng, 0, 99999)) + "@example.com")},
              {"score", static_cast<double>(uniform(rng, -4000, 4000)) * 0.25},
              {"visits", uniform(rng, 0, 100000)}};
    return Row{r, r};
  };
  return m;
}

TableModel plain_orders() {
  TableModel m;
  m.topic = "shop.inventory.orders";
  m.table = "orders";
  m.key = "order_id";
  m.ids = 200;
  m.partitions = 3;
  m.columns = {"order_id bigint", "purchaser bigint", "product varchar", "quantity int",
               "status varchar"};
  m.make_row = [](int id, Rng& rng) {
    json r = {{"order_id", id},
              {"purchaser", uniform(rng, 1001, 1300)},
              {"product", pick(rng, {"scooter", "car battery", "12-pack drill bits",
                                     "hammer \"XL\"", "rocks\nand gravel"})},
              {"quantity", uniform(rng, 1, 50)},
              {"status", pick(rng, {"new", "paid", "shipped"})}};
    return Row{r, r};
  };
  return m;
}

// ---- schemaful tables: Debezium's temporal and decimal types ----

TableModel typed_customers() {
  TableModel m;
  m.topic = "shop.inventory.customers";
  m.table = "customers";
  m.key = "id";
  m.ids = 300;
  m.partitions = 4;
  m.columns = {"id int",
               "first_name varchar",
               "birth_date date",
               "created_at datetime",
               "updated_at datetime",
               "last_login datetime",
               "balance decimal"};
  const json scale2 = {{"scale", "2"}, {"connect.decimal.precision", "20"}};
  m.row_fields = {field("id", "int32", false),
                  field("first_name", "string"),
                  field("birth_date", "int32", true, "io.debezium.time.Date"),
                  field("created_at", "int64", true, "io.debezium.time.Timestamp"),
                  field("updated_at", "int64", true, "io.debezium.time.MicroTimestamp"),
                  field("last_login", "string", true, "io.debezium.time.ZonedTimestamp"),
                  field("balance", "bytes", true, "org.apache.kafka.connect.data.Decimal", scale2)};
  m.make_row = [](int id, Rng& rng) {
    Row r;
    r.payload = {{"id", id}};
    r.loaded = {{"id", id}};
    std::string name = pick(rng, {"Anne", "Sally", "George", "Edward", "Zoë"});
    r.payload["first_name"] = r.loaded["first_name"] = name;
    // Optional columns are null one time in ten.
    auto maybe = [&](const char* col, auto make) {
      if (chance(rng, 10)) {
        r.payload[col] = nullptr;
        r.loaded[col] = nullptr;
      } else {
        make();
      }
    };
    maybe("birth_date", [&] {
      std::int64_t days = uniform(rng, -25000, 25000);  // 1901 .. 2038
      r.payload["birth_date"] = days;
      r.loaded["birth_date"] = date_text(days);
    });
    maybe("created_at", [&] {
      std::int64_t us = random_instant_us(rng);
      std::int64_t ms = floor_div(us, 1000);
      r.payload["created_at"] = ms;
      r.loaded["created_at"] = datetime_text(ms * 1000);
    });
    maybe("updated_at", [&] {
      std::int64_t us = random_instant_us(rng);
      r.payload["updated_at"] = us;
      r.loaded["updated_at"] = datetime_text(us);
    });
    maybe("last_login", [&] {
      std::int64_t us = random_instant_us(rng);
      static const int kOffsets[] = {0, 120, -300, 330, -570, 840, -720};
      int offset = kOffsets[uniform(rng, 0, 6)];
      r.payload["last_login"] = zoned_text(us, offset);
      r.loaded["last_login"] = datetime_text(us);
    });
    maybe("balance", [&] {
      std::int64_t unscaled = random_unscaled(rng);
      r.payload["balance"] = decimal_base64(unscaled);
      r.loaded["balance"] = decimal_text(unscaled, 2);
    });
    return r;
  };
  return m;
}

TableModel typed_orders() {
  TableModel m;
  m.topic = "shop.inventory.orders";
  m.table = "orders";
  m.key = "order_id";
  m.ids = 200;
  m.partitions = 3;
  m.columns = {"order_id int", "order_date date", "purchaser int", "quantity int", "price decimal"};
  m.row_fields = {field("order_id", "int32", false),
                  field("order_date", "int32", false, "io.debezium.time.Date"),
                  field("purchaser", "int32", false), field("quantity", "int32", false),
                  field("price", "bytes", false, "org.apache.kafka.connect.data.Decimal",
                        {{"scale", "4"}, {"connect.decimal.precision", "19"}})};
  m.make_row = [](int id, Rng& rng) {
    std::int64_t days = uniform(rng, 16000, 21000), price = random_unscaled(rng);
    std::int64_t purchaser = uniform(rng, 1001, 1300), qty = uniform(rng, 1, 50);
    return Row{{{"order_id", id},
                {"order_date", days},
                {"purchaser", purchaser},
                {"quantity", qty},
                {"price", decimal_base64(price)}},
               {{"order_id", id},
                {"order_date", date_text(days)},
                {"purchaser", purchaser},
                {"quantity", qty},
                {"price", decimal_text(price, 4)}}};
  };
  return m;
}

// ---- running and checking ----

std::map<long, json> table_by_key(Stage& s, const TableModel& m) {
  std::map<long, json> out;
  for (const auto& row : s.sr.table_rows("shop", m.table)) out[row[m.key].get<long>()] = row;
  return out;
}

// The table equals the expected rows: same keys, and every declared column as expected.
void check_table(Stage& s, const TableModel& m, const std::map<long, json>& expected) {
  auto got = table_by_key(s, m);
  CHECK(got.size() == expected.size());
  int shown = 0;
  for (const auto& [id, want] : expected) {
    auto it = got.find(id);
    if (it == got.end()) {
      if (shown++ < 10)
        FAIL_CHECK(m.table << ": row " << m.key << "=" << id << " missing; want " << want.dump());
      continue;
    }
    json want_all = want;
    for (const auto& c : m.columns)
      if (!want_all.contains(c.substr(0, c.find(' '))))
        want_all[c.substr(0, c.find(' '))] = nullptr;
    if (it->second != want_all && shown++ < 10)
      FAIL_CHECK(m.table << ": row " << id << " is " << it->second.dump() << "; want "
                         << want_all.dump());
  }
  for (const auto& [id, row] : got)
    if (!expected.count(id) && shown++ < 10)
      FAIL_CHECK(m.table << ": row " << id
                         << " should not exist (deleted or never created): " << row.dump());
  CHECK(shown == 0);
}

std::string replace_all(std::string text, const std::string& from, const std::string& to,
                        int* count = nullptr) {
  int n = 0;
  for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()), ++n)
    text.replace(p, from.size(), to);
  if (count) *count = n;
  return text;
}

struct DrainResult {
  int rc = -999;
  std::string err;
  double seconds = 0;
  long loads = 0;  // from the engine's "drained: ..." line
};

// `sluice run --drain` with the environment the shipped config reads.
DrainResult drain(Stage& s, const fs::path& file, const std::string& log) {
  std::map<std::string, std::string> env = {
      {"KAFKA_BOOTSTRAP", s.kafka.bootstrap_servers()},
      {"STARROCKS_FE", "127.0.0.1:" + std::to_string(s.sr.fe_port())},
      {"STARROCKS_PASSWORD", kPassword}};
  auto start = std::chrono::steady_clock::now();
  Process p({sluice_bin().string(), "run", "--drain", "--progress-interval", "1", file.string()},
            env, s.dir.path() / log);
  auto rc = p.wait(240s);
  DrainResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.err = p.err();
  r.rc = rc ? *rc : -999;
  std::smatch mm;
  if (std::regex_search(r.err, mm,
                        std::regex("drained: \\d+ records, \\d+ rows loaded in (\\d+) loads")))
    r.loads = std::stol(mm[1]);
  return r;
}

long successful_loads(Stage& s, const std::string& table) {
  long n = 0;
  for (const auto& l : s.sr.loads())
    if (l.table == table && l.status == "Success") ++n;
  return n;
}

void report(const std::string& what, const std::vector<std::pair<TableModel, Stream>>& runs,
            Stage& s, const DrainResult& d) {
  for (const auto& [m, st] : runs) {
    const Counts& c = st.counts;
    MESSAGE(what << " " << m.table << ": " << st.records.size() << " messages produced over "
                 << m.partitions << " partitions (" << c.reads << " r, " << c.creates << " c ("
                 << c.recreates << " re-creates), " << c.updates << " u, " << c.deletes << " d, "
                 << c.tombstones << " tombstones); " << st.final_rows.size()
                 << " rows in the final table; " << successful_loads(s, m.table) << " loads");
  }
  MESSAGE(what << ": drain ran " << d.seconds << " s (engine: " << d.loads << " loads)");
}

// Runs one CDC scenario: the streams of both tables into one Stage, the pipeline, the checks.
void run_cdc(const std::string& what, std::vector<TableModel> models, bool schemas,
             const std::string& pipeline_text, std::uint64_t seed) {
  std::vector<sluice_tools::TableSpec> specs;
  for (const auto& m : models) specs.push_back(table_spec(m));
  Stage s(specs);
  Rng rng(seed);
  std::vector<std::pair<TableModel, Stream>> runs;
  for (const auto& m : models) {
    s.kafka.create_topic(m.topic, m.partitions);
    Stream st = cdc_stream(m, rng, m.ids * 5, schemas);
    // The generator must have produced every kind of event, or the test proves less than it says.
    REQUIRE(st.counts.reads > 0);
    REQUIRE(st.counts.recreates > 0);
    REQUIRE(st.counts.updates > 0);
    REQUIRE(st.counts.deletes > 0);
    REQUIRE(st.counts.tombstones == st.counts.deletes);
    REQUIRE(st.final_rows.size() < static_cast<std::size_t>(m.ids));  // some ids end deleted
    REQUIRE(s.kafka.produce_batch(st.records).ok());
    runs.emplace_back(m, std::move(st));
  }
  auto file = s.dir.path() / "debezium-cdc.toml";
  std::ofstream(file) << pipeline_text;
  DrainResult d = drain(s, file, "cdc");
  {
    INFO("sluice stderr:\n" << d.err);
    REQUIRE(d.rc == 0);
    // Schemaless JSON through debezium_op + debezium_unwrap into JSON takes the raw path (no value
    // tree); with schemas the converter must apply the logical types, so it cannot.
    CHECK(d.err.find(schemas ? "fast path off" : "fast path on") != std::string::npos);
  }
  for (const auto& run : runs) {
    const TableModel& m = run.first;
    const Stream& st = run.second;
    CAPTURE(m.table);
    check_table(s, m, st.final_rows);
    // Everything consumed was committed.
    CHECK(s.kafka.committed_offsets("sluice-shop-cdc", m.topic) == s.kafka.end_offsets(m.topic));
    // Every load was accepted whole (max_filter_ratio 0: a filtered row fails the load).
    for (const auto& l : s.sr.loads())
      if (l.table == m.table) CHECK(l.filtered_rows == 0);
  }
  report(what, runs, s, d);
}

}  // namespace

TEST_CASE("the expected-value helpers themselves (checked against known Debezium values)") {
  CHECK(date_text(0) == "1970-01-01");
  CHECK(date_text(-1) == "1969-12-31");
  CHECK(date_text(20784) == "2026-11-27");
  CHECK(datetime_text(1795774272345000) == "2026-11-27 10:11:12.345000");
  CHECK(datetime_text(1795774272000000) == "2026-11-27 10:11:12");
  CHECK(datetime_text(-1) == "1969-12-31 23:59:59.999999");
  CHECK(zoned_text(1795774272345000, 120) == "2026-11-27T12:11:12.345+02:00");
  CHECK(zoned_text(1795774272000000, 0) == "2026-11-27T10:11:12Z");
  CHECK(zoned_text(1795774272000010, -570) == "2026-11-27T00:41:12.00001-09:30");
  CHECK(decimal_text(-123450, 2) == "-1234.50");
  CHECK(decimal_text(5, 2) == "0.05");
  CHECK(decimal_text(-5, 4) == "-0.0005");
  CHECK(decimal_text(0, 2) == "0.00");
  CHECK(decimal_text(std::numeric_limits<std::int64_t>::min(), 2) == "-92233720368547758.08");
  CHECK(decimal_base64(0) == "AA==");
  CHECK(decimal_base64(127) == "fw==");
  CHECK(decimal_base64(128) == "AIA=");
  CHECK(decimal_base64(-1) == "/w==");
  CHECK(decimal_base64(-129) == "/38=");
  CHECK(decimal_base64(123450) == "AeI6");
}

TEST_CASE(
    "schemaless Debezium envelopes: r/c/u/d and tombstones into Primary Key tables equal the "
    "computed state") {
  // config/debezium-cdc.toml with schemas_enable = false, and a buffer small enough that each
  // table is loaded in many batches (order across loads matters for the same key).
  std::string text = read_file(cdc_config());
  REQUIRE(!text.empty());
  int n = 0;
  text = replace_all(text, "schemas_enable = true", "schemas_enable = false", &n);
  REQUIRE(n == 2);  // key and value converters
  text =
      std::regex_replace(text, std::regex("buffer_max_bytes = \\d+"), "buffer_max_bytes = 131072");
  text =
      std::regex_replace(text, std::regex("flush_interval_ms = \\d+"), "flush_interval_ms = 300");
  REQUIRE(text.find("buffer_max_bytes = 131072") != std::string::npos);
  run_cdc("schemaless", {plain_customers(), plain_orders()}, false, text, 20261127);
}

TEST_CASE(
    "Connect JSON with schemas (the shipped config as it is): Date, Timestamp, MicroTimestamp, "
    "ZonedTimestamp, Decimal") {
  std::string text = read_file(cdc_config());
  REQUIRE(text.find("schemas_enable = true") != std::string::npos);
  run_cdc("schemaful", {typed_customers(), typed_orders()}, true, text, 424242);
}

TEST_CASE(
    "sluice validate config/debezium-cdc.toml: exit 0, the resolved pipeline, the password "
    "masked") {
  TempDir dir;
  const std::string secret = "Vry-s3cret-PW-9";
  std::map<std::string, std::string> env = {{"KAFKA_BOOTSTRAP", "127.0.0.1:9092"},
                                            {"STARROCKS_FE", "127.0.0.1:8030"},
                                            {"STARROCKS_PASSWORD", secret}};
  Process p({sluice_bin().string(), "validate", cdc_config().string()}, env,
            dir.path() / "validate");
  auto rc = p.wait(60s);
  std::string out = p.out(), err = p.err();
  INFO("stdout:\n" << out << "\nstderr:\n" << err);
  REQUIRE(rc.has_value());
  CHECK(*rc == 0);
  CHECK(out.find(": valid") != std::string::npos);
  CHECK(out.find("127.0.0.1:9092") != std::string::npos);  // variables resolved
  CHECK(out.find("127.0.0.1:8030") != std::string::npos);
  CHECK(out.find("${") == std::string::npos);
  CHECK(out.find("password = \"******\"") != std::string::npos);  // the password, masked
  CHECK(out.find(secret) == std::string::npos);
  CHECK(err.find(secret) == std::string::npos);
  // The documented order: debezium_op (addfield) before debezium_unwrap, with the unwrap's options.
  auto op = out.find("\"debezium_op\""), unwrap = out.find("\"debezium_unwrap\"");
  CHECK(op != std::string::npos);
  CHECK(unwrap != std::string::npos);
  CHECK(op < unwrap);
  CHECK(out.find("\"delete.handling.mode\" = \"rewrite\"") != std::string::npos);
  CHECK(out.find("\"drop.tombstones\" = true") != std::string::npos);
  CHECK(out.find("\"shop.inventory.customers\" = \"customers\"") != std::string::npos);

  // Without the password variable the file is refused, naming the variable and not a value.
  if (std::getenv("STARROCKS_PASSWORD") == nullptr) {
    env.erase("STARROCKS_PASSWORD");
    Process q({sluice_bin().string(), "validate", cdc_config().string()}, env,
              dir.path() / "validate-missing");
    auto rc2 = q.wait(60s);
    REQUIRE(rc2.has_value());
    CHECK(*rc2 != 0);
    CHECK(q.err().find("STARROCKS_PASSWORD") != std::string::npos);
  }
}
