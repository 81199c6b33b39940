#include "starrocks_transactions.hpp"

#include <chrono>

namespace sluice::starrocks {

namespace {

enum class Step { begin, load, prepare, commit, rollback };

// What each client code means for the step, in the SDK's terms. A transaction that vanished or
// was aborted before prepare is retryable (the engine starts a new one under a new label); after
// the decision it is permanent (the engine must not pretend it committed).
sluice::TxnResult convert(starrocks::TxnResult r, Step step) {
  sluice::TxnResult out;
  out.state = txn_state_of(r.state);
  out.outcome_unknown = r.outcome_unknown;
  out.loaded_rows = r.loaded_rows;
  out.filtered_rows = r.filtered_rows;
  out.response = std::move(r.response);
  auto fail = [&](Errc e) { out.status = Status(e, std::move(r.message)); };
  switch (r.code) {
    case TxnCode::ok:
      break;
    case TxnCode::already_committed:
      if (step == Step::commit) break;
      fail(Errc::permanent);
      break;
    case TxnCode::label_in_use:
      fail(Errc::permanent);
      break;
    case TxnCode::not_found:
    case TxnCode::aborted:
      if (step == Step::rollback) break;  // nothing to roll back
      fail(step == Step::commit || step == Step::begin ? Errc::permanent : Errc::retryable);
      break;
    case TxnCode::retryable:
      fail(Errc::retryable);
      break;
    case TxnCode::permanent:
      fail(Errc::permanent);
      break;
    case TxnCode::unsupported_server:
      out.status = Status::permanent(
          "StarRocks has no transaction interface (it needs 2.4 or later): " + r.message);
      break;
  }
  return out;
}

}  // namespace

TxnState txn_state_of(std::string_view s) {
  if (s == "PREPARE") return TxnState::open;
  if (s == "PREPARED") return TxnState::prepared;
  if (s == "COMMITTED" || s == "VISIBLE") return TxnState::committed;
  if (s == "ABORTED") return TxnState::aborted;
  return TxnState::unknown;
}

StarRocksTransactions::StarRocksTransactions(const SinkConfig& config, Host host, HandlePool& pool,
                                             FeRouter& router)
    : config_(config), client_(config, std::move(host), pool, router) {}

Status StarRocksTransactions::check() {
  auto r = client_.rollback("", "sluice-transaction-interface-check");
  if (r.code == TxnCode::unsupported_server)
    return Status::permanent("StarRocks has no transaction interface (it needs 2.4 or later): " +
                             r.message);
  if (r.code == TxnCode::retryable) return Status::retryable(r.message);
  if (r.code == TxnCode::permanent) return Status::permanent(r.message);
  return {};
}

sluice::TxnResult StarRocksTransactions::begin(std::string_view table, std::string_view label) {
  BeginOptions o;
  o.timeout = config_.transaction_timeout;
  return convert(client_.begin(table, label, o), Step::begin);
}

sluice::TxnResult StarRocksTransactions::load(std::string_view table, std::string_view label,
                                              const LoadBody& chunk) {
  return convert(client_.load(table, label, chunk), Step::load);
}

sluice::TxnResult StarRocksTransactions::prepare(std::string_view table, std::string_view label) {
  return convert(client_.prepare(table, label, config_.prepared_timeout), Step::prepare);
}

sluice::TxnResult StarRocksTransactions::commit(std::string_view table, std::string_view label) {
  return convert(client_.commit(table, label), Step::commit);
}

sluice::TxnResult StarRocksTransactions::rollback(std::string_view table, std::string_view label) {
  return convert(client_.rollback(table, label), Step::rollback);
}

sluice::TxnResult StarRocksTransactions::state(std::string_view, std::string_view label) {
  auto r = client_.state(label);
  sluice::TxnResult out;
  out.response = r.response;
  if (r.code == TxnCode::ok)
    out.state = txn_state_of(r.state);
  else
    out.status = Status(r.code == TxnCode::permanent ? Errc::permanent : Errc::retryable,
                        std::move(r.message));
  return out;
}

}  // namespace sluice::starrocks
