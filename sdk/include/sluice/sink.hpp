// sluice SDK — sink plugins: one finished batch → the destination.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sluice/formatter.hpp"
#include "sluice/status.hpp"

namespace sluice {

/// One batch for one table. The engine derives the label from the pipeline, the table and the
/// batch's offsets, so a retried batch carries the same label (the destination deduplicates).
struct LoadRequest {
  std::string_view table;
  std::string_view label;
  const LoadBody& body;
};

/// What the destination said.
struct LoadResult {
  /// ok (loaded, or loaded before under this label), retryable (the engine retries the same
  /// request with backoff) or permanent (the engine applies errors.tolerance). The message is the
  /// destination's own words, with the first lines of its error log when it has one.
  Status status;
  std::int64_t loaded_rows = 0;
  std::int64_t filtered_rows = 0;    ///< rejected by the destination within its tolerance
  std::int64_t unselected_rows = 0;  ///< left out by a `where` filter
  bool already_loaded = false;       ///< this label had been loaded before (a replay)
  std::string error_url;             ///< where the destination keeps rejected rows, if any
  std::string response;              ///< the raw response, for logs and /status
};

/// The state of a transaction, as the destination keeps it under its label.
enum class TxnState {
  unknown,    ///< no transaction has (or any longer has) this label
  open,       ///< begun, not prepared: it may still take loads (StarRocks: PREPARE)
  prepared,   ///< durable but invisible, waiting for commit or rollback (PREPARED)
  committed,  ///< committed: its rows are (or will be, once published) visible (COMMITTED, VISIBLE)
  aborted,    ///< rolled back, by a call or by the destination (timeout)
};

constexpr const char* txn_state_name(TxnState s) noexcept {
  switch (s) {
    case TxnState::unknown:
      return "unknown";
    case TxnState::open:
      return "open";
    case TxnState::prepared:
      return "prepared";
    case TxnState::committed:
      return "committed";
    case TxnState::aborted:
      return "aborted";
  }
  return "unknown";
}

/// What one transactional call did.
struct TxnResult {
  /// ok: the step is done (see each call); retryable: the engine may try again (after a failed
  /// load it rolls back and starts a new transaction instead); permanent: a retry cannot fix it.
  Status status;
  /// state(): the label's state. Other calls: the state the destination reported, or `unknown`.
  TxnState state = TxnState::unknown;
  /// No definitive answer arrived and the destination may have acted. After a load this means
  /// the chunk may or may not be in the transaction: the engine never loads into it again.
  bool outcome_unknown = false;
  std::int64_t loaded_rows = 0;
  std::int64_t filtered_rows = 0;
  std::string response;  ///< the raw answer, for logs and /status
};

/// Transactions for exactly-once delivery (`delivery = "exactly_once"`, see docs/delivery.md).
/// One label names one transaction on one table. For one table, the engine never overlaps calls
/// and makes them in this order: begin, load (one or more chunks), prepare, then later commit; or
/// rollback at any point. Calls for different tables may run in parallel. Every call is one
/// attempt; the engine owns retries. Each call must be idempotent on its label:
///  - begin of a label already begun: permanent is fine (the engine uses a new label);
///  - prepare of a prepared label, commit of a committed one, rollback of an aborted (or unknown)
///    one: ok;
///  - commit: ok means durable; a destination that committed but has not yet made the rows
///    visible (StarRocks' "Publish Timeout") answers ok.
/// Success of prepare means the loaded rows survive a crash of the destination and of the
/// engine, and stay invisible until commit.
class TransactionalSink {
 public:
  virtual ~TransactionalSink() = default;
  /// Called once before any other call: ok when the destination supports transactions; permanent
  /// (with the reason, e.g. "StarRocks before 2.4 has no transaction interface") when not.
  virtual Status check() = 0;
  virtual TxnResult begin(std::string_view table, std::string_view label) = 0;
  virtual TxnResult load(std::string_view table, std::string_view label, const LoadBody& chunk) = 0;
  virtual TxnResult prepare(std::string_view table, std::string_view label) = 0;
  virtual TxnResult commit(std::string_view table, std::string_view label) = 0;
  virtual TxnResult rollback(std::string_view table, std::string_view label) = 0;
  /// Asks what became of `label` (after a crash, or an answer that did not come).
  virtual TxnResult state(std::string_view table, std::string_view label) = 0;
};

/// Loads batches. Calls for different tables may run in parallel on one instance; calls for one
/// table never overlap and come in consumption order. load() blocks until the destination answers
/// (or a timeout); the engine owns retries, so a sink makes one attempt per call (it may follow
/// redirects and poll an in-flight label within that attempt).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual LoadResult load(const LoadRequest& request) = 0;
  /// The sink's transactions, owned by the sink and living as long as it; nullptr (the default)
  /// when it has none, and then `delivery = "exactly_once"` refuses it. Since ABI 3.
  virtual TransactionalSink* transactions() noexcept { return nullptr; }
};

}  // namespace sluice
