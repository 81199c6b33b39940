// StarRocks sink — a small libcurl wrapper: one PUT or GET on a pooled easy handle, with the
// outcome described well enough to choose between "try another FE" and "report".
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/formatter.hpp>

namespace sluice::starrocks {

/// Calls curl_global_init once per process (never cleaned up: the host may use libcurl too).
void ensure_curl_initialised();

struct Credentials {
  std::string_view username;
  std::string_view password;
};

struct HttpRequest {
  std::string url;
  Headers headers;                           ///< sent as given, in order
  std::string_view body;                     ///< PUT and POST only
  const Credentials* credentials = nullptr;  ///< Basic auth when set
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds timeout{60000};  ///< the whole exchange
  bool follow_redirects = false;             ///< GET only; credentials go to the new host too
  /// A new connection, never a kept-alive one: libcurl resends a request on its own when a reused
  /// connection closes before any answer, which must not happen to a step that is not idempotent
  /// (a transaction load would add its rows twice).
  bool fresh_connection = false;
  std::size_t max_response_bytes = 4 << 20;  ///< the rest of a longer answer is dropped
};

struct HttpResponse {
  long status = 0;  ///< 0: no HTTP answer arrived
  std::string body;
  std::string location;           ///< target of a 3xx answer, resolved against the request URL
  std::string error;              ///< libcurl's words when the exchange failed; empty otherwise
  bool transport_failed = false;  ///< no complete answer (refused, reset, timeout, ...)
  bool timed_out = false;
  /// The request never reached a server that could have read the body: refused, unresolvable,
  /// connect timeout, or (not for POST, which acts on its headers) a connection closed before
  /// any answer with no body byte sent.
  bool unreached = false;
  bool truncated = false;  ///< the answer was longer than max_response_bytes
  std::size_t body_bytes_sent = 0;
};

/// Easy handles kept for reuse, so that connections (keep-alive to BEs) and DNS entries survive
/// between loads. Thread-safe; each lease is used by one thread at a time.
class HandlePool {
 public:
  class Lease;
  HandlePool();
  ~HandlePool();
  HandlePool(const HandlePool&) = delete;
  HandlePool& operator=(const HandlePool&) = delete;

  Lease acquire();

  HttpResponse put(Lease& lease, const HttpRequest& request);
  /// POST with `request.body` (may be empty), as the transaction interface takes begin, prepare,
  /// commit and rollback.
  HttpResponse post(Lease& lease, const HttpRequest& request);
  HttpResponse get(Lease& lease, const HttpRequest& request);

 private:
  struct Handle;
  void release(std::unique_ptr<Handle> handle);

  std::mutex mu_;
  std::vector<std::unique_ptr<Handle>> idle_;
};

class HandlePool::Lease {
 public:
  Lease(HandlePool* pool, std::unique_ptr<Handle> handle);
  Lease(Lease&&) noexcept;
  Lease& operator=(Lease&&) = delete;
  ~Lease();
  Handle& handle() { return *handle_; }

 private:
  HandlePool* pool_;
  std::unique_ptr<Handle> handle_;
};

/// Percent-encodes everything but RFC 3986 unreserved characters (for path segments and queries).
std::string url_encode(std::string_view text);

}  // namespace sluice::starrocks
