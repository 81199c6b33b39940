#include "migrate/converter_mapper.hpp"

#include <map>

namespace sluice::engine::migrate {

namespace {

struct Setting {
  std::string value;
  std::string key;  // the Connect key it came from, e.g. "value.converter.schemas.enable"
};

const std::map<std::string, std::string, std::less<>>& converter_classes() {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"org.apache.kafka.connect.json.JsonConverter", "json"},
      {"org.apache.kafka.connect.storage.StringConverter", "string"},
      {"org.apache.kafka.connect.converters.ByteArrayConverter", "bytes"},
      {"io.confluent.connect.avro.AvroConverter", "avro"},
      {"io.confluent.connect.protobuf.ProtobufConverter", "protobuf"},
  };
  return m;
}

// Serializer-side or cache settings of the Confluent converters: no effect on reading.
bool is_harmless_registry_option(std::string_view name) {
  for (const char* n :
       {"auto.register.schemas", "use.latest.version", "latest.compatibility.strict",
        "schemas.cache.config", "connect.meta.data", "enhanced.avro.schema.support",
        "enhanced.protobuf.schema.support", "key.subject.name.strategy",
        "value.subject.name.strategy", "normalize.schemas"})
    if (name == n) return true;
  return false;
}

class SideMapper {
 public:
  SideMapper(MigrationContext& ctx, ConverterSide side, bool side_read)
      : ctx_(ctx), side_(side == ConverterSide::key ? "key" : "value"), read_(side_read) {}

  void run() {
    const std::string class_key = side_ + ".converter";
    std::optional<Setting> cls;
    if (ctx_.worker)
      if (auto v = ctx_.worker->peek(class_key)) cls = Setting{*v, class_key + " (worker)"};
    if (auto v = ctx_.connector.take(class_key)) cls = Setting{*v, class_key};
    collect_options(class_key + ".");
    Value table = Value::object();
    const std::string where = "source." + side_;
    if (!cls) {
      if (!read_) {
        table["converter"] = "bytes";
        ctx_.comment(where, "converter",
                     side_ +
                         ".converter is not set (it comes from the worker config); the key is not "
                         "read, so its bytes are kept");
        drop_options("the converter is not set");
      } else {
        table["converter"] = "json";
        table["schemas_enable"] = true;
        ctx_.notes().changed(
            class_key, "",
            "not set here: Kafka Connect takes it from the worker config, which was not given "
            "(--worker-properties); assumed JsonConverter with schemas.enable=true");
        drop_options("the converter is not set");
      }
      ctx_.out.pipeline["source"][side_] = std::move(table);
      return;
    }
    std::string name = trim(cls->value);
    auto it = converter_classes().find(name);
    if (it == converter_classes().end()) {
      if (!read_) {
        table["converter"] = "bytes";
        ctx_.notes().not_migrated_harmless(cls->key, name,
                                           "no sluice converter; the key is not read, so its bytes "
                                           "are kept (converter \"bytes\")");
        drop_options("its converter is not migrated");
        ctx_.out.pipeline["source"][side_] = std::move(table);
      } else {
        ctx_.notes().not_migrated(cls->key, name,
                                  "no sluice converter for this class; write one with the SDK");
        drop_options("its converter is not migrated");
      }
      return;
    }
    table["converter"] = it->second;
    if (it->second == "json")
      json(table);
    else if (it->second == "string")
      string(table);
    else if (it->second == "bytes")
      drop_options("ByteArrayConverter has no options");
    else
      registry(table, it->second);
    ctx_.out.pipeline["source"][side_] = std::move(table);
  }

 private:
  // side.converter.* from the worker, then the connector's (which win).
  void collect_options(const std::string& prefix) {
    if (ctx_.worker)
      for (const auto* e : ctx_.worker->with_prefix(prefix))
        options_[e->key.substr(prefix.size())] = {e->value, e->key + " (worker)"};
    for (const auto* e : ctx_.connector.with_prefix(prefix)) {
      ctx_.connector.mark_used(e->key);
      options_[e->key.substr(prefix.size())] = {e->value, e->key};
    }
  }

  std::optional<Setting> take(const std::string& name) {
    auto it = options_.find(name);
    if (it == options_.end()) return std::nullopt;
    Setting s = it->second;
    options_.erase(it);
    return s;
  }

  void drop_options(const std::string& why) {
    for (auto& [name, s] : options_) ctx_.notes().note(s.key, s.value, why);
    options_.clear();
  }

  // Options left over: unknown to the sluice converter.
  void rest(const std::string& plugin) {
    for (auto& [name, s] : options_) {
      if ((plugin == "avro" || plugin == "protobuf") && is_harmless_registry_option(name))
        ctx_.notes().not_migrated_harmless(s.key, s.value,
                                           "a serializer or cache setting: no effect on reading");
      else if (name == "schemas.enable" || name == "schema.registry.url")
        ctx_.notes().not_migrated_harmless(
            s.key, s.value,
            "the " + plugin + " converter does not use it, and neither did Kafka's");
      else
        ctx_.notes().not_migrated(s.key, s.value,
                                  "not an option of sluice's " + plugin + " converter");
    }
    options_.clear();
  }

  void json(Value& table) {
    // JsonConverter's schemas.enable defaults to true; sluice's json converter to false.
    bool schemas = true;
    if (auto s = take("schemas.enable")) {
      auto b = parse_bool(s->value);
      if (!b)
        ctx_.notes().error(s->key, s->value, "must be true or false");
      else
        schemas = *b;
    } else {
      ctx_.comment("source." + side_, "schemas_enable", "JsonConverter's default");
    }
    table["schemas_enable"] = schemas;
    // Both are options of sluice's json converter, with Kafka's names and meanings.
    if (auto s = take("decimal.format")) {
      const std::string f = lower(trim(s->value));
      if (f == "base64" || f == "numeric")
        table["decimal.format"] = trim(s->value);
      else
        ctx_.notes().error(s->key, s->value, "must be BASE64 or NUMERIC");
    }
    if (auto s = take("schemas.cache.size"))
      ctx_.notes().note(s->key, s->value, "a cache size: no effect on the data");
    if (auto s = take("replace.null.with.default")) {
      if (auto b = parse_bool(s->value))
        table["replace.null.with.default"] = *b;
      else
        ctx_.notes().error(s->key, s->value, "must be true or false");
    }
    rest("json");
  }

  void string(Value& table) {
    for (const char* n : {"converter.encoding", "encoding"})
      if (auto s = take(n)) {
        std::string enc = lower(trim(s->value));
        if (enc == "utf-8" || enc == "utf8")
          table["encoding"] = "UTF-8";
        else
          ctx_.notes().not_migrated(s->key, s->value, "sluice's string converter reads UTF-8 only");
      }
    rest("string");
  }

  void registry(Value& table, const std::string& plugin) {
    auto url = take("schema.registry.url");
    if (!url || trim(url->value).empty())
      ctx_.notes().error(side_ + ".converter.schema.registry.url", "",
                         "missing: the " + plugin + " converter needs the schema registry URL");
    else
      table["schema_registry_url"] = literal(trim(url->value));
    auto source = take("basic.auth.credentials.source");
    if (auto info = take("basic.auth.user.info")) {
      if (source && lower(trim(source->value)) != "user_info") {
        ctx_.notes().not_migrated(
            source->key, source->value,
            "only USER_INFO credentials are supported (schema_registry_basic_auth_user_info)");
      } else {
        std::string var =
            side_ == "key" ? "SCHEMA_REGISTRY_KEY_USER_INFO" : "SCHEMA_REGISTRY_USER_INFO";
        table["schema_registry_basic_auth_user_info"] =
            ctx_.env_ref(var, "\"user:password\" of the schema registry (" + info->key + ")");
        ctx_.comment("source." + side_, "schema_registry_basic_auth_user_info",
                     "set " + var + " (" + info->key + "); not printed here");
      }
    } else if (source && lower(trim(source->value)) != "user_info") {
      ctx_.notes().not_migrated(
          source->key, source->value,
          "only USER_INFO credentials are supported (schema_registry_basic_auth_user_info)");
    }
    rest(plugin);
  }

  MigrationContext& ctx_;
  std::string side_;
  bool read_;
  std::map<std::string, Setting> options_;
};

}  // namespace

void map_converter(MigrationContext& ctx, ConverterSide side, bool side_read) {
  if (!ctx.out.pipeline.contains("source")) ctx.out.pipeline["source"] = Value::object();
  SideMapper(ctx, side, side_read).run();
}

}  // namespace sluice::engine::migrate
