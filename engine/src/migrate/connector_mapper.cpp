#include "migrate/connector_mapper.hpp"

#include <algorithm>
#include <regex>

#include "migrate/consumer_mapper.hpp"
#include "migrate/converter_mapper.hpp"
#include "migrate/transform_mapper.hpp"

namespace sluice::engine::migrate {

namespace {

// Defaults of the connector's code (CONNECTOR_NOTES.md), which differ from its documentation and
// from sluice's defaults: written out so that the pipeline behaves as the connector did.
constexpr std::int64_t kConnectorBufferBytes = 64 * 1024 * 1024;
constexpr std::int64_t kConnectorFlushIntervalMs = 1000;

// Connect framework keys with no effect on what is loaded.
const std::vector<std::pair<std::string, std::string>>& harmless_framework_keys() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"errors.log.enable",
       "sluice always logs bad records, rate-limited by [errors] log_max_per_second"},
      {"errors.log.include.messages",
       "sluice logs the record's topic, partition and offset, not its contents"},
      {"errors.retry.timeout", "sluice waits out retryable converter errors itself"},
      {"errors.retry.delay.max.ms", "sluice waits out retryable converter errors itself"},
      {"errors.deadletterqueue.topic.replication.factor",
       "sluice does not create the dead-letter topic: create it with this replication factor"},
      {"header.converter", "sluice keeps headers as bytes; the connector never loads headers"},
      {"config.action.reload", "a Kafka Connect worker setting"},
      {"key.ignore", "the StarRocks connector does not read it"},
      {"schema.ignore", "the StarRocks connector does not read it"},
  };
  return v;
}

class ConnectorMapper {
 public:
  ConnectorMapper(const ConnectorConfig& c, const ConnectorConfig* worker)
      : c_(c), ctx_{c, worker, out_} {}

  Migration run() {
    Value& p = out_.pipeline;
    name();
    connector_class();
    workers();
    p["source"] = Value::object();
    map_consumer(ctx_, connector_name_);
    topics();
    TransformSummary tr = map_transforms(ctx_);
    Value transforms = p.contains("transforms") ? p["transforms"] : Value();
    if (p.contains("transforms")) p.erase("transforms");
    map_converter(ctx_, ConverterSide::key, tr.reads_key);
    map_converter(ctx_, ConverterSide::value, true);
    if (!transforms.is_null())
      p["transforms"] = std::move(transforms);  // after [source], as people read it
    sink(tr);
    errors();
    leftovers();
    return std::move(out_);
  }

 private:
  Notes& notes() { return out_.notes; }

  std::optional<std::string> required(const std::string& key) {
    auto v = c_.take(key);
    if (!v || trim(*v).empty()) {
      notes().error(key, v.value_or(""), "missing: required by the StarRocks connector");
      return std::nullopt;
    }
    return trim(*v);
  }

  void name() {
    auto n = required("name");
    connector_name_ = n.value_or("connector");
    std::string sane;
    for (char ch : connector_name_)
      sane += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' || ch == '.')
                  ? ch
                  : '-';
    if (sane.size() > 64) sane.resize(64);
    out_.pipeline["name"] = sane;
    if (n && sane != connector_name_)
      notes().changed("name", connector_name_,
                      "sluice names are 1 to 64 letters, digits, '_', '-' or '.': written as \"" +
                          sane + "\" (it prefixes load labels)");
  }

  void connector_class() {
    auto cls = required("connector.class");
    if (!cls) return;
    if (*cls != "com.starrocks.connector.kafka.StarRocksSinkConnector" &&
        *cls != "com.starrocks.connector.kafka.SinkConnector")
      notes().changed("connector.class", *cls,
                      "not the StarRocks sink connector: the pipeline below loads StarRocks the "
                      "way that connector does");
  }

  void workers() {
    std::int64_t n = 1;
    if (auto t = c_.take("tasks.max")) {
      auto v = parse_int(*t);
      if (!v || *v < 1) {
        notes().error("tasks.max", *t, "must be a positive integer");
      } else if (*v > 256) {
        n = 256;
        notes().changed("tasks.max", *t,
                        "sluice runs at most 256 workers per process: workers = 256");
      } else {
        n = *v;
      }
    }
    out_.pipeline["workers"] = n;
  }

  void topics() {
    Value& src = out_.pipeline["source"];
    auto list = c_.take("topics");
    auto regex = c_.take("topics.regex");
    bool has_list = list && !split_list(*list).empty();
    bool has_regex = regex && !trim(*regex).empty();
    if (has_list && has_regex)
      notes().error("topics.regex", *regex,
                    "set either topics or topics.regex, not both (Kafka Connect refuses both)");
    if (!has_list && !has_regex) notes().error("topics", "", "missing: set topics or topics.regex");
    if (has_list) {
      Value arr = Value::array();
      for (auto& t : split_list(*list)) {
        topics_.push_back(t);
        arr.push_back(literal(t));
      }
      src["topics"] = std::move(arr);
    } else {
      src.erase("topics");
    }
    if (has_regex && !has_list) {
      src["topics_regex"] = literal(trim(*regex));
      // The engine anchors the pattern (whole-name match, as Kafka); its syntax is POSIX extended.
      std::string re = trim(*regex);
      try {
        std::regex check(re, std::regex::extended);
      } catch (const std::regex_error&) {
        notes().changed("topics.regex", re,
                        "not a POSIX extended regular expression (sluice's syntax for "
                        "topics_regex); rewrite it");
      }
    }
  }

  void sink(const TransformSummary& tr) {
    Value sink = Value::object();
    sink["plugin"] = "starrocks";
    if (auto url = required("starrocks.http.url")) {
      Value arr = Value::array();
      for (auto u : split_list(*url)) {
        if (u.rfind("http://", 0) == 0) u = u.substr(7);
        while (!u.empty() && u.back() == '/') u.pop_back();
        arr.push_back(literal(u));
      }
      if (arr.empty())
        notes().error("starrocks.http.url", *url, "no FE address in the list");
      else
        sink["http_url"] = std::move(arr);
    }
    if (auto db = required("starrocks.database.name")) sink["database"] = literal(*db);
    if (auto user = required("starrocks.username")) sink["username"] = literal(*user);
    if (auto pw = c_.take("starrocks.password")) {
      if (pw->empty()) {
        sink["password"] = "";
        ctx_.comment("sink", "password", "empty in the connector config");
      } else {
        sink["password"] =
            ctx_.env_ref("STARROCKS_PASSWORD", "the StarRocks password ('starrocks.password')");
        ctx_.comment("sink", "password",
                     "set STARROCKS_PASSWORD ('starrocks.password'); not printed here");
      }
    } else {
      notes().error("starrocks.password", "",
                    "missing: the connector requires the key (it may be empty)");
    }
    topic_to_table(sink, tr);
    properties(sink);
    buffers(sink);
    out_.pipeline["sink"] = std::move(sink);
  }

  void topic_to_table(Value& sink, const TransformSummary& tr) {
    auto map = c_.take("starrocks.topic2table.map");
    if (!map || trim(*map).empty()) return;
    static const std::regex table_name(R"([A-Za-z_]\w{0,63})");
    Value m = Value::object();
    for (const auto& entry : split_list(*map)) {
      auto colon = entry.find(':');
      std::string topic = colon == std::string::npos ? "" : trim(entry.substr(0, colon));
      std::string table = colon == std::string::npos ? "" : trim(entry.substr(colon + 1));
      if (topic.empty() || table.empty() || table.find(':') != std::string::npos) {
        notes().error("starrocks.topic2table.map", *map,
                      "malformed entry \"" + entry +
                          "\": expected topic:table,topic:table (the connector silently ignored "
                          "the whole map)");
        return;
      }
      if (!std::regex_match(table, table_name)) {
        notes().error("starrocks.topic2table.map", *map,
                      "\"" + table + "\" is not a valid StarRocks table name");
        return;
      }
      if (tr.routes && std::find(topics_.begin(), topics_.end(), topic) == topics_.end())
        notes().changed(
            "starrocks.topic2table.map", *map,
            "\"" + topic +
                "\" is not a subscribed topic: the connector looked routed names up in this map, "
                "sluice takes a router's table as final; route straight to the table");
      m[topic] = literal(table);
    }
    sink["topic_to_table"] = std::move(m);
  }

  void properties(Value& sink) {
    std::string format = "json";
    if (auto f = c_.take("sink.properties.format")) {
      std::string v = lower(trim(*f));
      if (v != "json" && v != "csv")
        notes().error("sink.properties.format", *f, "must be json or csv");
      else
        format = v;
    }
    sink["format"] = format;
    Value formatter = Value::object();
    Value props = Value::object();
    for (const auto* e : c_.with_prefix("sink.properties.")) {
      c_.mark_used(e->key);
      std::string h = e->key.substr(16);
      if (h == "format") continue;
      if (h == "strip_outer_array") {
        notes().note(e->key, e->value,
                     "dropped: sluice's json formatter sends strip_outer_array itself, matching "
                     "the body it writes");
      } else if (h == "label") {
        notes().note(e->key, e->value,
                     "dropped: sluice gives each batch its own label, kept across retries");
      } else if (h == "column_separator" || h == "row_delimiter" || h == "enclose" ||
                 h == "escape") {
        if (format == "csv")
          formatter[h] = literal(e->value);
        else
          notes().note(e->key, e->value, "dropped: a CSV setting, and the format is json");
      } else if (h == "columns" && format == "csv") {
        Value cols = Value::array();
        bool plain = true;
        for (const auto& col : split_list(e->value)) {
          if (!std::regex_match(col, std::regex(R"([A-Za-z_]\w*)"))) plain = false;
          cols.push_back(literal(col));
        }
        if (plain) {
          formatter["columns"] = std::move(cols);
        } else {
          props["columns"] = literal(e->value);
          notes().changed(
              e->key, e->value,
              "holds expressions: kept as a Stream Load header, but the csv formatter writes the "
              "record's fields in its own order; list plain field names in [formatter] columns");
        }
      } else {
        props[h] = literal(e->value);
      }
    }
    if (format == "csv") {
      out_.pipeline["formatter"] = std::move(formatter);
      auto conv = c_.peek("value.converter");
      if (!conv && ctx_.worker) conv = ctx_.worker->peek("value.converter");
      if (conv && trim(*conv) != "org.apache.kafka.connect.storage.StringConverter")
        notes().note("sink.properties.format", "csv",
                     "the connector loaded only string values as CSV; sluice's csv formatter "
                     "writes the fields of object values");
      if (conv && trim(*conv) == "org.apache.kafka.connect.storage.StringConverter")
        notes().changed("sink.properties.format", "csv",
                        "the connector sent each string value verbatim as a CSV line; sluice's csv "
                        "formatter writes the fields "
                        "of object values (JSON) and refuses plain strings: produce JSON values, "
                        "or load with format json");
    }
    if (!props.empty()) sink["properties"] = std::move(props);
  }

  std::int64_t integer_setting(const std::string& key, std::int64_t connector_default,
                               std::int64_t lo, std::int64_t hi, const std::string& sluice_key) {
    auto v = c_.take(key);
    if (!v) {
      ctx_.comment("sink", sluice_key, "'" + key + "' not set: the connector's effective default");
      return connector_default;
    }
    auto n = parse_int(*v);
    if (!n) {
      notes().error(key, *v, "must be an integer");
      return connector_default;
    }
    if (*n < lo || *n > hi) {
      std::int64_t clamped = std::clamp(*n, lo, hi);
      notes().changed(key, *v,
                      "out of sluice's range [" + std::to_string(lo) + ", " + std::to_string(hi) +
                          "]: written as " + std::to_string(clamped));
      return clamped;
    }
    return *n;
  }

  void buffers(Value& sink) {
    sink["buffer_max_bytes"] = integer_setting("bufferflush.maxbytes", kConnectorBufferBytes, 1024,
                                               10737418240LL, "buffer_max_bytes");
    sink["flush_interval_ms"] = integer_setting("bufferflush.intervalms", kConnectorFlushIntervalMs,
                                                1, 3600000, "flush_interval_ms");
    // The connector's connect.timeoutms only timed a TCP probe before choosing an FE (its default
    // 100 ms); sluice's times every connection, so sluice's default (1000 ms) is kept when unset.
    if (c_.peek("connect.timeoutms"))
      sink["connect_timeout_ms"] =
          integer_setting("connect.timeoutms", 1000, 100, 60000, "connect_timeout_ms");
    if (auto r = c_.take("sink.maxretries")) {
      auto n = parse_int(*r);
      if (!n || *n < 0) {
        notes().error("sink.maxretries", *r, "must be a non-negative integer");
      } else {
        sink["max_retries"] = *n;
        notes().note("sink.maxretries", *r,
                     "max_retries: sluice retries a retryable load with backoff "
                     "(retry_backoff_ms), the connector "
                     "retried at once; both stop after this many failures");
      }
    }
  }

  void errors() {
    Value e = Value::object();
    std::string tolerance = "none";
    if (auto t = c_.take("errors.tolerance")) {
      std::string v = lower(trim(*t));
      if (v != "none" && v != "all")
        notes().error("errors.tolerance", *t, "must be none or all");
      else
        tolerance = v;
    }
    auto dlq = c_.take("errors.deadletterqueue.topic.name");
    bool has_dlq = dlq && !trim(*dlq).empty();
    e["tolerance"] = tolerance;
    if (tolerance == "all" && !has_dlq) {
      std::string topic = out_.pipeline.value("name", std::string("connector")) + "-dead-letter";
      e["dead_letter_topic"] = literal(topic);
      notes().changed("errors.tolerance", "all",
                      "without a dead-letter topic Kafka Connect skipped bad records silently; "
                      "sluice never drops a record silently, "
                      "so they go to \"" +
                          topic + "\" (create it)");
    } else if (has_dlq) {
      e["dead_letter_topic"] = literal(trim(*dlq));
      if (tolerance == "none")
        notes().note("errors.deadletterqueue.topic.name", *dlq,
                     "unused with errors.tolerance=none, in Kafka Connect as in sluice");
    }
    // Kafka Connect's default is false; sluice's is true.
    bool headers = false;
    if (auto h = c_.take("errors.deadletterqueue.context.headers.enable")) {
      auto b = parse_bool(*h);
      if (!b)
        notes().error("errors.deadletterqueue.context.headers.enable", *h, "must be true or false");
      else
        headers = *b;
    }
    if (e.contains("dead_letter_topic")) e["dead_letter_context_headers"] = headers;
    out_.pipeline["errors"] = std::move(e);
  }

  // Keys nothing above used.
  void leftovers() {
    for (const auto* e : c_.unused()) {
      auto h = std::find_if(harmless_framework_keys().begin(), harmless_framework_keys().end(),
                            [&](const auto& k) { return k.first == e->key; });
      if (h != harmless_framework_keys().end()) {
        notes().not_migrated_harmless(e->key, e->value, h->second);
      } else if (e->key.rfind("producer.override.", 0) == 0 ||
                 e->key.rfind("admin.override.", 0) == 0) {
        notes().not_migrated(e->key, e->value,
                             "sluice's dead-letter producer uses [source.librdkafka]; set the "
                             "equivalent librdkafka property there");
      } else {
        notes().not_migrated(e->key, e->value, "unknown to sluice migrate");
      }
      c_.mark_used(e->key);
    }
  }

  const ConnectorConfig& c_;
  Migration out_;
  MigrationContext ctx_;
  std::string connector_name_;
  std::vector<std::string> topics_;
};

}  // namespace

Migration migrate_connector(const ConnectorConfig& connector, const ConnectorConfig* worker) {
  return ConnectorMapper(connector, worker).run();
}

}  // namespace sluice::engine::migrate
