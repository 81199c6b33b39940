#include "migrate/consumer_mapper.hpp"

#include <map>
#include <regex>

namespace sluice::engine::migrate {

namespace {

struct Setting {
  std::string value;
  std::string key;  // where it came from
};

// Java consumer keys that librdkafka reads with the same meaning; the value is librdkafka's name.
const std::map<std::string, std::string, std::less<>>& same_meaning() {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"security.protocol", "security.protocol"},
      {"sasl.mechanism", "sasl.mechanisms"},
      {"client.id", "client.id"},
      {"client.rack", "client.rack"},
      {"fetch.min.bytes", "fetch.min.bytes"},
      {"fetch.max.bytes", "fetch.max.bytes"},
      {"fetch.max.wait.ms", "fetch.wait.max.ms"},
      {"max.partition.fetch.bytes", "max.partition.fetch.bytes"},
      {"session.timeout.ms", "session.timeout.ms"},
      {"heartbeat.interval.ms", "heartbeat.interval.ms"},
      {"max.poll.interval.ms", "max.poll.interval.ms"},
      {"isolation.level", "isolation.level"},
      {"check.crcs", "check.crcs"},
      {"metadata.max.age.ms", "metadata.max.age.ms"},
      {"reconnect.backoff.ms", "reconnect.backoff.ms"},
      {"reconnect.backoff.max.ms", "reconnect.backoff.max.ms"},
      {"retry.backoff.ms", "retry.backoff.ms"},
      {"connections.max.idle.ms", "connections.max.idle.ms"},
      {"receive.buffer.bytes", "socket.receive.buffer.bytes"},
      {"send.buffer.bytes", "socket.send.buffer.bytes"},
      {"sasl.kerberos.service.name", "sasl.kerberos.service.name"},
  };
  return m;
}

// Keys Kafka Connect or sluice manage; setting them has no effect worth keeping.
const std::map<std::string, std::string, std::less<>>& managed() {
  static const std::map<std::string, std::string, std::less<>> m = {
      {"enable.auto.commit", "sluice commits offsets itself, only after a load succeeded"},
      {"auto.commit.interval.ms", "sluice commits offsets itself, only after a load succeeded"},
      {"key.deserializer", "sluice reads raw bytes and converts them with [source.key]"},
      {"value.deserializer", "sluice reads raw bytes and converts them with [source.value]"},
      {"max.poll.records",
       "sluice batches per table by size and time (buffer_max_bytes, flush_interval_ms)"},
      {"request.timeout.ms", "librdkafka has no consumer request timeout of this meaning"},
      {"default.api.timeout.ms", "librdkafka has no equivalent"},
  };
  return m;
}

class ConsumerMapper {
 public:
  explicit ConsumerMapper(MigrationContext& ctx) : ctx_(ctx) {}

  void run(const std::string& connector_name) {
    collect();
    Value& src = ctx_.out.pipeline["source"];
    // bootstrap.servers: the worker's, or its consumer.* override
    std::optional<Setting> bootstrap;
    if (ctx_.worker)
      if (auto v = ctx_.worker->peek("bootstrap.servers"))
        bootstrap = Setting{*v, "bootstrap.servers (worker)"};
    if (auto s = take("bootstrap.servers")) bootstrap = s;
    if (bootstrap && !trim(bootstrap->value).empty()) {
      src["bootstrap_servers"] = literal(trim(bootstrap->value));
    } else {
      src["bootstrap_servers"] = ctx_.env_ref(
          "KAFKA_BOOTSTRAP_SERVERS",
          "Kafka's bootstrap servers: 'bootstrap.servers' of the Connect worker config");
      ctx_.comment("source", "bootstrap_servers",
                   "set KAFKA_BOOTSTRAP_SERVERS: bootstrap.servers is in the Connect worker "
                   "config, not the connector's");
    }
    src["topics"] = Value::array();  // placeholder keeping the key order; the sink mapper fills it
    if (auto g = take("group.id")) {
      src["group_id"] = literal(trim(g->value));
    } else {
      src["group_id"] = literal("connect-" + connector_name);
      ctx_.comment("source", "group_id",
                   "Kafka Connect's consumer group: sluice continues from the connector's "
                   "committed offsets (stop the connector first)");
    }
    std::string start = "earliest";  // Kafka Connect's default for sink connectors
    if (auto r = take("auto.offset.reset")) {
      std::string v = lower(trim(r->value));
      if (v == "earliest" || v == "latest")
        start = v;
      else
        ctx_.notes().not_migrated(r->key, r->value,
                                  "sluice starts partitions without a committed offset at earliest "
                                  "or latest; kept earliest");
    }
    src["start_offset"] = start;
    Value rdkafka = Value::object();
    if (auto jaas = take("sasl.jaas.config")) sasl(*jaas, rdkafka);
    for (auto& [name, s] : settings_) {
      if (auto m = same_meaning().find(name); m != same_meaning().end()) {
        rdkafka[m->second] = literal(s.value);
      } else if (name == "ssl.endpoint.identification.algorithm") {
        rdkafka[name] = trim(s.value).empty() ? "none" : literal(lower(trim(s.value)));
      } else if (auto g = managed().find(name); g != managed().end()) {
        ctx_.notes().not_migrated_harmless(s.key, s.value, g->second);
      } else {
        ctx_.notes().not_migrated(
            s.key, s.value,
            "no librdkafka equivalent mapped (Java keystores and truststores must become PEM "
            "files: ssl.ca.location, "
            "ssl.certificate.location, ssl.key.location in [source.librdkafka])");
      }
    }
    if (!rdkafka.empty()) src["librdkafka"] = std::move(rdkafka);
  }

 private:
  // consumer.* from the worker, then consumer.override.* from the connector (which win).
  void collect() {
    if (ctx_.worker)
      for (const auto* e : ctx_.worker->with_prefix("consumer."))
        settings_[e->key.substr(9)] = {e->value, e->key + " (worker)"};
    for (const auto* e : ctx_.connector.with_prefix("consumer.override.")) {
      ctx_.connector.mark_used(e->key);
      settings_[e->key.substr(18)] = {e->value, e->key};
    }
  }

  std::optional<Setting> take(const std::string& name) {
    auto it = settings_.find(name);
    if (it == settings_.end()) return std::nullopt;
    Setting s = it->second;
    settings_.erase(it);
    return s;
  }

  // PLAIN and SCRAM logins: username and password from the JAAS line, the password as a variable.
  void sasl(const Setting& jaas, Value& rdkafka) {
    static const std::regex module(
        R"(^\s*(org\.apache\.kafka\.common\.security\.(plain\.PlainLoginModule|scram\.ScramLoginModule))\s+required\b)");
    static const std::regex user(R"re(\busername\s*=\s*"([^"]*)")re");
    static const std::regex pass(R"re(\bpassword\s*=\s*"([^"]*)")re");
    std::smatch m, u, p;
    if (!std::regex_search(jaas.value, m, module) || !std::regex_search(jaas.value, u, user) ||
        !std::regex_search(jaas.value, p, pass)) {
      ctx_.notes().not_migrated(jaas.key, "******",
                                "only PlainLoginModule and ScramLoginModule with username and "
                                "password are mapped; set sasl.* in [source.librdkafka]");
      return;
    }
    rdkafka["sasl.username"] = literal(u[1].str());
    rdkafka["sasl.password"] =
        ctx_.env_ref("KAFKA_SASL_PASSWORD", "the SASL password of " + jaas.key);
    ctx_.comment("source.librdkafka", "sasl.password",
                 "set KAFKA_SASL_PASSWORD (the password in " + jaas.key + "); not printed here");
  }

  MigrationContext& ctx_;
  std::map<std::string, Setting> settings_;
};

}  // namespace

void map_consumer(MigrationContext& ctx, const std::string& connector_name) {
  if (!ctx.out.pipeline.contains("source")) ctx.out.pipeline["source"] = Value::object();
  ConsumerMapper(ctx).run(connector_name);
}

}  // namespace sluice::engine::migrate
