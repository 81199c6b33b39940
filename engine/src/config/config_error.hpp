// A configuration problem, reported with the file position that caused it. Exit code 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace sluice::engine {

class ConfigError : public std::runtime_error {
 public:
  /// `messages`: one or more complete lines, each already prefixed with "file:line:column: ".
  explicit ConfigError(std::vector<std::string> messages)
      : std::runtime_error(join(messages)), messages_(std::move(messages)) {}
  explicit ConfigError(std::string message)
      : ConfigError(std::vector<std::string>{std::move(message)}) {}
  const std::vector<std::string>& messages() const noexcept { return messages_; }

 private:
  static std::string join(const std::vector<std::string>& m) {
    std::string s;
    for (const auto& line : m) s += (s.empty() ? "" : "\n") + line;
    return s;
  }
  std::vector<std::string> messages_;
};

}  // namespace sluice::engine
