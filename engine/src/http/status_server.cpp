#include "http/status_server.hpp"

#include <httplib.h>

#include <chrono>
#include <stdexcept>

namespace sluice::engine {

StatusServer::StatusServer(const std::string& listen, Handlers h)
    : server_(std::make_unique<httplib::Server>()) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("[http] listen must be host:port, not '" + listen + "'");
  std::string host = listen.substr(0, colon);
  int port = std::stoi(listen.substr(colon + 1));
  server_->Get("/metrics", [h](const httplib::Request&, httplib::Response& res) {
    res.set_content(h.metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/health", [h](const httplib::Request&, httplib::Response& res) {
    std::string problem = h.health_problem();
    res.status = problem.empty() ? 200 : 503;
    Value body = {{"status", problem.empty() ? "ok" : "unavailable"}};
    if (!problem.empty()) body["reason"] = problem;
    res.set_content(body.dump() + "\n", "application/json");
  });
  server_->Get("/status", [h](const httplib::Request&, httplib::Response& res) {
    res.set_content(h.status().dump(2) + "\n", "application/json");
  });
  if (port == 0) {
    port_ = server_->bind_to_any_port(host);
  } else {
    port_ = server_->bind_to_port(host, port) ? port : -1;
  }
  if (port_ <= 0) throw std::runtime_error("[http] cannot listen on " + listen);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() before its loop runs is lost and the loop then never ends: wait for it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->is_running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

StatusServer::~StatusServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace sluice::engine
