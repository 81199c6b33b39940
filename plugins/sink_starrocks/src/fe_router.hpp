// StarRocks sink — one request to "the cluster": starts at the next FE (round-robin), moves on to
// the following FE while one cannot be reached, and follows the FE's 307 to a BE (or a follower's
// to the leader) with the credentials. Shared by Stream Load and the transaction interface.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include <sluice/host.hpp>

#include "http_client.hpp"
#include "sink_config.hpp"

namespace sluice::starrocks {

enum class HttpMethod { put, post };

struct Routed {
  HttpResponse response;
  std::size_t fe = 0;       ///< index of the FE that took the request
  std::string answered_by;  ///< scheme://host:port of the last hop
  /// Set when no usable answer arrived: why. The request may have reached a server (it was not
  /// just an unreachable FE) unless `unreached` is set.
  std::string failure;
  bool unreached = false;  ///< every FE was unreachable: no server saw the request
};

class FeRouter {
 public:
  /// Reads `config` at every request (it must outlive the router).
  FeRouter(const SinkConfig& config, Host host, HandlePool& pool);

  /// Sends `method` `path` (e.g. "/api/db/t/_stream_load") with `headers` and `body`, within
  /// `deadline` (`budget` names it in the failure, e.g. "load_timeout_ms (600000 ms)"). At most 3
  /// redirects. `fresh`: every hop on a new connection (see HttpRequest::fresh_connection).
  /// Thread-safe.
  Routed send(HttpMethod method, const std::string& path, const Headers& headers,
              std::string_view body, std::chrono::steady_clock::time_point deadline,
              std::string_view budget, bool fresh = false);

 private:
  const SinkConfig& config_;
  const Host host_;
  HandlePool& pool_;
  std::atomic<std::size_t> next_fe_{0};
};

/// "scheme://host:port" of a URL.
std::string origin_of(std::string_view url);

}  // namespace sluice::starrocks
