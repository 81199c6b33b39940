#include "config/pipeline.hpp"

#include <regex>

#include "config/config_error.hpp"
#include "config/toml_writer.hpp"

namespace sluice::engine {

namespace {

using T = OptionType;

const std::vector<OptionSpec>& root_specs() {
  static const std::vector<OptionSpec> s = {
      OptionSpec("name", T::string,
                 "pipeline name ('name'): default group id \"sluice-<name>\", label prefix")
          .mandatory(),
      OptionSpec("workers", T::integer, "consumer/worker threads ('tasks.max')")
          .with_default(1)
          .range(1, 256),
      OptionSpec("delivery", T::string,
                 "at_least_once, or exactly_once (StarRocks transactions; docs/delivery.md)")
          .with_default("at_least_once")
          .one_of({"at_least_once", "exactly_once"}),
      OptionSpec("plugin_path", T::string_list,
                 "folders searched for plugins before $SLUICE_PLUGIN_PATH and the bundled folder")
          .with_default(Value::array()),
      OptionSpec("source", T::any, "[source]: the Kafka side").mandatory(),
      OptionSpec("transforms", T::any, "[[transforms]]: transform plugins, applied in order"),
      OptionSpec("formatter", T::any, "[formatter]: options of the formatter named by sink.format"),
      OptionSpec("sink", T::any, "[sink]: the StarRocks side").mandatory(),
      OptionSpec("errors", T::any, "[errors]: error tolerance and dead-letter topic"),
      OptionSpec("http", T::any, "[http]: status and metrics server"),
  };
  return s;
}

const std::vector<OptionSpec>& source_specs() {
  static const std::vector<OptionSpec> s = {
      OptionSpec("bootstrap_servers", T::string, "Kafka bootstrap servers, comma separated")
          .mandatory(),
      OptionSpec("topics", T::string_list, "topics to consume ('topics'); or topics_regex"),
      OptionSpec("topics_regex", T::string,
                 "regular expression of topics to consume ('topics.regex')"),
      OptionSpec("group_id", T::string, "consumer group; default \"sluice-\" + name"),
      OptionSpec("start_offset", T::string, "where a partition without committed offset starts")
          .with_default("earliest")
          .one_of({"earliest", "latest"}),
      OptionSpec("librdkafka", T::table,
                 "librdkafka properties, verbatim (SASL, TLS, fetch sizes)"),
      OptionSpec("key", T::any, "[source.key]: key converter ('key.converter') and its options"),
      OptionSpec("value", T::any,
                 "[source.value]: value converter ('value.converter') and its options"),
  };
  return s;
}

const std::vector<OptionSpec>& sink_engine_specs() {
  static const std::vector<OptionSpec> s = {
      OptionSpec("plugin", T::string, "sink plugin").with_default("starrocks"),
      OptionSpec("topic_to_table", T::table,
                 "topic → table ('starrocks.topic2table.map'); default: the topic name"),
      OptionSpec("format", T::string, "formatter plugin ('sink.properties.format'): json | csv")
          .with_default("json"),
      OptionSpec("buffer_max_bytes", T::integer,
                 "flush a table at this many buffered bytes; consumption pauses when all buffers "
                 "reach it ('bufferflush.maxbytes')")
          .with_default(94371840)
          .range(1024, 10737418240.0),
      OptionSpec("flush_interval_ms", T::integer,
                 "flush a table at least this often ('bufferflush.intervalms')")
          .with_default(300000)
          .range(1, 3600000),
      OptionSpec("retry_backoff_ms", T::integer,
                 "first retry delay of a failed load; doubles with jitter")
          .with_default(1000)
          .range(1, 600000),
      OptionSpec("retry_backoff_max_ms", T::integer, "longest retry delay")
          .with_default(60000)
          .range(1, 3600000),
      OptionSpec("max_retries", T::integer,
                 "retries of a retryable load failure; -1 retries without limit")
          .with_default(-1)
          .range(-1, 1e9),
      OptionSpec("max_concurrent_loads", T::integer,
                 "loads running at once, over all tables and workers (each table loads one batch "
                 "at a time); 0: the larger of 8 and twice workers")
          .with_default(0)
          .range(0, 1024),
  };
  return s;
}

const std::vector<OptionSpec>& errors_specs() {
  static const std::vector<OptionSpec> s = {
      OptionSpec("tolerance", T::string,
                 "none: a bad record stops the pipeline; all: it goes to the dead-letter topic "
                 "('errors.tolerance')")
          .with_default("none")
          .one_of({"none", "all"}),
      OptionSpec("dead_letter_topic", T::string,
                 "dead-letter topic ('errors.deadletterqueue.topic.name')"),
      OptionSpec("dead_letter_context_headers", T::boolean,
                 "add __connect.errors.* headers ('errors.deadletterqueue.context.headers.enable')")
          .with_default(true),
      OptionSpec("log_max_per_second", T::integer, "bad-record log lines per second at most")
          .with_default(10)
          .range(0, 100000),
  };
  return s;
}

const std::vector<OptionSpec>& http_specs() {
  static const std::vector<OptionSpec> s = {
      OptionSpec("listen", T::string,
                 "address of the /metrics, /health and /status server, e.g. 127.0.0.1:8089 (port "
                 "0: any free port, logged)"),
      OptionSpec("health_outage_ms", T::integer,
                 "/health answers 503 once a table has failed to load for this long")
          .with_default(60000)
          .range(0, 86400000),
  };
  return s;
}

// Stream Load headers that the formatter owns (it emits them to match the body) or the engine owns.
const std::vector<std::string>& reserved_headers() {
  static const std::vector<std::string> s = {
      "format", "strip_outer_array", "column_separator", "row_delimiter", "enclose", "escape",
      "label"};
  return s;
}

bool is_secret_property(const std::string& key) {
  for (const char* word :
       {"password", "secret", "jaas", "oauthbearer.config", "token", "ssl.key.pem"})
    if (key.find(word) != std::string::npos) return true;
  return false;
}

// A checked option: its value, or its declared default (check_options() fills those in). T{} only
// when the option was refused, which is then reported already.
template <class T>
T opt(const Value& resolved, const char* key) {
  auto it = resolved.find(key);
  if (it == resolved.end() || it->is_null()) return T{};
  try {
    return it->template get<T>();
  } catch (const std::exception&) {
    return T{};
  }
}

class Resolver {
 public:
  Resolver(const TomlDocument& doc, const PluginRegistry& reg)
      : doc_(doc), reg_(reg), map_(doc.positions) {}

  Pipeline run() {
    Pipeline p;
    p.file = doc_.positions.file();
    Value root = check(doc_.root, {}, root_specs());
    if (!errors_.empty()) throw ConfigError(errors_);
    p.name = opt<std::string>(root, "name");
    if (!std::regex_match(p.name, std::regex(R"([-\w.]{1,64})")))
      error_value({"name"}, "name \"" + p.name +
                                "\" must be 1 to 64 letters, digits, '_', '-' or '.' (it becomes "
                                "part of load labels)");
    p.workers = opt<std::int64_t>(root, "workers");
    p.exactly_once = opt<std::string>(root, "delivery") == "exactly_once";
    p.plugin_path = root["plugin_path"].get<std::vector<std::string>>();

    resolve_source(p);
    resolve_transforms(p);
    resolve_sink(p);
    resolve_errors(p);
    {
      const Value* h = table_at({"http"});
      Value http = check(h ? *h : Value::object(), {"http"}, http_specs());
      p.http_listen = opt<std::string>(http, "listen");
      p.health_outage_ms = opt<std::int64_t>(http, "health_outage_ms");
    }
    if (!errors_.empty()) throw ConfigError(errors_);
    return p;
  }

 private:
  void error_key(const KeyPath& at, const std::string& msg) {
    errors_.push_back(map_.at(map_.key_pos(at)) + ": " + msg);
  }
  void error_value(const KeyPath& at, const std::string& msg) {
    errors_.push_back(map_.at(map_.value_pos(at)) + ": " + msg);
  }

  static std::string where(const KeyPath& path) {
    return path.empty() ? "" : "[" + format_path(path) + "] ";
  }

  const Value* lookup(const KeyPath& path) const {
    const Value* v = &doc_.root;
    for (const auto& k : path) {
      if (!k.empty() && k.front() == '[') {
        std::size_t i = std::stoul(k.substr(1));
        if (!v->is_array() || i >= v->size()) return nullptr;
        v = &(*v)[i];
      } else {
        if (!v->is_object() || !v->contains(k)) return nullptr;
        v = &(*v)[k];
      }
    }
    return v;
  }

  // The table at `path`, or nullptr when absent; a non-table value there is an error.
  const Value* table_at(const KeyPath& path) {
    const Value* v = lookup(path);
    if (!v) return nullptr;
    if (!v->is_object()) {
      error_value(path, "'" + format_path(path) + "' must be a table");
      return nullptr;
    }
    return v;
  }

  // Folds tables nested under undeclared keys back into dotted names:
  // delete.handling.mode = "rewrite" (unquoted) is read by TOML as {delete:{handling:{mode:...}}}.
  Value fold(const Value& table, const KeyPath& path, std::span<const OptionSpec> specs) {
    Value out = Value::object();
    auto declared = [&](const std::string& k) {
      return std::any_of(specs.begin(), specs.end(),
                         [&](const OptionSpec& s) { return s.name == k; });
    };
    std::function<void(const Value&, const std::string&, KeyPath&)> walk =
        [&](const Value& t, const std::string& prefix, KeyPath& src) {
          for (auto& [k, v] : t.items()) {
            std::string name = prefix.empty() ? k : prefix + "." + k;
            src.push_back(k);
            if (v.is_object() && !declared(name)) {
              walk(v, name, src);
            } else {
              KeyPath to = path;
              to.push_back(name);
              map_.rename(src, to);
              out[name] = v;
            }
            src.pop_back();
          }
        };
    KeyPath src = path;
    walk(table, "", src);
    return out;
  }

  // Checks a table against declarations and reports each problem at its position.
  Value check(const Value& given, const KeyPath& path, std::span<const OptionSpec> specs,
              const std::vector<std::string>& also_valid = {}) {
    Value folded = fold(given, path, specs);
    // table options: nested keys fold too ({ shop.orders = "x" } unquoted)
    for (const auto& s : specs)
      if (s.type == T::table && folded.contains(s.name) && folded[s.name].is_object()) {
        KeyPath sub = path;
        sub.push_back(s.name);
        folded[s.name] = fold(folded[s.name], sub, {});
      }
    Value resolved;
    auto issues = check_options(specs, folded, resolved);
    for (auto& i : issues) {
      KeyPath at = path;
      if (!i.key.empty()) at.push_back(i.key);
      using K = OptionIssue::Kind;
      switch (i.kind) {
        case K::unknown_key: {
          if (std::find(also_valid.begin(), also_valid.end(), i.key) != also_valid.end()) break;
          std::vector<std::string> names = also_valid;
          for (const auto& s : specs) names.push_back(s.name);
          std::string near = nearest_name(i.key, names);
          error_key(at, where(path) + "unknown option '" + i.key + "'" +
                            (near.empty() ? "" : "; did you mean '" + near + "'?"));
          break;
        }
        case K::missing_required:
          error_key(path, where(path) + i.message);
          break;
        default:
          error_value(at, where(path) + i.message);
          break;
      }
    }
    return resolved;
  }

  PluginUse plugin(PluginKind kind, const std::string& name, const Value& table,
                   const KeyPath& path, const KeyPath& name_at,
                   const std::vector<std::string>& also_valid = {}) {
    PluginUse use;
    use.name = name;
    use.kind = kind;
    use.table = path;
    const PluginRegistry::Entry* e = reg_.find(kind, name);
    if (!e) {
      error_value(name_at, reg_.not_found_message(kind, name));
      return use;
    }
    use.library = e->library;
    use.descriptor = e->descriptor;
    std::size_t before = errors_.size();
    Value resolved = check(table, path, e->descriptor->options, also_valid);
    if (errors_.size() == before) use.options = Options(std::move(resolved));
    return use;
  }

  // A converter or transform table: a name key (`converter` / `plugin`) plus that plugin's options.
  PluginUse named_plugin(PluginKind kind, const KeyPath& path, const std::string& name_key,
                         const std::string& fallback) {
    const Value* t = table_at(path);
    Value table = t ? *t : Value::object();
    std::string name = fallback;
    KeyPath name_at = path;
    name_at.push_back(name_key);
    if (table.contains(name_key)) {
      if (!table[name_key].is_string()) {
        error_value(name_at, where(path) + "'" + name_key + "' must be a string (the plugin name)");
        return {};
      }
      name = table[name_key].get<std::string>();
      table.erase(name_key);
    } else if (name.empty()) {
      error_key(path, where(path) + "missing '" + name_key + "' (the plugin name)");
      return {};
    }
    return plugin(kind, name, table, path, name_at);
  }

  void resolve_source(Pipeline& p) {
    const Value* t = table_at({"source"});
    if (!t) return;
    Value s = check(*t, {"source"}, source_specs());
    auto& src = p.source;
    src.bootstrap_servers = opt<std::string>(s, "bootstrap_servers");
    if (s.contains("topics")) src.topics = s["topics"].get<std::vector<std::string>>();
    src.topics_regex = opt<std::string>(s, "topics_regex");
    src.group_id = s.value("group_id", "sluice-" + p.name);
    src.start_offset = opt<std::string>(s, "start_offset");
    if (s.contains("librdkafka"))
      for (auto& [k, v] : s["librdkafka"].items())
        src.librdkafka.emplace_back(k, v.get<std::string>());
    bool has_topics = s.contains("topics") && !src.topics.empty();
    bool has_regex = !src.topics_regex.empty();
    if (has_topics && has_regex)
      error_key({"source", "topics_regex"},
                "[source] set either 'topics' or 'topics_regex', not both ('topics' is at " +
                    map_.at(map_.key_pos({"source", "topics"})) + ")");
    else if (!has_topics && !has_regex)
      error_key({"source"}, "[source] needs 'topics' (a list of topics) or 'topics_regex'");
    if (has_regex) {
      try {
        std::regex re(src.topics_regex, std::regex::extended);
      } catch (const std::regex_error& e) {
        error_value({"source", "topics_regex"},
                    "[source] topics_regex is not a valid POSIX extended regular expression: " +
                        std::string(e.what()));
      }
    }
    for (const auto& [k, v] : src.librdkafka)
      if (k == "group.id" || k == "bootstrap.servers" || k == "enable.auto.commit")
        error_key({"source", "librdkafka", k},
                  "[source.librdkafka] '" + k + "' is managed by sluice; " +
                      (k == "enable.auto.commit"
                           ? "offsets are committed only after loading"
                           : "use [source] " +
                                 std::string(k == "group.id" ? "group_id" : "bootstrap_servers")));
    src.key = named_plugin(PluginKind::converter, {"source", "key"}, "converter", "bytes");
    src.value = named_plugin(PluginKind::converter, {"source", "value"}, "converter", "json");
  }

  void resolve_transforms(Pipeline& p) {
    const Value* t = lookup({"transforms"});
    if (!t) return;
    if (!t->is_array()) {
      error_value({"transforms"},
                  "'transforms' must be an array of tables: write each as [[transforms]]");
      return;
    }
    for (std::size_t i = 0; i < t->size(); ++i) {
      KeyPath path{"transforms", "[" + std::to_string(i) + "]"};
      if (!(*t)[i].is_object()) {
        error_value(path, "each [[transforms]] entry must be a table");
        continue;
      }
      p.transforms.push_back(named_plugin(PluginKind::transform, path, "plugin", ""));
    }
  }

  void resolve_sink(Pipeline& p) {
    const Value* t = table_at({"sink"});
    if (!t) return;
    std::vector<std::string> engine_keys;
    for (const auto& s : sink_engine_specs()) engine_keys.push_back(s.name);
    Value engine_part = Value::object(), plugin_part = Value::object();
    for (auto& [k, v] : t->items())
      (std::find(engine_keys.begin(), engine_keys.end(), k) != engine_keys.end() ? engine_part
                                                                                 : plugin_part)[k] =
          v;
    Value s = check(engine_part, {"sink"}, sink_engine_specs());
    auto& sink = p.sink;
    if (s.contains("topic_to_table"))
      for (auto& [k, v] : s["topic_to_table"].items()) {
        std::string table = v.get<std::string>();
        if (!std::regex_match(table, std::regex(R"([A-Za-z_][\w]{0,63})")))
          error_value({"sink", "topic_to_table", k},
                      "[sink] topic_to_table: \"" + table + "\" is not a valid table name");
        sink.topic_to_table.emplace_back(k, table);
      }
    sink.buffer_max_bytes = opt<std::int64_t>(s, "buffer_max_bytes");
    sink.flush_interval_ms = opt<std::int64_t>(s, "flush_interval_ms");
    sink.retry_backoff_ms = opt<std::int64_t>(s, "retry_backoff_ms");
    sink.retry_backoff_max_ms = opt<std::int64_t>(s, "retry_backoff_max_ms");
    sink.max_retries = opt<std::int64_t>(s, "max_retries");
    sink.max_concurrent_loads = opt<std::int64_t>(s, "max_concurrent_loads");
    if (sink.max_concurrent_loads == 0)
      sink.max_concurrent_loads = std::max<std::int64_t>(8, 2 * p.workers);
    if (sink.retry_backoff_max_ms < sink.retry_backoff_ms)
      error_value({"sink", "retry_backoff_max_ms"},
                  "[sink] retry_backoff_max_ms must be at least retry_backoff_ms");
    sink.plugin = plugin(PluginKind::sink, opt<std::string>(s, "plugin"), plugin_part, {"sink"},
                         {"sink", "plugin"}, engine_keys);
    check_reserved_headers(plugin_part);

    // The formatter: named by sink.format, options from [formatter].
    const Value* f = table_at({"formatter"});
    p.formatter = plugin(PluginKind::formatter, opt<std::string>(s, "format"),
                         f ? *f : Value::object(), {"formatter"}, {"sink", "format"});
  }

  void check_reserved_headers(const Value& sink_table) {
    auto check_props = [&](const Value& props, const KeyPath& path) {
      if (!props.is_object()) return;
      for (auto& [k, v] : props.items())
        if (std::find(reserved_headers().begin(), reserved_headers().end(), k) !=
            reserved_headers().end()) {
          KeyPath at = path;
          at.push_back(k);
          error_key(at,
                    "[" + format_path(path) + "] '" + k + "' is set by sluice" +
                        (k == "label" ? " (one label per batch, kept across retries)"
                         : k == "format"
                             ? "; choose the formatter with sink.format"
                             : "; set it in [formatter] so that the body and the header agree"));
        }
    };
    if (sink_table.contains("properties"))
      check_props(sink_table["properties"], {"sink", "properties"});
    if (sink_table.contains("tables") && sink_table["tables"].is_object())
      for (auto& [table, cfg] : sink_table["tables"].items())
        if (cfg.is_object() && cfg.contains("properties"))
          check_props(cfg["properties"], {"sink", "tables", table, "properties"});
  }

  void resolve_errors(Pipeline& p) {
    const Value* t = table_at({"errors"});
    Value e = check(t ? *t : Value::object(), {"errors"}, errors_specs());
    p.errors.tolerance = opt<std::string>(e, "tolerance");
    p.errors.dead_letter_topic = opt<std::string>(e, "dead_letter_topic");
    p.errors.dead_letter_context_headers = opt<bool>(e, "dead_letter_context_headers");
    p.errors.log_max_per_second = opt<std::int64_t>(e, "log_max_per_second");
    if (p.errors.tolerance == "all" && p.errors.dead_letter_topic.empty())
      error_value({"errors", "tolerance"},
                  "[errors] tolerance = \"all\" needs dead_letter_topic: sluice never drops a "
                  "record silently");
  }

  const TomlDocument& doc_;
  const PluginRegistry& reg_;
  SourceMap map_;
  std::vector<std::string> errors_;
};

Value plugin_options_masked(const PluginUse& use) {
  Value out = use.options.raw();
  if (use.descriptor)
    for (const auto& s : use.descriptor->options)
      if (s.secret && out.contains(s.name)) out[s.name] = "******";
  return out;
}

void collect_secrets(const PluginUse& use, std::vector<std::string>& out) {
  if (!use.descriptor) return;
  for (const auto& s : use.descriptor->options)
    if (s.secret && use.options.has(s.name) && use.options.at(s.name).is_string()) {
      std::string v = use.options.at(s.name).get<std::string>();
      if (!v.empty()) out.push_back(v);
    }
}

}  // namespace

std::vector<std::string> Pipeline::secrets() const {
  std::vector<std::string> out;
  collect_secrets(source.key, out);
  collect_secrets(source.value, out);
  for (const auto& t : transforms) collect_secrets(t, out);
  collect_secrets(formatter, out);
  collect_secrets(sink.plugin, out);
  for (const auto& [k, v] : source.librdkafka)
    if (is_secret_property(k) && !v.empty()) out.push_back(v);
  return out;
}

std::string Pipeline::to_toml() const {
  Value root = Value::object();
  root["name"] = name;
  root["workers"] = workers;
  root["delivery"] = exactly_once ? "exactly_once" : "at_least_once";
  root["plugin_path"] = plugin_path;
  Value src = Value::object();
  src["bootstrap_servers"] = source.bootstrap_servers;
  if (!source.topics.empty()) src["topics"] = source.topics;
  if (!source.topics_regex.empty()) src["topics_regex"] = source.topics_regex;
  src["group_id"] = source.group_id;
  src["start_offset"] = source.start_offset;
  if (!source.librdkafka.empty()) {
    Value l = Value::object();
    for (const auto& [k, v] : source.librdkafka) l[k] = is_secret_property(k) ? "******" : v;
    src["librdkafka"] = l;
  }
  auto conv = [](const PluginUse& u) {
    Value c = Value::object();
    c["converter"] = u.name;
    const Value opts = plugin_options_masked(u);
    for (auto& [k, v] : opts.items()) c[k] = v;
    return c;
  };
  src["key"] = conv(source.key);
  src["value"] = conv(source.value);
  root["source"] = src;
  if (!transforms.empty()) {
    Value arr = Value::array();
    for (const auto& t : transforms) {
      Value e = Value::object();
      e["plugin"] = t.name;
      const Value opts = plugin_options_masked(t);
      for (auto& [k, v] : opts.items()) e[k] = v;
      arr.push_back(e);
    }
    root["transforms"] = arr;
  }
  Value fmt = plugin_options_masked(formatter);
  if (!fmt.empty()) root["formatter"] = fmt;
  Value snk = Value::object();
  snk["plugin"] = sink.plugin.name;
  snk["format"] = formatter.name;
  if (!sink.topic_to_table.empty()) {
    Value m = Value::object();
    for (const auto& [k, v] : sink.topic_to_table) m[k] = v;
    snk["topic_to_table"] = m;
  }
  snk["buffer_max_bytes"] = sink.buffer_max_bytes;
  snk["flush_interval_ms"] = sink.flush_interval_ms;
  snk["retry_backoff_ms"] = sink.retry_backoff_ms;
  snk["retry_backoff_max_ms"] = sink.retry_backoff_max_ms;
  snk["max_retries"] = sink.max_retries;
  snk["max_concurrent_loads"] = sink.max_concurrent_loads;
  const Value sink_opts = plugin_options_masked(sink.plugin);
  for (auto& [k, v] : sink_opts.items()) snk[k] = v;
  root["sink"] = snk;
  Value err = Value::object();
  err["tolerance"] = errors.tolerance;
  if (!errors.dead_letter_topic.empty()) err["dead_letter_topic"] = errors.dead_letter_topic;
  err["dead_letter_context_headers"] = errors.dead_letter_context_headers;
  err["log_max_per_second"] = errors.log_max_per_second;
  root["errors"] = err;
  if (!http_listen.empty())
    root["http"] = Value{{"listen", http_listen}, {"health_outage_ms", health_outage_ms}};
  return engine::to_toml(root);
}

Pipeline resolve_pipeline(const TomlDocument& doc, const PluginRegistry& registry) {
  return Resolver(doc, registry).run();
}

LoadedPipeline load_pipeline(const std::filesystem::path& file, const EnvLookup& env) {
  TomlDocument doc = read_toml_file(file, env);
  std::vector<std::string> plugin_path;
  if (doc.root.contains("plugin_path")) {
    const Value& pp = doc.root["plugin_path"];
    if (pp.is_array())
      for (const auto& e : pp)
        if (e.is_string()) plugin_path.push_back(e.get<std::string>());
  }
  auto dir = std::filesystem::absolute(file).parent_path();
  PluginRegistry reg = PluginRegistry::discover(plugin_search_path(plugin_path, dir));
  Pipeline p = resolve_pipeline(doc, reg);
  p.file = file;
  return {std::move(reg), std::move(p)};
}

}  // namespace sluice::engine
