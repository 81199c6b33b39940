// Decoded values for every kind of field: defaults and presence, scalars, enums, nested and
// repeated messages, maps, well-known types, references and imports.
#include <doctest/doctest.h>

#include "fixture.hpp"

using namespace test_protos;
using sluice::Value;

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: an empty Order has proto3 defaults and nulls") {
  auto order = encoder.make("shop.Order");
  const Value v = convert(frame(order_id, {1}, *order));
  const Value expected = Value::parse(R"({
    "id": 0, "big": 0, "huge": 0, "neg": 0, "f64": 0, "price": 0.0, "ratio": 0.0,
    "active": false, "created_at": "", "blob": "", "status": "NEW",
    "level": "LEVEL_UNSPECIFIED", "maybe": null, "maybe_s": null, "first_line": null,
    "lines": [], "tags": [], "counts": {}, "names": {}, "ts": null, "took": null,
    "w_int": null, "w_str": null, "w_bool": null, "w_u64": null, "w_bytes": null,
    "attrs": null, "any_value": null, "list": null, "day": null, "at": null, "amount": null,
    "total": null, "email": null, "phone": null})");
  CHECK(v.dump() == expected.dump());
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: scalars, enums, presence, nesting, repeated, maps") {
  auto order = encoder.make("shop.Order");
  Message& o = *order;
  set_int(o, "id", 7);
  set_int(o, "big", -9007199254740993);  // beyond a double's exact range
  set_u64(o, "huge", 18446744073709551615ull);
  set_int(o, "neg", -5);
  set_u64(o, "f64", 1);
  set_double(o, "price", 12.5);
  set_double(o, "ratio", 1.1);  // a float: must read back as 1.1
  set_bool(o, "active", true);
  set_str(o, "created_at", "caf\xc3\xa9");
  set_str(o, "blob", std::string("\x00\xff\x10", 3));
  set_enum(o, "status", "SHIPPED");
  set_enum(o, "level", "HIGH");
  set_int(o, "maybe", 0);  // optional, set to its default: present
  set_str(sub(o, "first_line"), "sku", "A-1");
  Message& l1 = add(o, "lines");
  set_str(l1, "sku", "B");
  set_int(l1, "qty", 2);
  add(o, "lines");  // an all-default element
  add_int(o, "tags", 3);
  add_int(o, "tags", -1);
  Message& c1 = add(o, "counts");
  set_str(c1, "key", "zeta");
  set_int(c1, "value", 1);
  Message& c2 = add(o, "counts");
  set_str(c2, "key", "alpha");
  set_int(c2, "value", 2);
  Message& n1 = add(o, "names");
  set_int(n1, "key", 10);
  set_str(n1, "value", "ten");
  Message& n2 = add(o, "names");
  set_int(n2, "key", -2);
  set_str(n2, "value", "minus two");
  Message& total = sub(o, "total");
  set_str(total, "currency", "EUR");
  set_int(total, "units", 100);
  set_int(o, "phone", 5551234);

  const Value v = convert(frame(order_id, {1}, o));
  CHECK(v["id"] == 7);
  CHECK(v["big"].get<std::int64_t>() == -9007199254740993);
  CHECK(v["huge"].is_number_unsigned());
  CHECK(v["huge"].dump() == "18446744073709551615");
  CHECK(v["neg"] == -5);
  CHECK(v["f64"] == 1);
  CHECK(v["price"] == 12.5);
  CHECK(v["ratio"].dump() == "1.1");
  CHECK(v["active"] == true);
  CHECK(v["created_at"] == "caf\xc3\xa9");
  CHECK(v["blob"] == "AP8Q");
  CHECK(v["status"] == "SHIPPED");
  CHECK(v["level"] == "HIGH");
  CHECK(v["maybe"] == 0);
  CHECK(v["maybe_s"].is_null());
  CHECK(v["first_line"].dump() == R"({"sku":"A-1","qty":0})");
  CHECK(v["lines"].dump() == R"([{"sku":"B","qty":2},{"sku":"","qty":0}])");
  CHECK(v["tags"].dump() == "[3,-1]");
  CHECK(v["counts"].dump() == R"({"alpha":2,"zeta":1})");
  CHECK(v["names"].dump() == R"({"-2":"minus two","10":"ten"})");
  CHECK(v["total"].dump() == R"({"currency":"EUR","units":100})");
  CHECK(v["email"].is_null());
  CHECK(v["phone"] == 5551234);
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: well-known types") {
  auto order = encoder.make("shop.Order");
  Message& o = *order;
  Message& ts = sub(o, "ts");
  set_int(ts, "seconds", 1700000000);
  set_int(ts, "nanos", 123456789);
  Message& took = sub(o, "took");
  set_int(took, "seconds", -1);
  set_int(took, "nanos", -500000000);
  sub(o, "w_int");  // set to its default: 0, not null
  set_str(sub(o, "w_str"), "value", "wrapped");
  set_bool(sub(o, "w_bool"), "value", true);
  set_u64(sub(o, "w_u64"), "value", 18446744073709551615ull);
  set_str(sub(o, "w_bytes"), "value", "hi");
  Message& attrs = sub(o, "attrs");
  Message& f1 = add(attrs, "fields");
  set_str(f1, "key", "n");
  set_double(sub(f1, "value"), "number_value", 2.5);
  Message& f2 = add(attrs, "fields");
  set_str(f2, "key", "nested");
  Message& inner = sub(sub(f2, "value"), "struct_value");
  Message& f3 = add(inner, "fields");
  set_str(f3, "key", "ok");
  set_bool(sub(f3, "value"), "bool_value", true);
  Message& f4 = add(attrs, "fields");
  set_str(f4, "key", "nothing");
  set_enum(sub(f4, "value"), "null_value", "NULL_VALUE");
  set_str(sub(o, "any_value"), "string_value", "s");
  Message& list = sub(o, "list");
  set_double(add(list, "values"), "number_value", 1);
  set_str(add(list, "values"), "string_value", "two");
  Message& day = sub(o, "day");
  set_int(day, "year", 2024);
  set_int(day, "month", 2);
  set_int(day, "day", 29);
  Message& at = sub(o, "at");
  set_int(at, "hours", 13);
  set_int(at, "minutes", 5);
  set_int(at, "seconds", 9);
  set_int(at, "nanos", 250000000);
  Message& amount = sub(o, "amount");
  set_str(amount, "value", std::string("\xCF\xC7", 2));  // -12345
  set_int(amount, "precision", 10);
  set_int(amount, "scale", 2);

  const Value v = convert(frame(order_id, {1}, o));
  CHECK(v["ts"] == "2023-11-14 22:13:20.123456");
  CHECK(v["took"] == "-1.5");
  CHECK(v["w_int"] == 0);
  CHECK(v["w_str"] == "wrapped");
  CHECK(v["w_bool"] == true);
  CHECK(v["w_u64"].dump() == "18446744073709551615");
  CHECK(v["w_bytes"] == "aGk=");
  CHECK(v["attrs"].dump() == R"({"n":2.5,"nested":{"ok":true},"nothing":null})");
  CHECK(v["any_value"] == "s");
  CHECK(v["list"].dump() == R"([1.0,"two"])");
  CHECK(v["day"] == "2024-02-29");
  CHECK(v["at"] == "13:05:09.250000");
  CHECK(v["amount"] == "-123.45");

  SUBCASE("a partial google.type.Date stays an object") {
    set_int(day, "day", 0);
    CHECK(convert(frame(order_id, {1}, o))["day"].dump() == R"({"year":2024,"month":2,"day":0})");
  }
  SUBCASE("durations are exact decimal seconds") {
    set_int(took, "seconds", 3);
    set_int(took, "nanos", 5);
    CHECK(convert(frame(order_id, {1}, o))["took"] == "3.000000005");
  }
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: message indexes pick the message") {
  auto other = encoder.make("shop.Other");
  set_str(*other, "x", "first message");
  CHECK(convert(frame(order_id, {0}, *other)).dump() == R"({"x":"first message"})");

  auto deep = encoder.make("shop.Order.Inner.Deep");
  set_int(*deep, "d", 4);
  CHECK(convert(frame(order_id, {1, 1, 0}, *deep)).dump() == R"({"d":4})");
}

TEST_CASE_FIXTURE(ProtoFixture, "protobuf: schemas are fetched once and shared by instances") {
  auto order = encoder.make("shop.Order");
  set_int(*order, "id", 1);
  const std::string bytes = frame(order_id, {1}, *order);
  convert(bytes);
  const auto after_first = registry.request_count();
  CHECK(after_first == 2);  // the id, then the referenced subject version
  convert(bytes);
  auto second = make_converter();
  CHECK(sluice::testing::convert(*second, bytes)["id"] == 1);
  CHECK(registry.request_count() == after_first);
}

TEST_CASE("protobuf: proto2 presence, recursive references, and the secret stays out of logs") {
  using sluice::tools::SchemaType;
  sluice::tools::SchemaRegistry sr({0, std::string("bob"), std::string("hunter2")});
  const char* base = "syntax = \"proto2\";\npackage p;\nmessage Base { optional string s = 1; }\n";
  const char* mid =
      "syntax = \"proto3\";\npackage p;\nimport \"base.proto\";\n"
      "message Mid { p.Base base = 1; }\n";
  const char* top =
      "syntax = \"proto2\";\npackage p;\nimport \"mid.proto\";\n"
      "message Top { optional int32 n = 1 [default = 5]; optional p.Mid mid = 2;"
      " required string r = 3; }\n";
  sr.register_schema("base", base, SchemaType::Protobuf);
  sr.register_schema("mid", mid, SchemaType::Protobuf, {{"base.proto", "base", 1}});
  const int id =
      sr.register_schema("top-value", top, SchemaType::Protobuf, {{"mid.proto", "mid", 1}});
  Encoder enc;
  enc.add("base.proto", base);
  enc.add("mid.proto", mid);
  enc.add("top.proto", top);
  auto msg = enc.make("p.Top");
  set_str(sub(sub(*msg, "mid"), "base"), "s", "deep");

  sluice::testing::Harness h(PLUGIN_FILE);
  auto conv = h.converter("protobuf", {{"schema_registry_url", sr.url()},
                                       {"schema_registry_basic_auth_user_info", "bob:hunter2"}});
  const Value v = sluice::testing::convert(*conv, frame(id, {0}, *msg));
  // proto2: unset optional with a default is still unset (null); a missing required field too.
  CHECK(v.dump() == R"({"n":null,"mid":{"base":{"s":"deep"}},"r":null})");
  for (const auto& line : h.host().logs()) CHECK(line.message.find("hunter2") == std::string::npos);

  auto bad = h.converter("protobuf", {{"schema_registry_url", sr.url()},
                                      {"schema_registry_basic_auth_user_info", "bob:wrong"}});
  sluice::Value out, schema;
  auto st = bad->convert(frame(id, {0}, *msg), sluice::ConvertContext{}, out, schema);
  CHECK(st.code() == sluice::Errc::retryable);
  CHECK(st.message().find("wrong") == std::string::npos);
}
