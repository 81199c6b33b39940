// The resolved pipeline: every table of the pipeline file checked, defaults filled, plugins found.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <sluice/loader.hpp>

#include "config/source_map.hpp"
#include "config/toml_reader.hpp"
#include "plugin_host/plugin_registry.hpp"

namespace sluice::engine {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

/// One plugin as the pipeline uses it.
struct PluginUse {
  std::string name;
  PluginKind kind = PluginKind::converter;
  std::shared_ptr<const PluginLibrary> library;
  const PluginDescriptor* descriptor = nullptr;
  Options options;  // validated, defaults filled
  KeyPath table;    // where it was configured, e.g. {"transforms", "[0]"}
};

struct SourceSettings {
  std::string bootstrap_servers;
  std::vector<std::string> topics;
  std::string topics_regex;
  std::string group_id;
  std::string start_offset;  // earliest | latest
  StringPairs librdkafka;    // verbatim properties
  PluginUse key;
  PluginUse value;
};

// Defaults are declared once, with the options (pipeline.cpp); these fields only carry them.

struct SinkSettings {
  PluginUse plugin;
  StringPairs topic_to_table;
  std::int64_t buffer_max_bytes = 0;
  std::int64_t flush_interval_ms = 0;
  std::int64_t retry_backoff_ms = 0;
  std::int64_t retry_backoff_max_ms = 0;
  std::int64_t max_retries = 0;           // -1: retry without limit
  std::int64_t max_concurrent_loads = 0;  // resolved: never 0
};

struct ErrorSettings {
  std::string tolerance;  // none | all
  std::string dead_letter_topic;
  bool dead_letter_context_headers = false;
  std::int64_t log_max_per_second = 0;
};

struct Pipeline {
  std::filesystem::path file;
  std::string name;
  std::int64_t workers = 0;
  bool exactly_once = false;  // delivery = "exactly_once"
  std::vector<std::string> plugin_path;
  SourceSettings source;
  std::vector<PluginUse> transforms;
  PluginUse formatter;
  SinkSettings sink;
  ErrorSettings errors;
  std::string http_listen;  // empty: no HTTP server
  std::int64_t health_outage_ms = 0;

  /// Every secret value of the pipeline (passwords, SASL), for log redaction.
  std::vector<std::string> secrets() const;
  /// The resolved pipeline as TOML, secrets replaced by "******".
  std::string to_toml() const;
};

/// Reads and checks a pipeline file. `registry` is discovered from the file's own plugin_path
/// (see load_pipeline). Throws ConfigError listing every problem found, each with file:line:column.
Pipeline resolve_pipeline(const TomlDocument& doc, const PluginRegistry& registry);

/// The whole sequence: read the file, find plugins on the path, resolve.
struct LoadedPipeline {
  PluginRegistry registry;
  Pipeline pipeline;
};
LoadedPipeline load_pipeline(const std::filesystem::path& file,
                             const EnvLookup& env = process_environment());

}  // namespace sluice::engine
