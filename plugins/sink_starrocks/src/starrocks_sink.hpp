// StarRocks sink — one Stream Load attempt per load(): headers, optional compression, the FE's
// 307 to a BE (credentials sent again), FE failover on connection errors, classification of the
// answer, a wait on labels StarRocks reports as RUNNING, and the first lines of the error log.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include <sluice/host.hpp>
#include <sluice/sink.hpp>

#include "fe_router.hpp"
#include "http_client.hpp"
#include "request_headers.hpp"
#include "sink_config.hpp"
#include "starrocks_transactions.hpp"

namespace sluice::starrocks {

class StarRocksSink final : public Sink {
 public:
  StarRocksSink(SinkConfig config, Host host);
  LoadResult load(const LoadRequest& request) override;
  TransactionalSink* transactions() noexcept override { return &transactions_; }

 private:
  LoadResult attempt(const LoadRequest& request);
  std::string fetch_error_log(const std::string& url);
  void warn_overrides_once(std::string_view table, const std::vector<HeaderOverride>& overrides);
  std::string scrub(std::string text) const;

  const SinkConfig config_;
  const Host host_;
  HandlePool pool_;
  FeRouter router_;
  StarRocksTransactions transactions_;
  std::mutex warned_mu_;
  std::set<std::pair<std::string, std::string>> warned_;
};

}  // namespace sluice::starrocks
