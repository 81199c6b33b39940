// The raw path (records that are JSON text only, Record::raw_value) must give exactly what the
// value-tree path gives: the same rows, fields in the same order, the same drops and the same
// errors. Every case runs both ways and is compared; the common cases must also stay text.
#include <doctest/doctest.h>

#include <random>

#include "debezium_events.hpp"

using namespace dbz_test;
using sluice::testing::Harness;

namespace {

/// `value` as the engine's raw path hands it over: JSON text, no tree, no schema.
Record raw(const Value& value, int indent = -1) {
  Record r = rec(nullptr);
  r.raw_value = value.dump(indent);
  return r;
}

Record raw_text(std::string text) {
  Record r = rec(nullptr);
  r.raw_value = std::move(text);
  return r;
}

struct Outcome {
  std::string error;
  std::vector<Value> values;  // each output's value (raw text parsed)
  std::size_t raw_outputs = 0;
};

Outcome run(std::initializer_list<sluice::Transform*> transforms, Record r) {
  Outcome o;
  std::vector<Record> in;
  in.push_back(std::move(r));
  for (sluice::Transform* t : transforms) {
    std::vector<Record> next;
    for (auto& x : in) {
      std::vector<Record> out;
      sluice::Status st = t->apply(std::move(x), out);
      if (!st) {
        o.error = st.message();
        return o;
      }
      for (auto& y : out) next.push_back(std::move(y));
    }
    in = std::move(next);
  }
  for (auto& x : in) {
    if (x.raw_value) ++o.raw_outputs;
    o.values.push_back(x.raw_value ? Value::parse(*x.raw_value) : x.value);
  }
  return o;
}

/// Runs `value` through `transforms` as a tree and as text (compact and indented); both must
/// agree. Returns how many outputs of the compact text run stayed text.
std::size_t same_both_ways(std::initializer_list<sluice::Transform*> transforms,
                           const Value& value) {
  CAPTURE(value.dump());
  Outcome tree = run(transforms, rec(value));
  Outcome text = run(transforms, raw(value));
  Outcome spaced = run(transforms, raw(value, 2));
  CHECK(text.error == tree.error);
  CHECK(spaced.error == tree.error);
  REQUIRE(text.values.size() == tree.values.size());
  REQUIRE(spaced.values.size() == tree.values.size());
  for (std::size_t i = 0; i < tree.values.size(); ++i) {
    // ordered_json compares objects member by member, in order.
    CHECK(text.values[i].dump() == tree.values[i].dump());
    CHECK(spaced.values[i].dump() == tree.values[i].dump());
  }
  return text.raw_outputs;
}

std::vector<Value> corpus() {
  std::vector<Value> v = {create_event(),   read_event(),    update_event(), delete_event(),
                          truncate_event(), message_event(), heartbeat(),    schema_change_event()};
  // Rows (after debezium_unwrap), with the markers debezium_op reads.
  Value row = anne();
  v.push_back(row);
  for (Value mark : {Value("true"), Value("false"), Value(true), Value(false), Value(nullptr),
                     Value("yes"), Value(3)}) {
    Value r = row;
    r["__deleted"] = mark;
    v.push_back(r);
  }
  for (Value op : {Value("c"), Value("u"), Value("r"), Value("d"), Value("x"), Value(0), Value(1),
                   Value(2), Value(1.0), Value(nullptr)}) {
    Value r = row;
    r["__op"] = op;
    v.push_back(r);
  }
  // Envelopes at the edges: empty rows, rows that already hold the added column, an unknown op,
  // wrong types, no rows at all.
  v.push_back(envelope(nullptr, Value::object(), "c", 1));
  v.push_back(envelope(Value::object(), nullptr, "d", 1));
  v.push_back(envelope(nullptr, Value{{"id", 2}, {"__op", 7}}, "c", 1));
  v.push_back(envelope(nullptr, Value{{"id", 2}, {"__deleted", "x"}}, "u", 1));
  v.push_back(envelope(Value{{"id", 2}, {"__deleted", "x"}}, nullptr, "d", 1));
  v.push_back(envelope(nullptr, anne(), "x", 1));
  v.push_back(envelope(anne(), nullptr, "x", 1));
  v.push_back(envelope(nullptr, nullptr, "x", 1));
  v.push_back(envelope(nullptr, nullptr, "c", 1));
  v.push_back(envelope(nullptr, nullptr, "d", 1));
  v.push_back(envelope(nullptr, "not a row", "c", 1));
  v.push_back(envelope(Value::array({1}), nullptr, "d", 1));
  v.push_back(Value{{"op", 5}, {"after", anne()}});
  Value odd_row = Value::object();
  odd_row["nested"] = Value::parse(R"({"a":[1,2,{"b":null}]})");
  odd_row["text"] = "quote \" backslash \\ \u00e9 \t";
  odd_row["n"] = -1.5e-7;
  odd_row["big"] = 123456789012345678LL;
  v.push_back(Value{{"op", "c"}, {"after", odd_row}});
  v.push_back(Value::array({1, 2}));
  v.push_back("a string");
  v.push_back(42);
  return v;
}

/// Random envelopes: random row shapes (nested objects, arrays, every scalar kind, escapes),
/// random ops, rows present or not.
Value random_value(std::mt19937_64& rng, int depth) {
  switch (std::uniform_int_distribution<int>(0, depth > 2 ? 5 : 7)(rng)) {
    case 0:
      return nullptr;
    case 1:
      return std::uniform_int_distribution<int>(0, 1)(rng) == 1;
    case 2:
      return std::uniform_int_distribution<long long>(-1000000, 1000000)(rng);
    case 3:
      return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 4: {
      static const char* texts[] = {"", "plain", "quote \"", "back\\slash", "tab\t", "ünï", "\n"};
      return texts[std::uniform_int_distribution<int>(0, 6)(rng)];
    }
    case 5:
      return "text " + std::to_string(rng() % 1000);
    case 6: {
      Value a = Value::array();
      for (int i = std::uniform_int_distribution<int>(0, 3)(rng); i > 0; --i)
        a.push_back(random_value(rng, depth + 1));
      return a;
    }
    default: {
      Value o = Value::object();
      for (int i = std::uniform_int_distribution<int>(0, 4)(rng); i > 0; --i)
        o["f" + std::to_string(rng() % 8)] = random_value(rng, depth + 1);
      return o;
    }
  }
}

Value random_envelope(std::mt19937_64& rng) {
  static const char* ops[] = {"c", "u", "r", "d", "t", "m", "x"};
  auto row = [&]() -> Value {
    switch (rng() % 4) {
      case 0:
        return nullptr;
      case 1:
        return random_value(rng, 3);
      default: {
        Value o = random_value(rng, 0);
        if (!o.is_object()) o = Value::object();
        if (rng() % 5 == 0) o["__op"] = random_value(rng, 3);
        if (rng() % 5 == 0) o["__deleted"] = random_value(rng, 3);
        return o;
      }
    }
  };
  Value v = Value::object();
  if (rng() % 6) v["before"] = row();
  if (rng() % 6) v["after"] = row();
  v["source"] = rng() % 4 ? Value(source()) : random_value(rng, 2);
  v["op"] = rng() % 10 ? Value(ops[rng() % 7]) : random_value(rng, 3);
  v["ts_ms"] = 1;
  return v;
}

}  // namespace

TEST_CASE("raw JSON text and value trees give the same rows, drops and errors") {
  Harness h(PLUGIN_FILE);
  std::vector<std::pair<std::string, sluice::PluginInstance<sluice::Transform>>> ops, unwraps;
  ops.emplace_back("op defaults", h.transform("debezium_op"));
  ops.emplace_back("op envelope=keep", h.transform("debezium_op", {{"envelope", "keep"}}));
  ops.emplace_back("op field=x, no deleted_field",
                   h.transform("debezium_op", {{"field", "x"}, {"deleted_field", ""}}));
  for (const char* mode : {"drop", "rewrite", "none"})
    unwraps.emplace_back(std::string("unwrap delete.handling.mode=") + mode,
                         h.transform("debezium_unwrap", {{"delete.handling.mode", mode}}));
  for (const char* mode : {"tombstone", "delete-to-tombstone", "rewrite-with-tombstone"})
    unwraps.emplace_back(
        std::string("unwrap delete.tombstone.handling.mode=") + mode,
        h.transform("debezium_unwrap", {{"delete.tombstone.handling.mode", mode}}));
  unwraps.emplace_back("unwrap add.fields (tree path)",
                       h.transform("debezium_unwrap", {{"add.fields", "op,source.lsn"}}));

  for (auto& [name, t] : ops) CHECK(t->accepts_raw_json());
  for (auto& [name, t] : unwraps) CHECK(t->accepts_raw_json());

  std::vector<Value> values = corpus();
  std::mt19937_64 rng(20261127);
  for (int i = 0; i < 1500; ++i) values.push_back(random_envelope(rng));

  for (const Value& v : values) {
    for (auto& [op_name, op] : ops) {
      CAPTURE(op_name);
      same_both_ways({op.get()}, v);
      for (auto& [unwrap_name, unwrap] : unwraps) {
        CAPTURE(unwrap_name);
        same_both_ways({op.get(), unwrap.get()}, v);
        same_both_ways({unwrap.get(), op.get()}, v);
      }
    }
    for (auto& [unwrap_name, unwrap] : unwraps) {
      CAPTURE(unwrap_name);
      same_both_ways({unwrap.get()}, v);
    }
  }
}

TEST_CASE("the documented CDC chain keeps records as text: no value tree per record") {
  Harness h(PLUGIN_FILE);
  auto op = h.transform("debezium_op");
  auto unwrap = h.transform("debezium_unwrap",
                            {{"drop.tombstones", true}, {"delete.handling.mode", "rewrite"}});
  for (const Value& v : {create_event(), read_event(), update_event(), delete_event()})
    CHECK(same_both_ways({op.get(), unwrap.get()}, v) == 1);
  CHECK(same_both_ways({unwrap.get(), op.get()}, update_event()) == 1);
  CHECK(same_both_ways({unwrap.get(), op.get()}, delete_event()) == 1);
  // Numbers and escapes pass as written (the tree path would re-print them).
  auto out = run({op.get(), unwrap.get()},
                 raw_text(R"({"before":null,"after":{"id":1,"price":1.10,"name":"\u00e9"},)"
                          R"("source":{},"op":"c","ts_ms":1})"));
  REQUIRE(out.error.empty());
  REQUIRE(out.raw_outputs == 1);
  Record r = raw_text(
      R"({"before":null,"after":{"id":1,"price":1.10,"name":"\u00e9"},"source":{},"op":"c"})");
  std::vector<Record> first, second;
  REQUIRE(op->apply(std::move(r), first));
  REQUIRE(first.size() == 1);
  CHECK(*first[0].raw_value == R"({"id":1,"price":1.10,"name":"\u00e9","__op":0})");
  REQUIRE(unwrap->apply(std::move(first[0]), second));
  REQUIRE(second.size() == 1);
  CHECK(*second[0].raw_value == R"({"id":1,"price":1.10,"name":"\u00e9","__op":0})");
}

TEST_CASE("raw text the fast reader does not take goes to the tree path and gives its result") {
  Harness h(PLUGIN_FILE);
  auto op = h.transform("debezium_op");
  // A key written with an escape sequence ("\u0061fter" is "after").
  auto out = run({op.get()}, raw_text(R"({"before":null,"\u0061fter":{"id":1},"op":"c"})"));
  REQUIRE(out.error.empty());
  REQUIRE(out.values.size() == 1);
  CHECK(out.values[0].dump() == R"({"id":1,"__op":0})");
  // An error is worded by the tree path, with the raw record as with a tree.
  out = run({op.get()}, raw_text(R"({"before":null,"after":"x","op":"c"})"));
  CHECK(out.error.find("has no 'after' row") != std::string::npos);
}
