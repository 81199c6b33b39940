// A small HTTP/1.1 server on plain sockets, one thread per connection.
// Why not cpp-httplib: the BE must decide per request whether to send `100 Continue` and read the
// body, answer before reading it, or drop the connection half way through the body (a fault);
// httplib reads the whole body before any handler runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace sluice_tools::http {

// Header names compare case-insensitively, as HTTP says.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;
  std::string target;  // path plus "?query" as sent
  std::string path;    // percent-decoded path
  std::string query;   // raw query string without '?'
  std::string version;
  HeaderMap headers;
  std::string peer_ip;

  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  std::string query_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  HeaderMap headers;
  std::string body;
};

// One request on one connection. A handler either answers at once (the body stays unread and the
// connection is closed), or reads the body first (sending `100 Continue` if the client waits).
class Exchange {
 public:
  Exchange(int fd, Request request, std::string already_read);

  const Request& request() const { return request_; }
  bool has_body() const;
  std::optional<std::uint64_t> content_length() const;
  // Reads the whole body. nullopt if the peer went away or the framing is broken.
  std::optional<std::string> read_body(std::uint64_t max_bytes);
  // Reads up to `bytes` of the body and then closes the connection without an answer.
  void drop_after(std::uint64_t bytes);
  void respond(Response response);
  // Closes the connection without an answer.
  void drop();

  bool responded() const { return responded_; }
  bool dropped() const { return dropped_; }
  bool keep_alive() const;
  std::string take_leftover() { return std::move(buffer_); }

 private:
  bool send_continue_if_expected();
  bool fill(std::size_t at_least);
  std::optional<std::string> read_chunked(std::uint64_t max_bytes);

  int fd_;
  Request request_;
  std::string buffer_;  // bytes read past the head
  bool continue_sent_ = false;
  bool body_read_ = false;
  bool responded_ = false;
  bool dropped_ = false;
  bool close_after_ = false;
};

using Handler = std::function<void(Exchange&)>;

class Server {
 public:
  Server(std::string host, std::uint16_t port, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws std::runtime_error with the address on failure.
  void start();
  void stop();
  std::uint16_t port() const { return bound_port_; }

 private:
  void accept_loop();
  void serve_connection(int fd, std::string peer_ip);

  std::string host_;
  std::uint16_t port_;
  std::uint16_t bound_port_ = 0;
  Handler handler_;
  int listen_fd_ = -1;
  std::atomic<bool> running_{false};
  std::thread accept_thread_;
  std::mutex connections_mutex_;
  std::map<int, std::thread> connections_;  // fd -> thread, fds shut down on stop()
  std::vector<std::thread> finished_;
};

std::string status_text(int status);
std::string url_decode(std::string_view text);

}  // namespace sluice_tools::http
