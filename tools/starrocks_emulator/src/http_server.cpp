#include "http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace sluice_tools::http {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::optional<Request> parse_head(std::string_view head, std::string peer_ip) {
  Request req;
  req.peer_ip = std::move(peer_ip);
  auto line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  auto sp1 = line.find(' ');
  auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return std::nullopt;
  req.method = std::string(line.substr(0, sp1));
  req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  req.version = std::string(line.substr(sp2 + 1));
  auto q = req.target.find('?');
  req.path = url_decode(std::string_view(req.target).substr(0, q));
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  std::string_view rest = line_end == std::string_view::npos ? "" : head.substr(line_end + 2);
  while (!rest.empty()) {
    auto e = rest.find("\r\n");
    std::string_view h = rest.substr(0, e);
    rest = e == std::string_view::npos ? "" : rest.substr(e + 2);
    if (h.empty()) continue;
    auto colon = h.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    req.headers[std::string(trim(h.substr(0, colon)))] = std::string(trim(h.substr(colon + 1)));
  }
  return req;
}

// Closing a socket with unread input makes the kernel send RST, and the client may then lose the
// answer we just wrote. So: half-close, then read and discard until the client closes (bounded).
void linger_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  timeval tv{0, 200 * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char sink[16 * 1024];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (std::chrono::steady_clock::now() < deadline) {
    ssize_t n = ::recv(fd, sink, sizeof sink, 0);
    if (n == 0) return;
    if (n < 0 && errno != EINTR) return;
  }
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](unsigned char x, unsigned char y) { return std::tolower(x) < std::tolower(y); });
}

std::string Request::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

bool Request::has_header(std::string_view name) const {
  return headers.find(name) != headers.end();
}

std::string Request::query_param(std::string_view name) const {
  std::string_view q = query;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view kv = q.substr(0, amp);
    q = amp == std::string_view::npos ? "" : q.substr(amp + 1);
    auto eq = kv.find('=');
    if (url_decode(kv.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : url_decode(kv.substr(eq + 1));
    }
  }
  return {};
}

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int v = 0;
      auto r = std::from_chars(text.data() + i + 1, text.data() + i + 3, v, 16);
      if (r.ec == std::errc() && r.ptr == text.data() + i + 3) {
        out.push_back(static_cast<char>(v));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

std::string status_text(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 307:
      return "Temporary Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 500:
      return "Internal Server Error";
    default:
      return "Status";
  }
}

Exchange::Exchange(int fd, Request request, std::string already_read)
    : fd_(fd), request_(std::move(request)), buffer_(std::move(already_read)) {}

std::optional<std::uint64_t> Exchange::content_length() const {
  auto it = request_.headers.find("Content-Length");
  if (it == request_.headers.end()) return std::nullopt;
  std::uint64_t v = 0;
  auto r = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (r.ec != std::errc()) return std::nullopt;
  return v;
}

bool Exchange::has_body() const {
  if (lower(request_.header("Transfer-Encoding")).find("chunked") != std::string::npos) return true;
  auto len = content_length();
  return len && *len > 0;
}

bool Exchange::keep_alive() const {
  if (close_after_ || dropped_) return false;
  if (has_body() && !body_read_) return false;
  std::string conn = lower(request_.header("Connection"));
  if (conn == "close") return false;
  if (request_.version == "HTTP/1.0" && conn != "keep-alive") return false;
  return true;
}

bool Exchange::send_continue_if_expected() {
  if (continue_sent_) return true;
  continue_sent_ = true;
  if (lower(request_.header("Expect")) != "100-continue") return true;
  return send_all(fd_, "HTTP/1.1 100 Continue\r\n\r\n");
}

bool Exchange::fill(std::size_t at_least) {
  // Receive straight into the buffer, sized once for what is awaited (a load body is tens of MiB:
  // no bounce through a small chunk, no doubling).
  std::size_t have = buffer_.size();
  if (have >= at_least) return true;
  buffer_.resize(std::max(at_least, have + 64 * 1024));
  while (have < at_least) {
    ssize_t n = ::recv(fd_, buffer_.data() + have, buffer_.size() - have, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      buffer_.resize(have);
      return false;
    }
    have += static_cast<std::size_t>(n);
  }
  buffer_.resize(have);
  return true;
}

std::optional<std::string> Exchange::read_chunked(std::uint64_t max_bytes) {
  std::string body;
  std::size_t pos = 0;
  for (;;) {
    std::size_t eol;
    while ((eol = buffer_.find("\r\n", pos)) == std::string::npos) {
      if (!fill(buffer_.size() + 1)) return std::nullopt;
    }
    std::uint64_t size = 0;
    auto r = std::from_chars(buffer_.data() + pos, buffer_.data() + eol, size, 16);
    if (r.ec != std::errc()) return std::nullopt;
    pos = eol + 2;
    if (size == 0) {
      // Trailers end with an empty line.
      for (;;) {
        while ((eol = buffer_.find("\r\n", pos)) == std::string::npos) {
          if (!fill(buffer_.size() + 1)) return std::nullopt;
        }
        bool empty = eol == pos;
        pos = eol + 2;
        if (empty) break;
      }
      buffer_.erase(0, pos);
      return body;
    }
    if (body.size() + size > max_bytes) return std::nullopt;
    if (!fill(pos + size + 2)) return std::nullopt;
    body.append(buffer_, pos, size);
    pos += size + 2;
  }
}

std::optional<std::string> Exchange::read_body(std::uint64_t max_bytes) {
  if (body_read_) return std::string();
  if (!send_continue_if_expected()) return std::nullopt;
  body_read_ = true;
  if (lower(request_.header("Transfer-Encoding")).find("chunked") != std::string::npos) {
    auto body = read_chunked(max_bytes);
    if (!body) close_after_ = true;
    return body;
  }
  std::uint64_t len = content_length().value_or(0);
  if (len > max_bytes || !fill(len)) {
    close_after_ = true;
    return std::nullopt;
  }
  if (buffer_.size() == len) return std::exchange(buffer_, std::string());  // no copy
  std::string body = buffer_.substr(0, len);
  buffer_.erase(0, len);
  return body;
}

void Exchange::drop_after(std::uint64_t bytes) {
  send_continue_if_expected();
  fill(bytes);
  drop();
}

void Exchange::drop() {
  dropped_ = true;
  responded_ = true;
  ::shutdown(fd_, SHUT_RDWR);
}

void Exchange::respond(Response response) {
  if (responded_) return;
  responded_ = true;
  bool close = !keep_alive() || lower(response.headers["Connection"]) == "close";
  if (close) {
    close_after_ = true;
    response.headers["Connection"] = "close";
  } else {
    response.headers.erase("Connection");
  }
  std::string out =
      "HTTP/1.1 " + std::to_string(response.status) + " " + status_text(response.status) + "\r\n";
  response.headers["Content-Length"] = std::to_string(response.body.size());
  for (const auto& [k, v] : response.headers) out += k + ": " + v + "\r\n";
  out += "\r\n";
  out += response.body;
  if (!send_all(fd_, out)) close_after_ = true;
}

Server::Server(std::string host, std::uint16_t port, Handler handler)
    : host_(std::move(host)), port_(port), handler_(std::move(handler)) {}

Server::~Server() {
  stop();
}

void Server::start() {
  if (running_) return;
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket(): ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error("not an IPv4 address: " + host_);
  }
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0) {
    std::string err = std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    throw std::runtime_error("cannot listen on " + host_ + ":" + std::to_string(port_) + ": " +
                             err);
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  bound_port_ = ntohs(addr.sin_port);
  running_ = true;
  accept_thread_ = std::thread([this] { accept_loop(); });
}

void Server::stop() {
  if (!running_.exchange(false)) return;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (accept_thread_.joinable()) accept_thread_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  std::vector<std::thread> to_join;
  {
    std::lock_guard lock(connections_mutex_);
    for (auto& [fd, thread] : connections_) {
      ::shutdown(fd, SHUT_RDWR);
      to_join.push_back(std::move(thread));
    }
    connections_.clear();
    for (auto& t : finished_) to_join.push_back(std::move(t));
    finished_.clear();
  }
  for (auto& t : to_join) {
    if (t.joinable()) t.join();
  }
}

void Server::accept_loop() {
  while (running_) {
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;  // listening socket shut down by stop()
    }
    char ip[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::vector<std::thread> done;
    std::lock_guard lock(connections_mutex_);
    if (!running_) {
      ::close(fd);
      break;
    }
    done.swap(finished_);
    connections_.emplace(
        fd, std::thread([this, fd, peer_ip = std::string(ip)] { serve_connection(fd, peer_ip); }));
    // Threads that already ended: join outside nothing critical, they are done.
    for (auto& t : done) t.join();
  }
}

void Server::serve_connection(int fd, std::string peer_ip) {
  std::string buffer;
  bool open = true;
  while (open && running_) {
    std::size_t head_end;
    char chunk[16 * 1024];
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > kMaxHeadBytes) break;
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    if (head_end == std::string::npos) break;
    auto request = parse_head(std::string_view(buffer).substr(0, head_end), peer_ip);
    std::string rest = buffer.substr(head_end + 4);
    buffer.clear();
    if (!request) {
      Exchange bad(fd, Request{}, "");
      bad.respond({400, {}, "bad request\n"});
      break;
    }
    Exchange exchange(fd, std::move(*request), std::move(rest));
    try {
      handler_(exchange);
    } catch (const std::exception& e) {
      exchange.respond({500, {}, std::string("internal error: ") + e.what() + "\n"});
    }
    if (!exchange.responded()) exchange.respond({500, {}, "no answer\n"});
    if (exchange.dropped()) {
      open = false;
      break;
    }
    if (!exchange.keep_alive()) break;
    buffer = exchange.take_leftover();
  }
  if (open) linger_close(fd);
  std::lock_guard lock(connections_mutex_);
  auto it = connections_.find(fd);
  if (it != connections_.end()) {
    finished_.push_back(std::move(it->second));
    connections_.erase(it);
  }
  ::close(fd);
}

}  // namespace sluice_tools::http
