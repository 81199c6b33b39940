// insert_field, replace_field, mask_field, value_to_key, extract_field, flatten, hoist_field.
// Examples from Kafka's / Confluent's documentation of each SMT.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "connect_test.hpp"

using namespace connect_test;

TEST_CASE("insert_field: static.field and static.value (documentation example)") {
  auto t = make("insert_field",
                {{"static.field", "MessageSource"}, {"static.value", "Kafka Connect framework"}});
  CHECK(
      apply_to(*t, R"({"author":"Philip K. Dick","character":"Palmer Eldritch"})") ==
      R"({"author":"Philip K. Dick","character":"Palmer Eldritch","MessageSource":"Kafka Connect framework"})");
  CHECK(config_error("insert_field", {{"static.field", "src"}}) ==
        "option 'static.value' is required with 'static.field' (no value for static field 'src')");
  CHECK(config_error("insert_field", {{"static.value", "x"}}) ==
        "option 'static.value' needs option 'static.field'");
}

TEST_CASE("insert_field: topic.field, partition.field, offset.field, timestamp.field") {
  auto t = make("insert_field", {{"topic.field", "kafka_topic"},
                                 {"partition.field", "kafka_partition!"},
                                 {"offset.field", "kafka_offset?"},
                                 {"timestamp.field", "kafka_ts"}});
  Record r = rec(R"({"id":1})", "orders");
  r.partition = 3;
  r.offset = 1234;
  r.timestamp_ms = 1556204536000;
  CHECK(
      value_of(*t, r) ==
      R"({"id":1,"kafka_topic":"orders","kafka_partition":3,"kafka_offset":1234,"kafka_ts":1556204536000})");

  SUBCASE("a message without timestamp gets no timestamp field") {
    r.timestamp_ms = -1;
    CHECK(value_of(*t, r) ==
          R"({"id":1,"kafka_topic":"orders","kafka_partition":3,"kafka_offset":1234})");
  }
  SUBCASE("with a Struct schema the timestamp is a date-time and the schema grows") {
    r.value_schema = Value::parse(
        R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}]})");
    auto out = run(*t, r);
    REQUIRE(out.size() == 1);
    CHECK(
        out[0].value.dump() ==
        R"({"id":1,"kafka_topic":"orders","kafka_partition":3,"kafka_offset":1234,"kafka_ts":"2019-04-25 15:02:16"})");
    CHECK(
        out[0].value_schema["fields"].dump() ==
        R"([{"type":"int32","optional":false,"field":"id"},)"
        R"({"type":"string","optional":true,"field":"kafka_topic"},)"
        R"({"type":"int32","optional":false,"field":"kafka_partition"},)"
        R"({"type":"int64","optional":true,"field":"kafka_offset"},)"
        R"({"type":"int64","optional":true,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"kafka_ts"}])");
  }
  SUBCASE("the topic is the one a router set") {
    r.table = "orders_v2";
    CHECK(value_of(*t, r).find(R"("kafka_topic":"orders_v2")") != std::string::npos);
  }
}

TEST_CASE("insert_field: tombstones pass, non-objects are bad records, target=key") {
  auto t = make("insert_field", {{"topic.field", "t"}});
  Record tomb = rec("null");
  CHECK(value_of(*t, tomb) == "null");
  CHECK(error_of(*t, rec(R"("text")")) ==
        "bad_record: insert_field: the record value must be an object (a Kafka Struct or Map), "
        "found string");

  auto k = make("insert_field", {{"topic.field", "t"}, {"target", "key"}});
  Record r = rec(R"({"v":1})", "orders");
  r.key = Value::parse(R"({"id":7})");
  auto out = run(*k, r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].key.dump() == R"({"id":7,"t":"orders"})");
  CHECK(out[0].value.dump() == R"({"v":1})");
  CHECK(config_error("insert_field", {{"target", "both"}}).find("not one of: value, key") !=
        std::string::npos);
}

TEST_CASE("insert_field works on a raw (unparsed) value") {
  auto t = make("insert_field", {{"static.field", "s"}, {"static.value", "v"}});
  Record r;
  r.topic = "topic";
  r.raw_value = R"({"a":1})";
  CHECK(value_of(*t, r) == R"({"a":1,"s":"v"})");
}

TEST_CASE("replace_field: exclude, include, renames (documentation examples)") {
  const char* v = R"({"foo":"x","bar":1,"baz":true,"c3":null})";
  CHECK(apply_to(*make("replace_field", {{"exclude", "foo,bar"}}), v) ==
        R"({"baz":true,"c3":null})");
  CHECK(apply_to(*make("replace_field", {{"include", "bar,foo"}}), v) == R"({"foo":"x","bar":1})");
  CHECK(apply_to(*make("replace_field", {{"renames", "foo:c1,bar:c2"}}), v) ==
        R"({"c1":"x","c2":1,"baz":true,"c3":null})");
  SUBCASE("exclude wins over include; renames apply to what is kept") {
    auto t = make("replace_field",
                  {{"include", "foo,bar"}, {"exclude", "bar"}, {"renames", "foo:c1,bar:c2"}});
    CHECK(apply_to(*t, v) == R"({"c1":"x"})");
  }
  SUBCASE("the old names whitelist and blacklist") {
    CHECK(apply_to(*make("replace_field", {{"blacklist", "foo"}}), v) ==
          R"({"bar":1,"baz":true,"c3":null})");
    CHECK(apply_to(*make("replace_field", {{"whitelist", Value::array({"baz"})}}), v) ==
          R"({"baz":true})");
    CHECK(config_error("replace_field", {{"include", "a"}, {"whitelist", "b"}}) ==
          "options 'include' and 'whitelist' are the same; give one");
  }
  CHECK(config_error("replace_field", {{"renames", "foo"}}) ==
        "option 'renames': entry 'foo' is not of the form from:to");
  CHECK(error_of(*make("replace_field", {{"exclude", "a"}}), rec("[1]")) ==
        "bad_record: replace_field: the record value must be an object (a Kafka Struct or Map), "
        "found array");
  CHECK(apply_to(*make("replace_field", {{"exclude", "a"}}), "null") == "null");
}

TEST_CASE("mask_field: type's empty value (documentation example) and every type") {
  auto t = make("mask_field", {{"fields", "string_field"}});
  CHECK(apply_to(*t, R"({"integer_field":22,"string_field":"foo"})") ==
        R"({"integer_field":22,"string_field":""})");
  auto all = make("mask_field", {{"fields", "i,f,b,s,a,o,n,missing"}});
  CHECK(apply_to(*all, R"({"i":22,"f":1.5,"b":true,"s":"x","a":[1],"o":{"k":1},"n":null})") ==
        R"({"i":0,"f":0.0,"b":false,"s":"","a":[],"o":{},"n":null,"missing":null})");
}

TEST_CASE("mask_field: replacement (documentation example) converted to the field's type") {
  auto ssn = make("mask_field", {{"fields", "SSN"}, {"replacement", "***-***-****"}});
  CHECK(apply_to(*ssn, R"({"name":"Ann","SSN":"123-45-6789"})") ==
        R"({"name":"Ann","SSN":"***-***-****"})");
  auto phone =
      make("mask_field", {{"fields", "office,mobile"}, {"replacement", "+0-000-000-0000"}});
  CHECK(apply_to(*phone, R"({"office":"+1-555-123-4567","mobile":"+1-555-765-4321"})") ==
        R"({"office":"+0-000-000-0000","mobile":"+0-000-000-0000"})");
  auto num = make("mask_field", {{"fields", "i,f"}, {"replacement", "9"}});
  CHECK(apply_to(*num, R"({"i":22,"f":1.5,"b":true})") == R"({"i":9,"f":9.0,"b":true})");
  CHECK(error_of(*ssn, rec(R"({"SSN":123})")) ==
        "bad_record: mask_field: field 'SSN' (int64): replacement \"***-***-****\" is not a "
        "number");
  CHECK(error_of(*ssn, rec(R"({"SSN":[1]})")) ==
        "bad_record: mask_field: field 'SSN': cannot mask a value of type array with a "
        "replacement (Kafka applies 'replacement' to numeric and string fields only)");
  CHECK(config_error("mask_field", {{"fields", "a"}, {"replacement", ""}}) ==
        "option 'replacement' must not be empty");
  CHECK(config_error("mask_field", Value::object()) ==
        "missing required option 'fields' (array of strings)");
}

TEST_CASE("mask_field target=key") {
  auto t = make("mask_field", {{"fields", "ssn"}, {"target", "key"}});
  Record r = rec(R"({"ssn":"1"})");
  r.key = Value::parse(R"({"ssn":"1"})");
  auto out = run(*t, r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].key.dump() == R"({"ssn":""})");
  CHECK(out[0].value.dump() == R"({"ssn":"1"})");
}

TEST_CASE("value_to_key: fields (documentation example)") {
  auto t = make("value_to_key", {{"fields", "userId,city,state"}});
  Record r = rec(R"({"userId":1,"city":"Cupertino","state":"CA","other":"x"})");
  r.key_schema = Value::parse(R"({"type":"string"})");
  auto out = run(*t, r);
  REQUIRE(out.size() == 1);
  CHECK(out[0].key.dump() == R"({"userId":1,"city":"Cupertino","state":"CA"})");
  CHECK(out[0].key_schema.is_null());
  CHECK(out[0].value.dump() == R"({"userId":1,"city":"Cupertino","state":"CA","other":"x"})");
  SUBCASE("a missing field gives null") {
    auto out2 = run(*t, rec(R"({"userId":2})"));
    CHECK(out2.at(0).key.dump() == R"({"userId":2,"city":null,"state":null})");
  }
  SUBCASE("a tombstone is a bad record, as in Kafka, unless a predicate skips it") {
    CHECK(error_of(*t, rec("null")) ==
          "bad_record: value_to_key: the record value must be an object (a Kafka Struct or "
          "Map), found null");
    auto skip =
        make("value_to_key",
             {{"fields", "userId"}, {"predicate", "record_is_tombstone"}, {"negate", true}});
    auto out3 = run(*skip, rec("null"));
    REQUIRE(out3.size() == 1);
    CHECK(out3[0].key.is_null());
  }
  CHECK(config_error("value_to_key", {{"fields", "a"}, {"target", "key"}}) ==
        "unknown option 'target'");
}

TEST_CASE("extract_field: field (documentation example)") {
  auto t = make("extract_field", {{"field", "id"}});
  CHECK(apply_to(*t, R"({"id":42,"cost":4000})") == "42");
  CHECK(apply_to(*t, R"({"cost":4000})") == "null");
  CHECK(apply_to(*t, "null") == "null");
  CHECK(error_of(*t, rec("42")) ==
        "bad_record: extract_field: the record value must be an object (a Kafka Struct or Map), "
        "found integer");
  SUBCASE("the field's schema becomes the schema") {
    Record r = rec(R"({"id":42,"cost":4000})");
    r.value_schema = Value::parse(
        R"({"type":"struct","fields":[{"type":"int64","optional":false,"field":"id"},{"type":"int32","optional":true,"field":"cost"}]})");
    auto out = run(*t, r);
    CHECK(out.at(0).value_schema.dump() == R"({"type":"int64","optional":false})");
  }
  SUBCASE("target=key: the documentation's ExtractField$Key") {
    auto k = make("extract_field", {{"field", "id"}, {"target", "key"}});
    Record r = rec(R"({"v":1})");
    r.key = Value::parse(R"({"id":42})");
    auto out = run(*k, r);
    CHECK(out.at(0).key.dump() == "42");
    CHECK(out.at(0).value.dump() == R"({"v":1})");
  }
}

TEST_CASE("flatten: default delimiter (documentation example) and a custom one") {
  const char* v =
      R"({"content":{"id":42,"name":{"first":"David","middle":null,"last":"Wong"}},"tags":[{"a":1}],"empty":{}})";
  CHECK(
      apply_to(*make("flatten"), v) ==
      R"({"content.id":42,"content.name.first":"David","content.name.middle":null,"content.name.last":"Wong","tags":[{"a":1}]})");
  CHECK(
      apply_to(*make("flatten", {{"delimiter", "_"}}), v) ==
      R"({"content_id":42,"content_name_first":"David","content_name_middle":null,"content_name_last":"Wong","tags":[{"a":1}]})");
  CHECK(apply_to(*make("flatten"), "null") == "null");
  CHECK(error_of(*make("flatten"), rec(R"("s")")) ==
        "bad_record: flatten: the record value must be an object (a Kafka Struct or Map), found "
        "string");
}

TEST_CASE("hoist_field: field (documentation example)") {
  auto t = make("hoist_field", {{"field", "line"}});
  CHECK(apply_to(*t, "42") == R"({"line":42})");
  CHECK(apply_to(*t, R"({"a":1})") == R"({"line":{"a":1}})");
  CHECK(apply_to(*t, "null") == R"({"line":null})");
  SUBCASE("a schema is wrapped into a Struct schema") {
    Record r = rec("42");
    r.value_schema = Value::parse(R"({"type":"int64","optional":false})");
    auto out = run(*t, r);
    CHECK(
        out.at(0).value_schema.dump() ==
        R"({"type":"struct","fields":[{"type":"int64","optional":false,"field":"line"}],"optional":false})");
  }
  SUBCASE("target=key") {
    auto k = make("hoist_field", {{"field", "id"}, {"target", "key"}});
    Record r = rec("1");
    r.key = "k1";
    auto out = run(*k, r);
    CHECK(out.at(0).key.dump() == R"({"id":"k1"})");
    CHECK(out.at(0).value.dump() == "1");
  }
  CHECK(config_error("hoist_field", Value::object()) == "missing required option 'field' (string)");
}
