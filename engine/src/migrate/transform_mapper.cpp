#include "migrate/transform_mapper.hpp"

#include <algorithm>
#include <map>

namespace sluice::engine::migrate {

namespace {

constexpr std::string_view kKafkaSmt = "org.apache.kafka.connect.transforms.";
constexpr std::string_view kKafkaPredicate = "org.apache.kafka.connect.transforms.predicates.";

struct PluginTarget {
  std::string plugin;
  std::vector<std::string> options;  // sluice option names, Kafka's spelling; all text
  bool has_target = false;           // Kafka has $Key / $Value variants
};

// Kafka SMT simple class name → sluice plugin (plugins/transform_connect/README.md).
const std::map<std::string, PluginTarget, std::less<>>& kafka_smts() {
  static const std::map<std::string, PluginTarget, std::less<>> m = {
      {"InsertField",
       {"insert_field",
        {"topic.field", "partition.field", "offset.field", "timestamp.field", "static.field",
         "static.value"},
        true}},
      {"ReplaceField",
       {"replace_field", {"include", "exclude", "renames", "whitelist", "blacklist"}, true}},
      {"MaskField", {"mask_field", {"fields", "replacement"}, true}},
      {"Cast", {"cast", {"spec"}, true}},
      {"TimestampConverter",
       {"timestamp_converter", {"field", "target.type", "format", "unix.precision"}, true}},
      {"ValueToKey", {"value_to_key", {"fields"}, false}},
      {"ExtractField", {"extract_field", {"field"}, true}},
      {"Flatten", {"flatten", {"delimiter"}, true}},
      {"HoistField", {"hoist_field", {"field"}, true}},
      {"RegexRouter", {"regex_router", {"regex", "replacement"}, false}},
      {"Filter", {"filter", {}, false}},
      {"HeaderFrom", {"header_from", {"fields", "headers", "operation"}, true}},
      {"DropHeaders", {"drop_headers", {"headers"}, false}},
  };
  return m;
}

// Kafka SMTs without a sluice plugin, and why.
const std::map<std::string, std::string, std::less<>>& missing_smts() {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"InsertHeader",
       "no sluice plugin (headers are not loaded into StarRocks, but later predicates or the "
       "dead-letter topic may see them)"},
      {"TimestampRouter", "no sluice plugin; to route by time, write a transform with the SDK"},
      {"SetSchemaMetadata", "no sluice plugin"},
  };
  return m;
}

bool is_addop(std::string_view type) {
  return type == "com.starrocks.kafka.transforms.AddOpFieldForDebeziumRecord" ||
         type == "com.starrocks.connector.kafka.transforms.AddOpFieldForDebeziumRecord" ||
         lower(type) == "com.starrocks.kafka.transforms.addopfieldfordebeziumrecord";
}

class ChainMapper {
 public:
  explicit ChainMapper(MigrationContext& ctx) : ctx_(ctx), c_(ctx.connector) {}

  TransformSummary run() {
    auto list = c_.take("transforms");
    read_predicates();
    Value chain = Value::array();
    if (list)
      for (const auto& alias : split_list(*list)) {
        chain_index_ = chain.size();
        Value t = map_one(alias);
        if (!t.is_null()) {
          ctx_.comment("transforms[" + std::to_string(chain.size()) + "]", "",
                       header_comment(alias));
          chain.push_back(std::move(t));
        }
      }
    for (const auto& [p, used] : predicate_used_)
      if (!used) {
        c_.take("predicates." + p + ".type");
        for (const auto* e : c_.with_prefix("predicates." + p + ".")) c_.mark_used(e->key);
        ctx_.notes().not_migrated_harmless(
            "predicates", p, "predicate '" + p + "' is declared but no transform uses it");
      }
    // transforms.<alias>.* of aliases not in the list: Kafka ignores them, so do we (with a note)
    for (const auto* e : c_.unused())
      if (e->key.rfind("transforms.", 0) == 0) {
        c_.mark_used(e->key);
        ctx_.notes().not_migrated_harmless(
            e->key, e->value,
            "its transform is not listed in 'transforms'; Kafka Connect ignores it too");
      }
    if (!chain.empty()) ctx_.out.pipeline["transforms"] = std::move(chain);
    return summary_;
  }

 private:
  std::string header_comment(const std::string& alias) {
    auto it = types_.find(alias);
    return "'" + alias + "': " + (it == types_.end() ? std::string() : it->second);
  }

  void read_predicates() {
    if (auto list = c_.take("predicates"))
      for (const auto& p : split_list(*list)) predicate_used_[p] = false;
  }

  std::string opt_key(const std::string& alias, const std::string& name) const {
    return "transforms." + alias + "." + name;
  }

  // Every transforms.<alias>.<option> not yet taken, as option name → value.
  std::vector<std::pair<std::string, std::string>> remaining_options(
      const std::string& alias) const {
    std::vector<std::pair<std::string, std::string>> out;
    const auto unused = c_.unused();
    for (const auto* e : c_.with_prefix("transforms." + alias + "."))
      if (std::find(unused.begin(), unused.end(), e) != unused.end())
        out.emplace_back(e->key.substr(alias.size() + 12), e->value);
    return out;
  }

  Value map_one(const std::string& alias) {
    auto type = c_.take(opt_key(alias, "type"));
    if (!type || trim(*type).empty()) {
      ctx_.notes().error(opt_key(alias, "type"), "",
                         "missing: every transform listed in 'transforms' needs a class");
      drop_all(alias, "its transform has no type");
      return nullptr;
    }
    std::string cls = trim(*type);
    types_[alias] = cls;
    Value t = Value::object();
    if (is_addop(cls)) {
      t["plugin"] = "debezium_op";
      ctx_.comment("transforms[" + std::to_string(chain_index_) + "]", "plugin",
                   "also gives snapshot reads (op r) __op = 0 and handles schemaless envelopes");
      unknown_options(alias, "debezium_op");
      predicate_unsupported(alias, "debezium_op");
      return t;
    }
    if (cls == "io.debezium.transforms.ExtractNewRecordState") return unwrap(alias);
    if (cls.rfind(kKafkaSmt, 0) == 0 && cls.find('.', kKafkaSmt.size()) == std::string::npos)
      return kafka_smt(alias, cls);
    ctx_.notes().not_migrated(
        opt_key(alias, "type"), cls,
        "no sluice plugin; write one with the SDK (sdk/) and add it as a [[transforms]] table");
    drop_all(alias, "its transform is not migrated");
    return nullptr;
  }

  void drop_all(const std::string& alias, const std::string& why) {
    for (auto& [name, value] : remaining_options(alias)) {
      c_.mark_used(opt_key(alias, name));
      if (name == "predicate" || name == "negate") mark_predicate(value, name);
      ctx_.notes().note(opt_key(alias, name), value, why);
    }
  }

  void mark_predicate(const std::string& value, const std::string& name) {
    if (name == "predicate" && predicate_used_.count(trim(value)))
      predicate_used_[trim(value)] = true;
  }

  // Options the plugin does not have: Kafka-only ones we know, else unknown.
  void unknown_options(const std::string& alias, const std::string& plugin) {
    for (auto& [name, value] : remaining_options(alias)) {
      if (name == "predicate" || name == "negate") continue;
      c_.mark_used(opt_key(alias, name));
      if (name == "replace.null.with.default") {
        auto b = parse_bool(value);
        if (b && !*b)
          ctx_.notes().note(
              opt_key(alias, name), value,
              "sluice never replaces nulls with schema defaults, as this setting asks");
        else
          ctx_.notes().not_migrated_harmless(
              opt_key(alias, name), value,
              "sluice keeps nulls as written (it does not fill schema defaults); the same unless "
              "the schemas declare defaults");
      } else if (name == "field.syntax.version") {
        if (lower(trim(value)) == "v1")
          ctx_.notes().note(opt_key(alias, name), value,
                            "V1 (top-level field names) is what sluice reads");
        else
          ctx_.notes().not_migrated(opt_key(alias, name), value,
                                    "nested field paths (V2) are not supported by " + plugin +
                                        "; names are read as top-level fields");
      } else {
        ctx_.notes().not_migrated(opt_key(alias, name), value,
                                  "not an option of sluice's " + plugin);
      }
    }
  }

  void predicate_unsupported(const std::string& alias, const std::string& plugin) {
    auto p = c_.take(opt_key(alias, "predicate"));
    auto n = c_.take(opt_key(alias, "negate"));
    if (p) {
      mark_predicate(*p, "predicate");
      ctx_.notes().not_migrated(opt_key(alias, "predicate"), *p,
                                plugin + " takes no predicate: it now applies to every record");
    }
    if (n)
      ctx_.notes().note(opt_key(alias, "negate"), *n,
                        "belongs to the predicate that is not migrated");
  }

  // Copies the predicate's type and options into the transform's table.
  void predicate(const std::string& alias, Value& t) {
    auto p = c_.take(opt_key(alias, "predicate"));
    auto negate = c_.take(opt_key(alias, "negate"));
    if (!p) {
      if (negate)
        ctx_.notes().note(opt_key(alias, "negate"), *negate,
                          "ignored without a predicate, as in Kafka Connect");
      return;
    }
    std::string name = trim(*p);
    if (!predicate_used_.count(name)) {
      ctx_.notes().error(opt_key(alias, "predicate"), name,
                         "predicate '" + name + "' is not listed in 'predicates'");
      return;
    }
    predicate_used_[name] = true;
    const std::string pk = "predicates." + name + ".";
    auto type = c_.take(pk + "type");
    if (!type) {
      ctx_.notes().error(pk + "type", "", "missing: the predicate needs a class");
      return;
    }
    std::string cls = trim(*type);
    std::vector<std::string> allowed;
    if (cls == std::string(kKafkaPredicate) + "TopicNameMatches") {
      t["predicate"] = "topic_name_matches";
      allowed = {"pattern"};
    } else if (cls == std::string(kKafkaPredicate) + "HasHeaderKey") {
      t["predicate"] = "has_header_key";
      allowed = {"name"};
    } else if (cls == std::string(kKafkaPredicate) + "RecordIsTombstone") {
      t["predicate"] = "record_is_tombstone";
    } else {
      ctx_.notes().not_migrated(
          pk + "type", cls,
          "no sluice predicate; transform '" + alias + "' now applies to every record");
      for (const auto* e : c_.with_prefix(pk)) c_.mark_used(e->key);
      return;
    }
    for (const auto* e : c_.with_prefix(pk)) {
      std::string opt = e->key.substr(pk.size());
      if (opt == "type") continue;
      c_.mark_used(e->key);
      if (std::find(allowed.begin(), allowed.end(), opt) != allowed.end())
        t[opt] = literal(e->value);
      else
        ctx_.notes().not_migrated(e->key, e->value, "not an option of this predicate in sluice");
    }
    if (negate) {
      auto b = parse_bool(*negate);
      if (!b)
        ctx_.notes().error(opt_key(alias, "negate"), *negate, "must be true or false");
      else
        t["negate"] = *b;
    }
  }

  Value kafka_smt(const std::string& alias, const std::string& cls) {
    std::string simple = cls.substr(kKafkaSmt.size());
    std::string variant;
    if (auto dollar = simple.find('$'); dollar != std::string::npos) {
      variant = simple.substr(dollar + 1);
      simple = simple.substr(0, dollar);
    }
    auto it = kafka_smts().find(simple);
    if (it == kafka_smts().end()) {
      auto why = missing_smts().find(simple);
      if (simple == "SetSchemaMetadata") {
        ctx_.notes().not_migrated_harmless(
            opt_key(alias, "type"), cls,
            "no sluice plugin; sluice's formatters do not read schema names or versions");
      } else {
        ctx_.notes().not_migrated(
            opt_key(alias, "type"), cls,
            why != missing_smts().end()
                ? why->second
                : "not a Kafka transform sluice knows; write a transform with the SDK");
      }
      drop_all(alias, "its transform is not migrated");
      return nullptr;
    }
    const PluginTarget& pt = it->second;
    if (pt.has_target ? (variant != "Key" && variant != "Value") : !variant.empty()) {
      ctx_.notes().error(opt_key(alias, "type"), cls,
                         pt.has_target ? "Kafka's " + simple + " needs the $Key or $Value variant"
                                       : "Kafka's " + simple + " has no $" + variant + " variant");
      drop_all(alias, "its transform class is malformed");
      return nullptr;
    }
    Value t = Value::object();
    t["plugin"] = pt.plugin;
    if (pt.has_target) {
      t["target"] = variant == "Key" ? "key" : "value";
      if (variant == "Key") summary_.reads_key = true;
    }
    if (pt.plugin == "regex_router") summary_.routes = true;
    for (const auto& name : pt.options)
      if (auto v = c_.take(opt_key(alias, name))) {
        t[name] = literal(*v);
        if (pt.plugin == "regex_router" && name == "regex")
          check_java_regex(opt_key(alias, name), *v);
      }
    unknown_options(alias, pt.plugin);
    predicate(alias, t);
    if (pt.plugin == "filter" && !t.contains("predicate"))
      ctx_.notes().note(
          opt_key(alias, "type"), cls,
          "a Filter without predicate drops every record, in Kafka Connect as in sluice");
    return t;
  }

  void check_java_regex(const std::string& key, const std::string& re) {
    for (const char* java_only : {"(?<", "++", "*+", "?+", "\\p{", "\\A", "\\Z"})
      if (re.find(java_only) != std::string::npos)
        ctx_.notes().changed(
            key, re,
            std::string("uses '") + java_only +
                "', which java.util.regex has but sluice's ECMAScript regular expressions do not");
  }

  Value unwrap(const std::string& alias) {
    Value t = Value::object();
    t["plugin"] = "debezium_unwrap";
    for (const char* name :
         {"delete.tombstone.handling.mode", "delete.handling.mode", "add.fields",
          "add.fields.prefix", "add.headers", "add.headers.prefix", "route.by.field"})
      if (auto v = c_.take(opt_key(alias, name))) t[name] = literal(*v);
    if (auto v = c_.take(opt_key(alias, "drop.tombstones"))) {
      auto b = parse_bool(*v);
      if (!b)
        ctx_.notes().error(opt_key(alias, "drop.tombstones"), *v, "must be true or false");
      else
        t["drop.tombstones"] = *b;
    }
    if (t.contains("route.by.field") && !t["route.by.field"].get<std::string>().empty())
      summary_.routes = true;
    for (auto& [name, value] : remaining_options(alias)) {
      if (name == "predicate" || name == "negate") continue;
      if (name == "drop.fields.header.name" || name == "drop.fields.from.key" ||
          name == "drop.fields.keep.schema.compatible") {
        c_.mark_used(opt_key(alias, name));
        ctx_.notes().not_migrated(
            opt_key(alias, name), value,
            "not supported by debezium_unwrap (needs Connect's list-typed headers)");
      }
    }
    unknown_options(alias, "debezium_unwrap");
    predicate_unsupported(alias, "debezium_unwrap");
    return t;
  }

  MigrationContext& ctx_;
  const ConnectorConfig& c_;
  TransformSummary summary_;
  std::map<std::string, bool> predicate_used_;
  std::map<std::string, std::string> types_;
  std::size_t chain_index_ = 0;
};

}  // namespace

TransformSummary map_transforms(MigrationContext& ctx) {
  return ChainMapper(ctx).run();
}

}  // namespace sluice::engine::migrate
