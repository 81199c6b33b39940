// StarRocks sink — the SDK's TransactionalSink (exactly-once) over the transaction client:
// StarRocks' answers mapped to what the engine's protocol needs (docs/delivery.md).
#pragma once

#include <sluice/sink.hpp>

#include "transaction_client.hpp"

namespace sluice::starrocks {

class StarRocksTransactions final : public TransactionalSink {
 public:
  StarRocksTransactions(const SinkConfig& config, Host host, HandlePool& pool, FeRouter& router);

  /// Rolls back a label that does not exist: StarRocks 2.4+ answers, an older one has no route.
  Status check() override;
  sluice::TxnResult begin(std::string_view table, std::string_view label) override;
  sluice::TxnResult load(std::string_view table, std::string_view label,
                         const LoadBody& chunk) override;
  sluice::TxnResult prepare(std::string_view table, std::string_view label) override;
  sluice::TxnResult commit(std::string_view table, std::string_view label) override;
  sluice::TxnResult rollback(std::string_view table, std::string_view label) override;
  sluice::TxnResult state(std::string_view table, std::string_view label) override;

 private:
  const SinkConfig& config_;
  TransactionClient client_;
};

/// StarRocks' label state ("PREPARED", "VISIBLE", ...) as the SDK names it.
TxnState txn_state_of(std::string_view starrocks_state);

}  // namespace sluice::starrocks
