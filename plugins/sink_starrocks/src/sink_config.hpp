// StarRocks sink — option declarations and the validated configuration they parse into.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <sluice/formatter.hpp>
#include <sluice/options.hpp>

namespace sluice::starrocks {

enum class Compression { none, lz4_frame, gzip };

struct SinkConfig {
  /// Normalised FE base URLs: "http://host:port" (scheme added when missing, no trailing '/').
  std::vector<std::string> fe_urls;
  std::string database;
  std::string username;
  std::string password;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds load_timeout{600000};
  /// Stream Load headers for every table (`sink.properties.*`), in file order.
  Headers properties;
  /// Per-table headers; they override `properties` key by key.
  std::map<std::string, Headers, std::less<>> table_properties;
  Compression compression = Compression::none;
  std::chrono::milliseconds label_state_poll{1000};
  std::chrono::milliseconds label_state_max_wait{600000};
  std::chrono::milliseconds error_log_timeout{3000};
  /// Exactly-once: begin's `timeout` and prepare's `prepared_timeout`; 0: StarRocks' defaults.
  std::chrono::seconds transaction_timeout{0};
  std::chrono::seconds prepared_timeout{0};
};

/// The declarations the host validates a [sink] table against.
std::vector<OptionSpec> option_specs();

/// Builds the configuration from validated options. Throws std::invalid_argument naming the
/// option for what declarations cannot express (a bad URL, a reserved header, a malformed
/// `tables` entry).
SinkConfig parse_config(const Options& options);

/// "host:port" → "http://host:port"; keeps http:// and https://, drops trailing slashes.
/// Throws std::invalid_argument for an empty entry or another scheme.
std::string normalise_fe_url(std::string_view entry);

/// Headers the sink sets itself, which properties may not set (case-insensitive).
bool is_reserved_header(std::string_view name);

std::string_view compression_name(Compression c) noexcept;

/// `text` with the configured password (4+ characters; shorter ones would mangle ordinary words)
/// replaced by "******", for messages and echoed responses.
std::string mask_password(const SinkConfig& config, std::string text);

}  // namespace sluice::starrocks
