// sluice SDK — errors as values.
#pragma once

#include <string>
#include <utility>

namespace sluice {

/// What went wrong, and therefore what the engine does next.
enum class Errc {
  ok = 0,
  /// The record itself is bad (cannot be decoded, transformed or formatted). The engine applies
  /// `errors.tolerance`: stop the pipeline, or dead-letter the record and go on.
  bad_record,
  /// A transient failure (destination busy, connection refused, timeout). The engine retries the
  /// same work later with backoff; nothing is lost or committed meanwhile.
  retryable,
  /// A failure that retrying will not fix (access denied, unknown table, too many filtered rows).
  permanent,
  /// Invalid configuration, detected when a plugin instance is created.
  config,
};

/// Name of an error code, for logs and metrics labels.
constexpr const char* errc_name(Errc c) noexcept {
  switch (c) {
    case Errc::ok:
      return "ok";
    case Errc::bad_record:
      return "bad_record";
    case Errc::retryable:
      return "retryable";
    case Errc::permanent:
      return "permanent";
    case Errc::config:
      return "config";
  }
  return "unknown";
}

/// Result of a plugin call: a code and, on failure, a message meant for the user. Plugins put the
/// cause in the message (the destination's own words, the field, the expected type); the engine
/// adds where it happened (topic, partition, offset, stage).
class Status {
 public:
  Status() = default;
  Status(Errc code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  static Status bad_record(std::string m) { return {Errc::bad_record, std::move(m)}; }
  static Status retryable(std::string m) { return {Errc::retryable, std::move(m)}; }
  static Status permanent(std::string m) { return {Errc::permanent, std::move(m)}; }
  static Status config(std::string m) { return {Errc::config, std::move(m)}; }

  bool is_ok() const noexcept { return code_ == Errc::ok; }
  explicit operator bool() const noexcept { return is_ok(); }
  Errc code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }

 private:
  Errc code_ = Errc::ok;
  std::string message_;
};

}  // namespace sluice
