// The transaction steps of exactly-once delivery (docs/delivery.md, "Exactly-once: the
// protocol"), run by the load scheduler like loads: one table's steps one after another, retries
// on its timers.
#include <spdlog/spdlog.h>

#include "log/logging.hpp"
#include "run/load_scheduler.hpp"

namespace sluice::engine {

namespace {
std::string describe(const TxnResult& r) {
  std::string s = std::string(errc_name(r.status.code())) + ": " + redact(r.status.message());
  if (r.outcome_unknown) s += " (no definite answer)";
  return s;
}
}  // namespace

TxnResult LoadScheduler::txn_call(const char* step, const LoadJob& job,
                                  const std::function<TxnResult(TransactionalSink&)>& call) {
  TxnResult r;
  const auto started = std::chrono::steady_clock::now();
  Status st = call_plugin(ref_, Errc::permanent, first_record(*job.batch), [&] {
    r = call(*txns_);
    return Status::ok();
  });
  if (!st) {
    r = TxnResult{};
    r.status = st;
  }
  metrics_.observe(
      "sluice_transaction_step_seconds", {{"table", job.batch->table}, {"step", step}},
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return r;
}

LoadScheduler::Next LoadScheduler::txn_attempt(Table& t, const LoadJob& job, std::int64_t attempt,
                                               LoadOutcome& outcome,
                                               std::chrono::milliseconds& delay) {
  if (!txns_) {  // refused at start (runner.cpp); kept as a guard
    fail_("sink '" + ref_.name + "' has no transactions, which exactly_once needs");
    return Next::fail;
  }
  if (job.step == LoadStep::txn_prepare) return txn_prepare(t, job, attempt, outcome, delay);
  return txn_finish(t, job, attempt, outcome, delay);
}

// begin, load, prepare under a label of this attempt. A step that fails is never repeated in the
// same transaction (a lost answer to a load leaves its rows unknown): roll back, retry anew.
LoadScheduler::Next LoadScheduler::txn_prepare(Table& t, const LoadJob& job, std::int64_t attempt,
                                               LoadOutcome& outcome,
                                               std::chrono::milliseconds& delay) {
  const Batch& b = *job.batch;
  const std::string label = txn_attempt_label(b.label, attempt);
  const Labels table_label{{"table", t.name}};
  const char* failed = nullptr;
  TxnResult r =
      txn_call("begin", job, [&](TransactionalSink& s) { return s.begin(t.name, label); });
  std::int64_t loaded_rows = 0, filtered_rows = 0;
  if (!r.status) failed = "begin";
  if (!failed) {
    metrics_.add("sluice_transactions_total", {{"table", t.name}, {"result", "begun"}});
    r = txn_call("load", job, [&](TransactionalSink& s) { return s.load(t.name, label, b.body); });
    loaded_rows = r.loaded_rows;
    filtered_rows = r.filtered_rows;
    if (!r.status) failed = "load";
  }
  if (!failed) {
    r = txn_call("prepare", job, [&](TransactionalSink& s) { return s.prepare(t.name, label); });
    if (!r.status) failed = "prepare";
  }
  if (!failed) {
    metrics_.add("sluice_transactions_total", {{"table", t.name}, {"result", "prepared"}});
    metrics_.set("sluice_table_outage", table_label, 0);
    metrics_.add("sluice_bytes_loaded_total", table_label, static_cast<double>(b.body.data.size()));
    if (filtered_rows > 0)
      spdlog::warn("the sink filtered {} of {} rows loading {} (transaction {})", filtered_rows,
                   b.body.rows, t.name, label);
    if (attempt > 0)
      spdlog::info("transaction of {} prepared after {} retries (label {})", t.name, attempt,
                   label);
    set_state(t, label, "prepared", true, false);
    LoadResult lr;
    lr.loaded_rows = loaded_rows;
    lr.filtered_rows = filtered_rows;
    outcome = {LoadOutcome::Kind::loaded, std::move(lr), label};
    return Next::done;
  }
  const std::string why = describe(r);
  if (std::string_view(failed) != "begin" || r.outcome_unknown) {
    TxnResult rb =
        txn_call("rollback", job, [&](TransactionalSink& s) { return s.rollback(t.name, label); });
    metrics_.add("sluice_transactions_total", {{"table", t.name}, {"result", "rolled_back"}});
    if (!rb.status)
      spdlog::warn(
          "could not roll back transaction {} of {}: {} (undecided, it never becomes "
          "visible; StarRocks aborts it at its timeout)",
          label, t.name, describe(rb));
  }
  const bool retryable = r.status.code() == Errc::retryable;
  set_state(t, label, std::string(failed) + " " + why, false, retryable);
  if (retryable && (settings_.max_retries < 0 || attempt < settings_.max_retries)) {
    metrics_.add("sluice_load_retries_total", table_label);
    metrics_.set("sluice_table_outage", table_label, 1);
    delay = backoff(attempt);
    spdlog::warn("transaction {} of {} failed at {} ({} rows): {}; retry {} in {} ms", label,
                 t.name, failed, b.body.rows, why, attempt + 1, delay.count());
    return Next::retry;
  }
  LoadResult lr;
  lr.status = Status(r.status.code(),
                     std::string(failed) + " of transaction " + label + ": " + r.status.message());
  lr.response = r.response;
  return refused(t, job, lr, retryable, attempt, outcome);
}

// commit, rollback and recovery of a transaction by label.
LoadScheduler::Next LoadScheduler::txn_finish(Table& t, const LoadJob& job, std::int64_t attempt,
                                              LoadOutcome& outcome,
                                              std::chrono::milliseconds& delay) {
  const std::string& label = job.label;
  outcome = {LoadOutcome::Kind::loaded, {}, label};
  if (job.step == LoadStep::txn_rollback) {
    TxnResult r =
        txn_call("rollback", job, [&](TransactionalSink& s) { return s.rollback(t.name, label); });
    metrics_.add("sluice_transactions_total", {{"table", t.name}, {"result", "rolled_back"}});
    if (!r.status)
      spdlog::warn(
          "could not roll back transaction {} of {}: {} (undecided, it never becomes "
          "visible; StarRocks aborts it at its timeout)",
          label, t.name, describe(r));
    set_state(t, label, r.status ? "rolled back" : "rollback " + describe(r), true, false);
    return Next::done;
  }
  const bool recovering = job.step == LoadStep::txn_recover;
  if (recovering) {
    TxnResult st =
        txn_call("state", job, [&](TransactionalSink& s) { return s.state(t.name, label); });
    if (!st.status) {
      if (st.status.code() != Errc::retryable) {
        fail_("cannot read the state of transaction " + label + " of table '" + t.name +
              "', named by the committed offsets: " + describe(st));
        return Next::fail;
      }
      delay = backoff(attempt);
      spdlog::warn("recovery: state of transaction {} of {}: {}; retry in {} ms", label, t.name,
                   describe(st), delay.count());
      return Next::retry;
    }
    switch (st.state) {
      case TxnState::committed:
        return Next::done;
      case TxnState::unknown:
        spdlog::warn(
            "recovery: transaction {} of {}, named by the committed offsets, is unknown "
            "to the sink: committed long enough ago to be forgotten, or never begun",
            label, t.name);
        return Next::done;
      case TxnState::aborted:
      case TxnState::open:
        fail_("transaction " + label + " of table '" + t.name +
              "' was decided (the committed offsets name it) but the sink reports it " +
              txn_state_name(st.state) +
              ": its rows are not loaded, and the offsets are past them. Its prepared timeout "
              "may have passed before it was committed; see docs/delivery.md");
        return Next::fail;
      case TxnState::prepared:
        break;
    }
  }
  TxnResult r =
      txn_call("commit", job, [&](TransactionalSink& s) { return s.commit(t.name, label); });
  if (r.status) {
    metrics_.add("sluice_transactions_total",
                 {{"table", t.name}, {"result", recovering ? "recovered" : "committed"}});
    if (recovering)
      spdlog::info("recovery: committed transaction {} of {}, decided before", label, t.name);
    set_state(t, label, recovering ? "recovered" : "committed", true, false);
    return Next::done;
  }
  if (r.status.code() == Errc::retryable) {
    // Decided: the commit is retried for as long as it takes (max_retries does not apply).
    metrics_.set("sluice_table_outage", {{"table", t.name}}, 1);
    delay = backoff(attempt);
    set_state(t, label, "commit " + describe(r), false, true);
    spdlog::warn("commit of transaction {} of {}: {}; retry {} in {} ms", label, t.name,
                 describe(r), attempt + 1, delay.count());
    return Next::retry;
  }
  fail_("cannot commit transaction " + label + " of table '" + t.name +
        "', which was decided (its offsets are committed): " + describe(r));
  return Next::fail;
}

}  // namespace sluice::engine
