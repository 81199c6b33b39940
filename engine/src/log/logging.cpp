#include "log/logging.hpp"

#include <cstdio>
#include <mutex>
#include <shared_mutex>

#include <spdlog/sinks/base_sink.h>
#include <nlohmann/json.hpp>

namespace sluice::engine {

namespace {

std::shared_mutex secrets_mu;
std::vector<std::string> secrets_list;

class LineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit LineSink(LogFormat f) : format_(f) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string text = redact(std::string_view(msg.payload.data(), msg.payload.size()));
    auto secs =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    std::time_t t = static_cast<std::time_t>(secs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char ts[64];
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(secs % 1000));
    auto lvl = spdlog::level::to_string_view(msg.level);
    std::string line;
    if (format_ == LogFormat::json) {
      nlohmann::ordered_json j;
      j["ts"] = ts;
      j["level"] = std::string(lvl.data(), lvl.size());
      j["logger"] = std::string(msg.logger_name.data(), msg.logger_name.size());
      j["msg"] = text;
      line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    } else {
      line = std::string(ts) + " " + std::string(lvl.data(), lvl.size()) + " [" +
             std::string(msg.logger_name.data(), msg.logger_name.size()) + "] " + text + "\n";
    }
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }

 private:
  LogFormat format_;
};

}  // namespace

void setup_logging(LogFormat format, spdlog::level::level_enum level) {
  auto logger = std::make_shared<spdlog::logger>("sluice", std::make_shared<LineSink>(format));
  logger->set_level(level);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void add_secrets(const std::vector<std::string>& secrets) {
  std::unique_lock lock(secrets_mu);
  for (const auto& s : secrets)
    if (!s.empty()) secrets_list.push_back(s);
}

std::string redact(std::string_view text) {
  std::string out(text);
  std::shared_lock lock(secrets_mu);
  for (const auto& s : secrets_list)
    for (auto pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 6))
      out.replace(pos, s.size(), "******");
  return out;
}

}  // namespace sluice::engine
