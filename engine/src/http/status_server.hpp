// The [http] server: /metrics (Prometheus text), /health (200 or 503 with a reason), /status
// (JSON).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <sluice/record.hpp>

namespace httplib {
class Server;
}

namespace sluice::engine {

class StatusServer {
 public:
  struct Handlers {
    std::function<std::string()> metrics;
    /// Empty string: healthy; otherwise the reason for 503.
    std::function<std::string()> health_problem;
    std::function<Value()> status;
  };

  /// Listens on "host:port" (port 0: any). Throws std::runtime_error when it cannot bind.
  StatusServer(const std::string& listen, Handlers handlers);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;
  int port() const noexcept { return port_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace sluice::engine
