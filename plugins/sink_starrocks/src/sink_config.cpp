#include "sink_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "header_names.hpp"

namespace sluice::starrocks {
namespace {

std::string scalar_to_string(const Value& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

void check_header(std::string_view option, std::string_view name, std::string_view value) {
  if (name.empty())
    throw std::invalid_argument("option '" + std::string(option) + "' has an empty header name");
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      throw std::invalid_argument("option '" + std::string(option) + "': header name '" +
                                  std::string(name) +
                                  "' may only hold letters, digits, '_', '-' and '.'");
  }
  if (value.find_first_of("\r\n") != std::string_view::npos)
    throw std::invalid_argument("option '" + std::string(option) + "': header '" +
                                std::string(name) + "' has a line break in its value");
  if (is_reserved_header(name))
    throw std::invalid_argument("option '" + std::string(option) + "': header '" +
                                std::string(name) +
                                "' is set by the sink itself (labels come from the engine; use the "
                                "`compression` option for "
                                "compressed bodies)");
}

Headers parse_header_table(std::string_view option, const Value& table) {
  if (!table.is_object())
    throw std::invalid_argument("option '" + std::string(option) + "' must be a table of strings");
  Headers out;
  for (const auto& [k, v] : table.items()) {
    if (!v.is_primitive() || v.is_null())
      throw std::invalid_argument("option '" + std::string(option) + "." + k +
                                  "' must be a string");
    std::string value = scalar_to_string(v);
    check_header(option, k, value);
    out.emplace_back(k, std::move(value));
  }
  return out;
}

std::map<std::string, Headers, std::less<>> parse_tables(const Value& tables) {
  std::map<std::string, Headers, std::less<>> out;
  if (tables.is_null()) return out;
  if (!tables.is_object())
    throw std::invalid_argument(
        "option 'tables' must be a table of tables, e.g. tables = { orders = { properties = { "
        "partial_update = \"true\" } } }");
  for (const auto& [table, settings] : tables.items()) {
    const std::string where = "tables." + table;
    if (!settings.is_object())
      throw std::invalid_argument("option '" + where +
                                  "' must be a table (with a 'properties' table)");
    for (const auto& [key, value] : settings.items()) {
      if (key != "properties")
        throw std::invalid_argument("unknown option '" + where + "." + key +
                                    "'; did you mean 'properties'?");
      out[table] = parse_header_table(where + ".properties", value);
    }
  }
  return out;
}

}  // namespace

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back(
      OptionSpec("http_url", OptionType::string_list,
                 "FE addresses, \"host:port\" or \"http://host:port\", tried round-robin "
                 "('starrocks.http.url')")
          .mandatory());
  specs.push_back(
      OptionSpec("database", OptionType::string, "target database ('starrocks.database.name')")
          .mandatory());
  specs.push_back(
      OptionSpec("username", OptionType::string, "user ('starrocks.username')").mandatory());
  specs.push_back(
      OptionSpec("password", OptionType::string, "password, may be empty ('starrocks.password')")
          .with_default("")
          .is_secret());
  specs.push_back(OptionSpec("connect_timeout_ms", OptionType::integer,
                             "TCP connect timeout per FE/BE connection ('connect.timeoutms')")
                      .with_default(1000)
                      .range(100, 60000));
  specs.push_back(
      OptionSpec("load_timeout_ms", OptionType::integer,
                 "timeout of one whole load request (FE redirect, body upload and answer)")
          .with_default(600000)
          .range(1000, 259200000));
  specs.push_back(OptionSpec("properties", OptionType::table,
                             "Stream Load headers for every table ('sink.properties.*')")
                      .with_default(Value::object()));
  specs.push_back(
      OptionSpec("tables", OptionType::any,
                 "per-table settings: { <table> = { properties = { <header> = \"value\" } } }; "
                 "per-table headers override 'properties'")
          .with_default(Value::object()));
  specs.push_back(
      OptionSpec("compression", OptionType::string, "body compression: none, lz4_frame or gzip")
          .with_default("none")
          .one_of({"none", "lz4_frame", "gzip"}));
  specs.push_back(OptionSpec("label_state_poll_ms", OptionType::integer,
                             "interval between get_load_state polls while a label is RUNNING")
                      .with_default(1000)
                      .range(10, 60000));
  specs.push_back(OptionSpec("label_state_max_wait_ms", OptionType::integer,
                             "how long to wait for a RUNNING label before the attempt is retryable")
                      .with_default(600000)
                      .range(0, 259200000));
  specs.push_back(OptionSpec("transaction_timeout_s", OptionType::integer,
                             "exactly-once: seconds a transaction may take from begin to "
                             "prepare ('timeout'); 0: StarRocks' default")
                      .with_default(0)
                      .range(0, 259200));
  specs.push_back(OptionSpec("prepared_timeout_s", OptionType::integer,
                             "exactly-once: seconds a prepared transaction waits for its commit "
                             "before StarRocks aborts it ('prepared_timeout', 3.5.4+); 0: "
                             "StarRocks' default")
                      .with_default(0)
                      .range(0, 2592000));
  return specs;
}

std::string normalise_fe_url(std::string_view entry) {
  std::string s(entry);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '/'))
    s.pop_back();
  if (s.empty()) throw std::invalid_argument("option 'http_url' has an empty address");
  auto scheme_end = s.find("://");
  if (scheme_end == std::string::npos) {
    s = "http://" + s;
  } else {
    std::string scheme = s.substr(0, scheme_end);
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (scheme != "http" && scheme != "https")
      throw std::invalid_argument("option 'http_url': '" + std::string(entry) +
                                  "' must be host:port or an http:// or https:// URL");
    s = scheme + s.substr(scheme_end);
  }
  auto host_start = s.find("://") + 3;
  if (host_start >= s.size())
    throw std::invalid_argument("option 'http_url': '" + std::string(entry) + "' has no host");
  if (s.find_first_of("?#@", host_start) != std::string::npos)
    throw std::invalid_argument(
        "option 'http_url': '" + std::string(entry) +
        "' must not hold credentials, a query or a fragment (use username/password)");
  return s;
}

bool is_reserved_header(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kReserved = {
      "label", "expect",      "authorization",    "content-length", "transfer-encoding",
      "host",  "compression", "content-encoding", "connection"};
  return std::any_of(kReserved.begin(), kReserved.end(),
                     [&](std::string_view r) { return header_name_equal(r, name); });
}

std::string_view compression_name(Compression c) noexcept {
  switch (c) {
    case Compression::none:
      return "none";
    case Compression::lz4_frame:
      return "lz4_frame";
    case Compression::gzip:
      return "gzip";
  }
  return "none";
}

SinkConfig parse_config(const Options& options) {
  SinkConfig c;
  for (const auto& entry : options.get_list("http_url"))
    c.fe_urls.push_back(normalise_fe_url(entry));
  if (c.fe_urls.empty())
    throw std::invalid_argument("option 'http_url' needs at least one FE address");
  c.database = options.get_string("database");
  if (c.database.empty()) throw std::invalid_argument("option 'database' must not be empty");
  c.username = options.get_string("username");
  if (c.username.empty()) throw std::invalid_argument("option 'username' must not be empty");
  c.password = options.get_string_or("password", "");
  c.connect_timeout = std::chrono::milliseconds(options.get_int_or("connect_timeout_ms", 1000));
  c.load_timeout = std::chrono::milliseconds(options.get_int_or("load_timeout_ms", 600000));
  c.transaction_timeout = std::chrono::seconds(options.get_int_or("transaction_timeout_s", 0));
  c.prepared_timeout = std::chrono::seconds(options.get_int_or("prepared_timeout_s", 0));
  if (options.has("properties"))
    c.properties = parse_header_table("properties", options.at("properties"));
  if (options.has("tables")) c.table_properties = parse_tables(options.at("tables"));
  std::string compression = options.get_string_or("compression", "none");
  if (compression == "lz4_frame")
    c.compression = Compression::lz4_frame;
  else if (compression == "gzip")
    c.compression = Compression::gzip;
  else if (compression == "none")
    c.compression = Compression::none;
  else
    throw std::invalid_argument("option 'compression' = \"" + compression +
                                "\" is not one of: none, lz4_frame, gzip");
  c.label_state_poll = std::chrono::milliseconds(options.get_int_or("label_state_poll_ms", 1000));
  c.label_state_max_wait =
      std::chrono::milliseconds(options.get_int_or("label_state_max_wait_ms", 600000));
  return c;
}

std::string mask_password(const SinkConfig& config, std::string text) {
  constexpr std::size_t kMinMaskedSecret = 4;
  const std::string& secret = config.password;
  if (secret.size() < kMinMaskedSecret) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 6))
    text.replace(pos, secret.size(), "******");
  return text;
}

}  // namespace sluice::starrocks
