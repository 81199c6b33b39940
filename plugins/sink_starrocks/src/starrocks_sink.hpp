// StarRocks sink — one Stream Load attempt per load(): headers, optional compression, the FE's
// 307 to a BE (credentials sent again), FE failover on connection errors, classification of the
// answer, a wait on labels StarRocks reports as RUNNING, and the first lines of the error log.
#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include <sluice/host.hpp>
#include <sluice/sink.hpp>

#include "http_client.hpp"
#include "request_headers.hpp"
#include "sink_config.hpp"

namespace sluice::starrocks {

class StarRocksSink final : public Sink {
 public:
  StarRocksSink(SinkConfig config, Host host);
  LoadResult load(const LoadRequest& request) override;

 private:
  struct Sent {
    HttpResponse response;
    std::size_t fe = 0;       ///< index of the FE that took the request
    std::string answered_by;  ///< scheme://host:port of the last hop
    std::string failure;      ///< set when no usable answer arrived: why (retryable)
  };

  LoadResult attempt(const LoadRequest& request);
  Sent send(std::string_view table, const Headers& headers, std::string_view body,
            std::chrono::steady_clock::time_point deadline);
  std::string fetch_error_log(const std::string& url);
  void warn_overrides_once(std::string_view table, const MergedHeaders& merged);
  std::string scrub(std::string text) const;

  const SinkConfig config_;
  const Host host_;
  const Credentials credentials_;
  HandlePool pool_;
  std::atomic<std::size_t> next_fe_{0};
  std::mutex warned_mu_;
  std::set<std::pair<std::string, std::string>> warned_;
};

}  // namespace sluice::starrocks
