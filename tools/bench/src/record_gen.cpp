#include "record_gen.hpp"

#include <array>
#include <cstdio>

namespace sluice::bench {

namespace {

// splitmix64: cheap, good enough to vary field values per record.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::array<const char*, 6> kEvents = {"page_view", "add_to_cart", "checkout",
                                                "search",    "login",       "purchase"};
constexpr std::array<const char*, 8> kCountries = {"DE", "FR", "US", "GB", "JP", "BR", "IN", "NL"};
constexpr std::array<const char*, 3> kDevices = {"mobile", "desktop", "tablet"};
constexpr std::array<const char*, 4> kBrowsers = {"Firefox", "Chrome", "Safari", "Edge"};
constexpr std::array<const char*, 5> kFirstNames = {"Anne", "Sally", "George", "Edward", "Kenji"};
constexpr std::array<const char*, 5> kLastNames = {"Kretchmar", "Thomas", "Bailey", "Walker",
                                                   "Nakamura"};

template <std::size_t N>
const char* pick(const std::array<const char*, N>& items, std::uint64_t r) {
  return items[r % N];
}

struct Event {
  std::uint64_t id, user_id, quantity, item;
  std::uint64_t session_hi, session_lo;
  double amount;
  bool ok;
  const char *event, *country, *device, *browser;
  std::string created_at;
};

std::string timestamp_text(std::uint64_t i) {
  // Seconds advance with the record number; microseconds vary.
  const std::uint64_t s = i / 16;
  char buf[40];
  std::snprintf(buf, sizeof buf, "2024-05-%02u %02u:%02u:%02u.%06u",
                static_cast<unsigned>(1 + (s / 86400) % 28), static_cast<unsigned>((s / 3600) % 24),
                static_cast<unsigned>((s / 60) % 60), static_cast<unsigned>(s % 60),
                static_cast<unsigned>(mix(i) % 1000000));
  return buf;
}

Event make_event(std::uint64_t i) {
  const std::uint64_t r = mix(i);
  Event e;
  e.id = 1000000 + i;
  e.user_id = r % 100000;
  e.quantity = 1 + (r >> 20) % 9;
  e.item = (r >> 24) % 50000;
  e.session_hi = mix(r);
  e.session_lo = mix(r + 1);
  e.amount = static_cast<double>((r >> 8) % 1000000) / 100.0;
  e.ok = (r & 1) != 0;
  e.event = pick(kEvents, r >> 3);
  e.country = pick(kCountries, r >> 6);
  e.device = pick(kDevices, r >> 9);
  e.browser = pick(kBrowsers, r >> 12);
  e.created_at = timestamp_text(i);
  return e;
}

std::string session_text(const Event& e) {
  char buf[40];
  std::snprintf(
      buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(e.session_hi >> 32),
      static_cast<unsigned>((e.session_hi >> 16) & 0xffff),
      static_cast<unsigned>(e.session_hi & 0xffff), static_cast<unsigned>(e.session_lo >> 48),
      static_cast<unsigned long long>(e.session_lo & 0xffffffffffffULL));
  return buf;
}

// --- a tiny Protobuf wire encoder (only what bench.Event needs) ---
void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void put_tag(std::string& out, int field, int wire_type) {
  put_varint(out, static_cast<std::uint64_t>(field) << 3 | static_cast<unsigned>(wire_type));
}
void put_uint(std::string& out, int field, std::uint64_t v) {
  put_tag(out, field, 0);
  put_varint(out, v);
}
void put_string(std::string& out, int field, std::string_view s) {
  put_tag(out, field, 2);
  put_varint(out, s.size());
  out.append(s);
}
void put_double(std::string& out, int field, double d) {
  put_tag(out, field, 1);
  std::uint64_t bits;
  static_assert(sizeof bits == sizeof d);
  __builtin_memcpy(&bits, &d, sizeof d);
  for (int b = 0; b < 8; ++b)
    out.push_back(static_cast<char>((bits >> (8 * b)) & 0xff));  // little-endian
}

}  // namespace

GeneratedRecord plain_json_record(std::uint64_t i) {
  const Event e = make_event(i);
  char buf[640];
  const int n = std::snprintf(
      buf, sizeof buf,
      R"({"id":%llu,"user_id":%llu,"session":"%s","event":"%s","page":"/products/category/item-%llu",)"
      R"("referrer":"https://www.example.com/search?q=widgets&page=%llu","country":"%s","device":"%s","browser":"%s",)"
      R"("amount":%.2f,"quantity":%llu,"ok":%s,"created_at":"%s","tags":"promo,summer,newsletter"})",
      static_cast<unsigned long long>(e.id), static_cast<unsigned long long>(e.user_id),
      session_text(e).c_str(), e.event, static_cast<unsigned long long>(e.item),
      static_cast<unsigned long long>(e.quantity), e.country, e.device, e.browser, e.amount,
      static_cast<unsigned long long>(e.quantity), e.ok ? "true" : "false", e.created_at.c_str());
  return {std::nullopt, std::string(buf, static_cast<std::size_t>(n))};
}

const char* plain_json_columns_toml() {
  return R"(["id", "user_id", "session", "event", "page", "referrer", "country", "device", "browser", "amount", "quantity", "ok", "created_at", "tags"])";
}

GeneratedRecord debezium_record(std::uint64_t i, std::uint64_t id_space) {
  const std::uint64_t r = mix(i ^ 0x5bd1e995ULL);
  const std::uint64_t id = 1 + i % id_space;
  const unsigned pct = static_cast<unsigned>(r % 100);
  const char op = pct < 10 ? 'r' : pct < 40 ? 'c' : pct < 90 ? 'u' : 'd';
  char row[320];
  std::snprintf(
      row, sizeof row,
      R"({"id":%llu,"first_name":"%s","last_name":"%s","email":"user%llu@example.org","score":%.2f,)"
      R"("balance":"%llu.%02llu","active":%s,"updated_at":"%s"})",
      static_cast<unsigned long long>(id), pick(kFirstNames, r >> 8), pick(kLastNames, r >> 11),
      static_cast<unsigned long long>(id), static_cast<double>((r >> 16) % 10000) / 100.0,
      static_cast<unsigned long long>((r >> 20) % 100000),
      static_cast<unsigned long long>((r >> 40) % 100), (r >> 5) & 1 ? "true" : "false",
      timestamp_text(i).c_str());
  const std::uint64_t ts_ms = 1715940000000ULL + i;
  const std::uint64_t lsn = 24023128ULL + i * 64;
  const bool is_delete = op == 'd';
  char buf[900];
  const int n = std::snprintf(
      buf, sizeof buf,
      R"({"before":%s,"after":%s,"source":{"version":"2.5.0.Final","connector":"postgresql","name":"shop",)"
      R"("ts_ms":%llu,"snapshot":"%s","db":"shop","sequence":"[null,\"%llu\"]","schema":"inventory",)"
      R"("table":"customers","txId":%llu,"lsn":%llu,"xmin":null},"op":"%c","ts_ms":%llu,"transaction":null})",
      is_delete ? row : "null", is_delete ? "null" : row, static_cast<unsigned long long>(ts_ms),
      op == 'r' ? "true" : "false", static_cast<unsigned long long>(lsn),
      static_cast<unsigned long long>(700 + i / 4), static_cast<unsigned long long>(lsn), op,
      static_cast<unsigned long long>(ts_ms + 3));
  return {R"({"id":)" + std::to_string(id) + "}", std::string(buf, static_cast<std::size_t>(n))};
}

std::string protobuf_schema() {
  return R"(syntax = "proto3";
package bench;

message Event {
  int64 id = 1;
  int64 user_id = 2;
  string session = 3;
  string event = 4;
  string page = 5;
  string referrer = 6;
  string country = 7;
  string device = 8;
  string browser = 9;
  double amount = 10;
  int32 quantity = 11;
  bool ok = 12;
  string created_at = 13;
  string tags = 14;
}
)";
}

GeneratedRecord protobuf_record(std::uint64_t i, std::int32_t schema_id) {
  const Event e = make_event(i);
  std::string out;
  out.reserve(320);
  out.push_back('\0');  // magic byte
  const auto id = static_cast<std::uint32_t>(schema_id);
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((id >> shift) & 0xff));
  out.push_back('\0');  // message indexes: [0], Confluent's one-byte short form
  put_uint(out, 1, e.id);
  put_uint(out, 2, e.user_id);
  put_string(out, 3, session_text(e));
  put_string(out, 4, e.event);
  put_string(out, 5, "/products/category/item-" + std::to_string(e.item));
  put_string(out, 6, "https://www.example.com/search?q=widgets&page=" + std::to_string(e.quantity));
  put_string(out, 7, e.country);
  put_string(out, 8, e.device);
  put_string(out, 9, e.browser);
  put_double(out, 10, e.amount);
  put_uint(out, 11, e.quantity);
  if (e.ok) put_uint(out, 12, 1);  // proto3 leaves false out
  put_string(out, 13, e.created_at);
  put_string(out, 14, "promo,summer,newsletter");
  return {std::nullopt, std::move(out)};
}

GeneratedRecord generate(DataKind kind, std::uint64_t i, std::int32_t schema_id) {
  switch (kind) {
    case DataKind::plain_json:
      return plain_json_record(i);
    case DataKind::debezium_json:
      return debezium_record(i, 50000);
    case DataKind::protobuf:
      return protobuf_record(i, schema_id);
  }
  return plain_json_record(i);
}

}  // namespace sluice::bench
