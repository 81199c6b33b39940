// The shared state behind the FE and BE ports: tables, labels and transactions, load history,
// counters, faults and error logs, all under one mutex.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "faults.hpp"
#include "sluice_tools/starrocks_emulator.hpp"
#include "table_store.hpp"

namespace sluice_tools {

enum class LabelState { kPrepare, kPrepared, kCommitted, kVisible, kAborted };
std::string_view label_state_name(LabelState state);

// Rows waiting for a commit (transaction interface) or for a "label running" fault to finish.
struct PendingRows {
  std::string table;
  std::vector<RowChange> rows;
  bool partial_update = false;
  std::int64_t total_rows = 0;
  std::int64_t filtered_rows = 0;
  double max_filter_ratio = 0;
};

using Clock = std::chrono::steady_clock;

// Deadlines of a transaction begun through /api/transaction (StarRocks aborts it when one passes).
struct TxnTimers {
  Clock::time_point prepare_by;                    // begin + `timeout`: must be PREPARED by then
  std::optional<std::chrono::seconds> idle_limit;  // `idle_transaction_timeout`
  Clock::time_point last_active;                   // begin, or the end of the last load
  Clock::time_point commit_by;                     // prepare + `prepared_timeout`
};

struct LabelEntry {
  LabelState state = LabelState::kPrepare;
  std::int64_t txn_id = -1;
  bool transaction = false;  // begun through /api/transaction
  bool busy = false;         // a transaction request is working on it
  bool has_data = false;     // a transaction load sent a body
  int polls_left = -1;       // >= 0: a "label running" fault; polls until it becomes visible
  int publish_polls = -1;    // >= 0: committed, not yet visible; polls that still say COMMITTED
  std::string abort_reason;
  std::optional<Clock::time_point> finished_at;  // became VISIBLE or ABORTED (label expiry)
  TxnTimers timers;
  PendingRows pending;
};

struct Core {
  explicit Core(EmulatorOptions opts);

  enum class Auth { kMissing, kDenied, kOk };
  // Checks `Authorization: Basic`; fills `user` when one was sent.
  Auth check_auth(const std::string& header, std::string& user) const;

  std::string advertised_host() const;
  std::string be_base_url() const;

  // Everything below locks `mu` itself.
  bool has_database(const std::string& db) const;
  std::optional<TableSpec> table_spec(const std::string& db, const std::string& table) const;
  // `step`: empty for a Stream Load, else the transaction step (see FaultQueue::take).
  std::optional<FaultSpec> take_fault(const std::string& db, const std::string& table, bool fe_down,
                                      std::string_view step = {});

  // Takes the label for a new load. Returns nullopt and the txn id when it was free, else the
  // state of the load that holds it.
  std::optional<LabelState> reserve_label(const std::string& db, const std::string& label,
                                          std::int64_t& txn_id);
  void set_label_state(const std::string& db, const std::string& label, LabelState state);
  // Applies rows and makes the label VISIBLE.
  void commit_rows(const std::string& db, const std::string& label, const PendingRows& rows);
  // For get_load_state: advances a "label running" fault or a pending publish.
  std::optional<LabelState> poll_label(const std::string& db, const std::string& label);

  // The emulator's clock: steady time moved forward by advance_clock().
  Clock::time_point now() const;
  // Aborts every open transaction whose timeout, idle timeout or prepared timeout has passed.
  void expire_transactions();
  void expire_transactions_locked();  // with `mu` held
  // With `mu` held: forgets the label when it finished more than label_keep_max ago.
  void forget_if_expired_locked(const std::string& db, const std::string& label);
  // With `mu` held: aborts the label's transaction and forgets its rows.
  void abort_locked(const std::string& db, const std::string& label, std::string reason);
  std::string store_error_log(std::int64_t txn_id, std::string text);
  std::optional<std::string> error_log(const std::string& name) const;
  void record(LoadRecord record);

  EmulatorOptions options;
  std::uint16_t fe_port = 0;
  std::uint16_t be_port = 0;

  mutable std::mutex mu;
  std::map<std::string, TableStore> tables;                         // "db.table"
  std::map<std::string, std::map<std::string, LabelEntry>> labels;  // db -> label -> entry
  std::int64_t next_txn_id = 1000;
  std::vector<LoadRecord> history;
  EmulatorCounters counters;
  FaultQueue faults;
  std::map<std::string, std::string> error_logs;
  std::uint64_t next_error_log = 1;
  std::chrono::milliseconds clock_offset{0};
  // Transactions in PREPARE or PREPARED (db, label): the ones that can expire.
  std::set<std::pair<std::string, std::string>> open_txns;
};

std::string table_key(const std::string& db, const std::string& table);

}  // namespace sluice_tools
