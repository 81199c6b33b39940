// Options every schema-registry converter shares, and the settings they parse into.
#pragma once

#include <string>
#include <vector>

#include <sluice/options.hpp>

namespace sluice::registry {

struct RegistryConfig {
  /// Base URLs, tried in order when one is unreachable (Confluent accepts a comma list too).
  std::vector<std::string> urls;
  /// "user:password" for HTTP Basic auth (Confluent's basic.auth.user.info); empty: none.
  std::string user_info;
  /// PEM file of CA certificates for https URLs; empty: the system's.
  std::string ssl_ca_location;
  bool ssl_verify = true;
  long timeout_ms = 10000;

  /// Identifies the registry and credentials, so instances sharing them share one schema cache.
  std::string cache_key() const;
};

/// The option declarations (schema_registry_url, ..._basic_auth_user_info, ...).
std::vector<OptionSpec> registry_option_specs();
/// Reads them; throws std::invalid_argument naming the option for a bad URL or user info.
RegistryConfig parse_registry_options(const Options& options);

/// `url` without any "user:password@" part, for messages and logs.
std::string redact_url(const std::string& url);

}  // namespace sluice::registry
