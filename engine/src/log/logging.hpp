// Engine logging: one line per event on stderr, as text or JSON, with secrets redacted.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/spdlog.h>

namespace sluice::engine {

enum class LogFormat { text, json };

/// Installs the default logger. Safe to call again (e.g. once the pipeline's secrets are known).
void setup_logging(LogFormat format, spdlog::level::level_enum level);

/// Every later log line has each of these values replaced by "******" (passwords, SASL secrets),
/// whatever logged it: the engine, a plugin or librdkafka.
void add_secrets(const std::vector<std::string>& secrets);

/// `text` with every registered secret replaced; used for messages that leave by other routes
/// (error output, /status).
std::string redact(std::string_view text);

}  // namespace sluice::engine
