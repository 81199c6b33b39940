// StarRocks sink — a client of the Stream Load transaction interface (StarRocks 2.4+):
// `/api/transaction/{begin,load,prepare,commit,rollback}` and `get_load_state`, each call one
// attempt with an explicit result. Requests go through the shared FeRouter (FE round-robin,
// failover while an FE is unreachable, the FE's 307 followed with the credentials). When an answer
// is lost or not definitive, prepare, commit and rollback ask get_load_state what happened before
// they report. See README.md, "Transaction client".
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <sluice/formatter.hpp>
#include <sluice/host.hpp>

#include "fe_router.hpp"
#include "http_client.hpp"
#include "sink_config.hpp"

namespace sluice::starrocks {

enum class TxnCode {
  ok,                  ///< the step was done (rollback: also "was aborted already")
  already_committed,   ///< the label's transaction is committed (begin, prepare, commit, rollback)
  label_in_use,        ///< begin: a transaction with this label is open (PREPARE or PREPARED)
  not_found,           ///< no open transaction with this label (never begun, or forgotten)
  aborted,             ///< the label's transaction was aborted (timeout, rollback, failed step)
  retryable,           ///< transient: the same call may be made again (see outcome_unknown)
  permanent,           ///< a retry cannot fix it (access denied, unknown table, bad data)
  unsupported_server,  ///< no transaction interface (StarRocks before 2.4): HTTP 404
};

std::string_view txn_code_name(TxnCode code) noexcept;

struct TxnResult {
  TxnCode code = TxnCode::retryable;
  std::string message;  ///< what happened, in StarRocks' words where it gave some
  std::string status;   ///< StarRocks' "Status" ("OK", "FAILED", ...), empty when none came
  std::string state;    ///< state(): the label's state; others: the state a reconciliation read
  std::int64_t txn_id = -1;
  std::int64_t loaded_rows = 0;
  std::int64_t filtered_rows = 0;
  /// No definitive answer arrived and the server may have acted. For load, the rows may have
  /// been added: never load the same chunk into this transaction again (roll it back instead).
  bool outcome_unknown = false;
  std::string response;  ///< the raw answer
};

struct BeginOptions {
  std::chrono::seconds timeout{0};       ///< PREPARE -> PREPARED; 0: the server's default
  std::chrono::seconds idle_timeout{0};  ///< abort after this long without a load; 0: none
};

/// Thread-safe; calls for different labels may run at once. Calls for one label must not overlap
/// (StarRocks answers TXN_IN_PROCESSING).
class TransactionClient {
 public:
  TransactionClient(const SinkConfig& config, Host host, HandlePool& pool, FeRouter& router);

  TxnResult begin(std::string_view table, std::string_view label, const BeginOptions& options = {});
  /// Sends one chunk; the body's headers (format, ...) and the configured properties go with it.
  TxnResult load(std::string_view table, std::string_view label, const LoadBody& chunk);
  /// `prepared_timeout`: PREPARED -> COMMITTED (StarRocks 3.5.4+); 0: the server's default.
  TxnResult prepare(std::string_view table, std::string_view label,
                    std::chrono::seconds prepared_timeout = std::chrono::seconds(0));
  TxnResult commit(std::string_view table, std::string_view label);
  TxnResult rollback(std::string_view table, std::string_view label);
  /// get_load_state: code ok with `state` PREPARE, PREPARED, COMMITTED, VISIBLE, ABORTED or
  /// UNKNOWN; retryable when no FE answered; permanent when the credentials are refused.
  TxnResult state(std::string_view label);

 private:
  struct Answer;
  Answer call(std::string_view op, std::string_view table, std::string_view label, Headers extra,
              std::string_view body, HttpMethod method);
  TxnResult reconcile(TxnResult r, std::string_view op, std::string_view label);
  TxnResult finish(TxnResult r, std::string_view op, std::string_view table,
                   std::string_view label) const;

  const SinkConfig& config_;
  const Host host_;
  HandlePool& pool_;
  FeRouter& router_;
};

}  // namespace sluice::starrocks
