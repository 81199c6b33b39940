#include "sluice_registry/registry_options.hpp"

#include <stdexcept>

namespace sluice::registry {

std::vector<OptionSpec> registry_option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back(OptionSpec("schema_registry_url", OptionType::string,
                             "Confluent-compatible schema registry URL, or several separated by "
                             "commas (Connect's value.converter.schema.registry.url)")
                      .mandatory());
  specs.push_back(OptionSpec("schema_registry_basic_auth_user_info", OptionType::string,
                             "\"user:password\" for HTTP Basic auth to the registry "
                             "(Connect's basic.auth.user.info)")
                      .is_secret());
  specs.push_back(OptionSpec("schema_registry_ssl_ca_location", OptionType::string,
                             "PEM file with the CA certificates that sign the registry's "
                             "certificate (https); default: the system's CAs"));
  specs.push_back(OptionSpec("schema_registry_ssl_verify", OptionType::boolean,
                             "verify the registry's TLS certificate and host name")
                      .with_default(true));
  specs.push_back(OptionSpec("schema_registry_timeout_ms", OptionType::integer,
                             "timeout of one registry request, connection included")
                      .with_default(10000)
                      .range(1, 600000));
  return specs;
}

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '/')) s.pop_back();
  return s;
}

}  // namespace

RegistryConfig parse_registry_options(const Options& options) {
  RegistryConfig c;
  const std::string list = options.get_string("schema_registry_url");
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    std::string url =
        trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!url.empty()) {
      if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw std::invalid_argument("option 'schema_registry_url': '" + redact_url(url) +
                                    "' is not an http:// or https:// URL");
      c.urls.push_back(std::move(url));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (c.urls.empty()) throw std::invalid_argument("option 'schema_registry_url' names no URL");
  c.user_info = options.get_string_or("schema_registry_basic_auth_user_info", "");
  if (!c.user_info.empty() && c.user_info.find(':') == std::string::npos)
    throw std::invalid_argument(
        "option 'schema_registry_basic_auth_user_info' must be \"user:password\"");
  c.ssl_ca_location = options.get_string_or("schema_registry_ssl_ca_location", "");
  c.ssl_verify = options.get_bool_or("schema_registry_ssl_verify", true);
  c.timeout_ms = static_cast<long>(options.get_int_or("schema_registry_timeout_ms", 10000));
  return c;
}

std::string RegistryConfig::cache_key() const {
  std::string key;
  for (const auto& u : urls) key += u + ",";
  // The credentials are part of the identity (another user may see other schemas); the key
  // never leaves the process.
  key += "\n" + user_info;
  return key;
}

std::string redact_url(const std::string& url) {
  const std::size_t scheme = url.find("://");
  const std::size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const std::size_t at = url.find('@', host_start);
  const std::size_t slash = url.find('/', host_start);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  return url.substr(0, host_start) + "***@" + url.substr(at + 1);
}

}  // namespace sluice::registry
