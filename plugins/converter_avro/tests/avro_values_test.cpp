// Decoded values for every Avro type: primitives, records, enums, arrays, maps, fixed, unions and
// logical types; references between schemas.
#include <doctest/doctest.h>

#include <cstring>

#include "avro_fixture.hpp"

using sluice::Value;

namespace {

const char* const kOrderSchema = R"({"type":"record","name":"Order","namespace":"shop","fields":[
 {"name":"id","type":"int"},
 {"name":"big","type":"long"},
 {"name":"price","type":"double"},
 {"name":"ratio","type":"float"},
 {"name":"active","type":"boolean"},
 {"name":"created_at","type":"string"},
 {"name":"blob","type":"bytes"},
 {"name":"nothing","type":"null"},
 {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID","SHIPPED"]}},
 {"name":"opt","type":["null","string"]},
 {"name":"opt_set","type":["null","long"]},
 {"name":"multi","type":["null","int","string"]},
 {"name":"tags","type":{"type":"array","items":"string"}},
 {"name":"counts","type":{"type":"map","values":"int"}},
 {"name":"line","type":{"type":"record","name":"Line","fields":[
    {"name":"sku","type":"string"},{"name":"qty","type":"int"}]}},
 {"name":"lines","type":{"type":"array","items":"Line"}},
 {"name":"hash","type":{"type":"fixed","name":"Hash","size":4}},
 {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":2}},
 {"name":"amount_fixed","type":{"type":"fixed","name":"Dec","size":16,"logicalType":"decimal",
    "precision":38,"scale":10}},
 {"name":"day","type":{"type":"int","logicalType":"date"}},
 {"name":"t_ms","type":{"type":"int","logicalType":"time-millis"}},
 {"name":"t_us","type":{"type":"long","logicalType":"time-micros"}},
 {"name":"ts_ms","type":{"type":"long","logicalType":"timestamp-millis"}},
 {"name":"ts_us","type":{"type":"long","logicalType":"timestamp-micros"}},
 {"name":"lts_ms","type":{"type":"long","logicalType":"local-timestamp-millis"}},
 {"name":"lts_us","type":{"type":"long","logicalType":"local-timestamp-micros"}},
 {"name":"uid","type":{"type":"string","logicalType":"uuid"}},
 {"name":"opt_day","type":["null",{"type":"int","logicalType":"date"}]},
 {"name":"bad_logical","type":{"type":"int","logicalType":"timestamp-millis"}}
]})";

using D = AvroDatum;

/// Fills an Order; `variant` 0 sets the optional unions to null, 1 to values.
void fill_order(AvroDatum& d, int variant) {
  avro_value_t& r = d.root();
  avro_value_t f;
  f = D::field(r, "id"), avro_value_set_int(&f, 7);
  f = D::field(r, "big"), avro_value_set_long(&f, -9007199254740993LL);
  f = D::field(r, "price"), avro_value_set_double(&f, 12.5);
  f = D::field(r, "ratio"), avro_value_set_float(&f, 1.1f);
  f = D::field(r, "active"), avro_value_set_boolean(&f, 1);
  f = D::field(r, "created_at"), avro_value_set_string(&f, "caf\xc3\xa9");
  f = D::field(r, "blob"), avro_value_set_bytes(&f, const_cast<char*>("\x00\xff\x10"), 3);
  f = D::field(r, "nothing"), avro_value_set_null(&f);
  f = D::field(r, "status"), avro_value_set_enum(&f, 2);
  avro_value_t b;
  f = D::field(r, "opt");
  b = D::branch(f, variant == 0 ? 0 : 1);
  variant == 0 ? avro_value_set_null(&b) : avro_value_set_string(&b, "here");
  f = D::field(r, "opt_set");
  b = D::branch(f, variant == 0 ? 0 : 1);
  variant == 0 ? avro_value_set_null(&b) : avro_value_set_long(&b, 0);
  f = D::field(r, "multi");
  b = D::branch(f, variant == 0 ? 1 : 2);
  variant == 0 ? avro_value_set_int(&b, 5) : avro_value_set_string(&b, "five");
  f = D::field(r, "tags");
  avro_value_t e = D::append(f);
  avro_value_set_string(&e, "x");
  e = D::append(f);
  avro_value_set_string(&e, "y");
  f = D::field(r, "counts");
  e = D::put(f, "zeta");
  avro_value_set_int(&e, 1);
  e = D::put(f, "alpha");
  avro_value_set_int(&e, 2);
  f = D::field(r, "line");
  avro_value_t g = D::field(f, "sku");
  avro_value_set_string(&g, "A-1");
  g = D::field(f, "qty"), avro_value_set_int(&g, 3);
  f = D::field(r, "lines");
  e = D::append(f);
  g = D::field(e, "sku"), avro_value_set_string(&g, "B");
  g = D::field(e, "qty"), avro_value_set_int(&g, 1);
  f = D::field(r, "hash"), avro_value_set_fixed(&f, const_cast<char*>("\xde\xad\xbe\xef"), 4);
  f = D::field(r, "amount"), avro_value_set_bytes(&f, const_cast<char*>("\xCF\xC7"), 2);  // -12345
  // 2^127 - 1 unscaled at scale 10: exact beyond any double.
  char dec[16];
  std::memset(dec, 0xFF, sizeof dec);
  dec[0] = 0x7F;
  f = D::field(r, "amount_fixed"), avro_value_set_fixed(&f, dec, 16);
  f = D::field(r, "day"), avro_value_set_int(&f, 19782);            // 2024-02-29
  f = D::field(r, "t_ms"), avro_value_set_int(&f, 45296789);        // 12:34:56.789
  f = D::field(r, "t_us"), avro_value_set_long(&f, 45296000001LL);  // 12:34:56.000001
  f = D::field(r, "ts_ms"), avro_value_set_long(&f, 1700000000123LL);
  f = D::field(r, "ts_us"), avro_value_set_long(&f, -1LL);
  f = D::field(r, "lts_ms"), avro_value_set_long(&f, 0LL);
  f = D::field(r, "lts_us"), avro_value_set_long(&f, 1700000000000001LL);
  f = D::field(r, "uid"), avro_value_set_string(&f, "0f8fad5b-d9cb-469f-a165-70867728950e");
  f = D::field(r, "opt_day");
  b = D::branch(f, variant == 0 ? 0 : 1);
  variant == 0 ? avro_value_set_null(&b) : avro_value_set_int(&b, -1);
  f = D::field(r, "bad_logical"), avro_value_set_int(&f, 42);
}

}  // namespace

TEST_CASE_FIXTURE(AvroFixture, "avro: every type, nulls in optional unions") {
  const int id = registry.register_schema("orders-value", kOrderSchema);
  AvroDatum d(kOrderSchema);
  fill_order(d, 0);
  const Value v = convert(d.framed(id));
  const Value expected = Value::parse(R"({
    "id": 7, "big": -9007199254740993, "price": 12.5, "ratio": 1.1, "active": true,
    "created_at": "café", "blob": "AP8Q", "nothing": null, "status": "SHIPPED",
    "opt": null, "opt_set": null, "multi": 5, "tags": ["x", "y"],
    "counts": {"zeta": 1, "alpha": 2}, "line": {"sku": "A-1", "qty": 3},
    "lines": [{"sku": "B", "qty": 1}], "hash": "3q2+7w==", "amount": "-123.45",
    "amount_fixed": "17014118346046923173168730371.5884105727", "day": "2024-02-29",
    "t_ms": "12:34:56.789000", "t_us": "12:34:56.000001",
    "ts_ms": "2023-11-14 22:13:20.123000", "ts_us": "1969-12-31 23:59:59.999999",
    "lts_ms": "1970-01-01 00:00:00", "lts_us": "2023-11-14 22:13:20.000001",
    "uid": "0f8fad5b-d9cb-469f-a165-70867728950e", "opt_day": null, "bad_logical": 42})");
  CHECK(v.dump() == expected.dump());
}

TEST_CASE_FIXTURE(AvroFixture, "avro: optional unions with values, other unions by branch") {
  const int id = registry.register_schema("orders-value", kOrderSchema);
  AvroDatum d(kOrderSchema);
  fill_order(d, 1);
  const Value v = convert(d.framed(id));
  CHECK(v["opt"] == "here");
  CHECK(v["opt_set"] == 0);
  CHECK(v["multi"] == "five");
  CHECK(v["opt_day"] == "1969-12-31");
}

TEST_CASE_FIXTURE(AvroFixture, "avro: primitive top-level schemas and recursive records") {
  const int sid = registry.register_schema("s-value", R"("string")");
  AvroDatum s(R"("string")");
  avro_value_set_string(&s.root(), "just text");
  CHECK(convert(s.framed(sid)) == "just text");

  const char* tree = R"({"type":"record","name":"Node","fields":[{"name":"v","type":"int"},
    {"name":"next","type":["null","Node"]}]})";
  const int tid = registry.register_schema("t-value", tree);
  AvroDatum t(tree);
  avro_value_t f = AvroDatum::field(t.root(), "v");
  avro_value_set_int(&f, 1);
  f = AvroDatum::field(t.root(), "next");
  avro_value_t n = AvroDatum::branch(f, 1);
  avro_value_t g = AvroDatum::field(n, "v");
  avro_value_set_int(&g, 2);
  g = AvroDatum::field(n, "next");
  avro_value_t null_branch = AvroDatum::branch(g, 0);
  avro_value_set_null(&null_branch);
  CHECK(convert(t.framed(tid)).dump() == R"({"v":1,"next":{"v":2,"next":null}})");
}

TEST_CASE_FIXTURE(AvroFixture, "avro: references to types in other subjects") {
  const char* money = R"({"type":"record","name":"Money","namespace":"common","fields":[
    {"name":"units","type":"long"},
    {"name":"value","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":3}}]})";
  const char* invoice = R"({"type":"record","name":"Invoice","namespace":"shop","fields":[
    {"name":"total","type":"common.Money"}]})";
  registry.register_schema("common.Money", money);
  const int id =
      registry.register_schema("invoices-value", invoice, sluice::tools::SchemaType::Avro,
                               {{"common.Money", "common.Money", 1}});
  // The producer's full schema: the reference inlined.
  const std::string full = std::string(R"({"type":"record","name":"Invoice","namespace":"shop",
    "fields":[{"name":"total","type":)") +
                           money + "}]}";
  AvroDatum d(full);
  avro_value_t total = AvroDatum::field(d.root(), "total");
  avro_value_t f = AvroDatum::field(total, "units");
  avro_value_set_long(&f, 3);
  f = AvroDatum::field(total, "value");
  avro_value_set_bytes(&f, const_cast<char*>("\x04\xD2"), 2);  // 1234 → 1.234
  CHECK(convert(d.framed(id)).dump() == R"({"total":{"units":3,"value":"1.234"}})");
}

TEST_CASE_FIXTURE(AvroFixture, "avro: schemas are fetched once and shared by instances") {
  const int id = registry.register_schema("s-value", R"("long")");
  AvroDatum d(R"("long")");
  avro_value_set_long(&d.root(), 9007199254740993LL);
  CHECK(convert(d.framed(id)).dump() == "9007199254740993");
  const auto requests = registry.request_count();
  CHECK(requests == 1);
  auto second = make_converter();
  CHECK(sluice::testing::convert(*second, d.framed(id)) == 9007199254740993LL);
  CHECK(registry.request_count() == requests);
}
