// Transaction interface: /api/transaction/{begin,load,prepare,commit,rollback}, as StarRocks 2.4+
// answers it (FE TransactionLoadAction + BE TransactionMgr). Answered on the port it was sent to;
// begin and load are not redirected. Faults aimed at a step (FaultSpec::step) fire here.
#include <thread>

#include "handlers.hpp"
#include "load_body.hpp"
#include "load_response.hpp"

namespace sluice_tools {
namespace {

constexpr std::string_view kFeException = "class com.starrocks.common.StarRocksException: ";

struct TxnAnswer {
  std::string status = "OK";
  std::string message;
  std::string label;
  std::int64_t txn_id = -1;
  std::optional<std::string> existing_job_status;
  std::optional<LoadResult> load;  // row counts of a load, prepare or commit step
};

nlohmann::ordered_json to_json(const TxnAnswer& a) {
  nlohmann::ordered_json j;
  if (a.load) {
    j = to_ordered_json(*a.load);
    j["Status"] = a.status;
    j["Message"] = a.message;
    return j;
  }
  j["Status"] = a.status;
  if (a.existing_job_status) j["ExistingJobStatus"] = *a.existing_job_status;
  j["Message"] = a.message;
  j["Label"] = a.label;
  j["TxnId"] = a.txn_id;
  return j;
}

// Parses a whole number of seconds (StarRocks: an unsigned int).
std::optional<std::chrono::seconds> parse_seconds(const std::string& text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::chrono::seconds(std::stoll(text));
}

bool committed(LabelState s) {
  return s == LabelState::kCommitted || s == LabelState::kVisible;
}

class Transaction {
 public:
  Transaction(Core& core, http::Exchange& exchange, std::string op)
      : core_(core), ex_(exchange), op_(std::move(op)) {
    db_ = exchange.request().header("db");
    table_ = exchange.request().header("table");
    answer_.label = exchange.request().header("label");
  }

  void run() {
    if (reject_fe_auth(core_, ex_)) return;
    bool known = false;
    for (const char* step : kTxnSteps) known = known || op_ == step;
    if (!known) return failed(std::string(kFeException) + "Unknown transaction operation: " + op_);
    if (answer_.label.empty()) return invalid("empty label");
    if (!valid_label(answer_.label)) return invalid("Label format error, label: " + answer_.label);
    if (db_.empty()) return invalid("No database selected");
    if (!core_.options.blackhole && !core_.has_database(db_)) {
      return failed(std::string(kFeException) + "Database[" + db_ + "] does not exist.");
    }
    fault_ = core_.take_fault(db_, table_, false, op_);
    if (fault_ && !fault_before_acting()) return;
    core_.expire_transactions();
    if (op_ == "begin") {
      begin();
    } else if (op_ == "load") {
      load();
    } else {
      std::unique_lock lock(core_.mu);
      LabelEntry* entry = find_locked();
      if (!entry) {
        lock.unlock();
        return not_exists();
      }
      answer_.txn_id = entry->txn_id;
      if (entry->busy && op_ != "rollback") {
        lock.unlock();
        return in_processing();
      }
      if (op_ == "prepare") {
        prepare(*entry);
      } else if (op_ == "commit") {
        commit(*entry, lock);
      } else {
        rollback(*entry);
      }
    }
    if (!ex_.responded() && !ex_.dropped()) reply();
  }

 private:
  // Faults that answer (or drop) before the server does anything. false: answered.
  bool fault_before_acting() {
    switch (fault_->kind) {
      case FaultKind::kFailRetryable:
        abort_on_failed_step();
        failed(fault_->message.empty()
                   ? "current running txns on db " + db_ + " is 100, larger than limit 100"
                   : fault_->message);
        return false;
      case FaultKind::kFailPermanent: {
        abort_on_failed_step();
        std::string user;
        core_.check_auth(ex_.request().header("Authorization"), user);
        failed(fault_->message.empty() ? "Access denied for " + user + "@" + ex_.request().peer_ip
                                       : fault_->message);
        return false;
      }
      case FaultKind::kHttp500:
        ex_.respond(
            json_response(500, R"({"status":"FAILED","msg":"injected HTTP 500 by the emulator"})"));
        return false;
      case FaultKind::kDropMidBody:
        if (op_ == "load") {
          ex_.drop_after(ex_.content_length().value_or(2) / 2);
        } else {
          ex_.drop();
        }
        return false;
      case FaultKind::kTxnInProcessing:
        in_processing();
        return false;
      case FaultKind::kSlow:
        std::this_thread::sleep_for(std::chrono::milliseconds(fault_->delay_ms));
        return true;
      case FaultKind::kPublishTimeout:  // acts at commit
      case FaultKind::kDropReply:       // acts, then drops
      case FaultKind::kLabelRunning:
      case FaultKind::kFeDown:
        return true;
    }
    return true;
  }

  // StarRocks rolls a transaction back when its load or prepare fails.
  void abort_on_failed_step() {
    if (op_ != "load" && op_ != "prepare") return;
    std::lock_guard lock(core_.mu);
    LabelEntry* entry = find_locked();
    if (entry && entry->state == LabelState::kPrepare && !entry->busy) {
      core_.abort_locked(db_, answer_.label, "transaction is aborted: " + op_ + " failed");
    }
  }

  LabelEntry* find_locked() {
    core_.forget_if_expired_locked(db_, answer_.label);
    auto db_it = core_.labels.find(db_);
    if (db_it == core_.labels.end()) return nullptr;
    auto it = db_it->second.find(answer_.label);
    if (it == db_it->second.end() || !it->second.transaction) return nullptr;
    return &it->second;
  }

  void reply() {
    if (holding_busy_) {
      holding_busy_ = false;
      std::lock_guard lock(core_.mu);
      core_.labels[db_][answer_.label].busy = false;
    }
    if (fault_ && fault_->kind == FaultKind::kDropReply) return ex_.drop();
    ex_.respond(json_response(200, to_json(answer_).dump()));
  }

  void set(std::string status, std::string message) {
    answer_.status = std::move(status);
    answer_.message = std::move(message);
  }
  void failed(std::string message) {
    set("FAILED", std::move(message));
    reply();
  }
  void invalid(std::string message) {
    set("INVALID_ARGUMENT", std::move(message));
    reply();
  }
  void not_exists() {
    set("TXN_NOT_EXISTS", "transaction with label " + answer_.label + " not exists");
    reply();
  }
  void in_processing() {
    set("TXN_IN_PROCESSING", "Transaction in processing, please retry later");
    reply();
  }
  std::string txn_text(const LabelEntry& e) const {
    return std::to_string(e.txn_id) + ", label is " + answer_.label;
  }

  void begin() {
    if (!table_.empty() && !core_.options.blackhole && !core_.table_spec(db_, table_)) {
      return failed("unknown table \"" + db_ + "." + table_ + "\"");
    }
    std::chrono::seconds timeout = core_.options.default_txn_timeout;
    std::optional<std::chrono::seconds> idle;
    if (auto h = ex_.request().header("timeout"); !h.empty()) {
      auto v = parse_seconds(h);
      if (!v) return invalid("Invalid timeout format");
      timeout = *v;
    }
    if (auto h = ex_.request().header("idle_transaction_timeout"); !h.empty()) {
      idle = parse_seconds(h);
      if (!idle) return invalid("Invalid timeout format");
    }
    if (auto existing = core_.reserve_label(db_, answer_.label, answer_.txn_id)) {
      answer_.existing_job_status = committed(*existing) ? "FINISHED" : "RUNNING";
      answer_.txn_id = -1;
      return set("LABEL_ALREADY_EXISTS", "Label [" + answer_.label + "] has already been used.");
    }
    std::lock_guard lock(core_.mu);
    auto& entry = core_.labels[db_][answer_.label];
    entry.transaction = true;
    entry.pending.table = table_;
    const auto t = core_.now();
    entry.timers.prepare_by = t + timeout;
    entry.timers.idle_limit = idle;
    entry.timers.last_active = t;
    core_.open_txns.insert({db_, answer_.label});
  }

  void load() {
    std::string table;
    {
      std::lock_guard lock(core_.mu);
      LabelEntry* entry = find_locked();
      // After prepare (or an abort) the BE no longer holds the transaction.
      if (!entry || entry->state != LabelState::kPrepare) return not_exists_unlocked();
      answer_.txn_id = entry->txn_id;
      if (entry->busy) return in_processing_unlocked();
      table = entry->pending.table.empty() ? table_ : entry->pending.table;
      if (!table_.empty() && !entry->pending.table.empty() && table_ != entry->pending.table) {
        return invalid_unlocked("Request table " + table_ + " not equal transaction table " +
                                entry->pending.table);
      }
      entry->busy = true;
      holding_busy_ = true;
    }
    auto fail = [&](const std::string& message) {
      {
        std::lock_guard lock(core_.mu);
        LabelEntry* entry = find_locked();
        if (entry && entry->txn_id == answer_.txn_id && entry->state == LabelState::kPrepare) {
          core_.abort_locked(db_, answer_.label, "transaction is aborted: " + message);
        }
      }
      failed(message);
    };
    if (table.empty()) return fail("table is required");
    auto spec = core_.table_spec(db_, table);
    if (!spec && !core_.options.blackhole)
      return fail("unknown table \"" + db_ + "." + table + "\"");
    LoadOptions options;
    if (auto err = parse_load_options(ex_.request().headers, options)) return fail(*err);
    auto start = std::chrono::steady_clock::now();
    BodyRead read = read_load_body(ex_, options);
    if (read.client_gone) {
      std::lock_guard lock(core_.mu);
      LabelEntry* entry = find_locked();
      if (entry && entry->txn_id == answer_.txn_id && entry->state == LabelState::kPrepare) {
        core_.abort_locked(db_, answer_.label, "the client went away while sending the body");
      }
      if (entry) entry->busy = false;
      holding_busy_ = false;
      return ex_.drop();
    }
    if (!read.error.empty()) return fail(read.error);
    LoadResult result;
    result.txn_id = answer_.txn_id;
    result.label = answer_.label;
    result.load_bytes = static_cast<std::int64_t>(read.body.size());
    PendingRows rows;
    if (spec) {
      ProcessedBody processed = process_body(core_, *spec, options, read.body, answer_.txn_id);
      if (!processed.fatal.empty()) return fail(processed.fatal);
      result.error_url = processed.error_url;
      rows = std::move(processed.rows);
    }
    result.total_rows = rows.total_rows;
    result.filtered_rows = rows.filtered_rows;
    result.loaded_rows = rows.total_rows - rows.filtered_rows;
    {
      std::lock_guard lock(core_.mu);
      LabelEntry* entry = find_locked();
      if (!entry || entry->txn_id != answer_.txn_id || entry->state != LabelState::kPrepare) {
        // Rolled back while the body was on its way.
        set("FAILED", "transaction is aborted by user.");
        return;
      }
      auto& pending = entry->pending;
      pending.table = table;
      pending.partial_update = options.partial_update;
      pending.max_filter_ratio = options.max_filter_ratio;
      pending.total_rows += rows.total_rows;
      pending.filtered_rows += rows.filtered_rows;
      for (auto& r : rows.rows) pending.rows.push_back(std::move(r));
      entry->has_data = true;
      entry->timers.last_active = core_.now();
    }
    result.load_time_ms = millis_since(start);
    answer_.load = result;
    set("OK", "");
  }

  // For load(), which holds `mu` at these points: answer after the lock is released.
  void not_exists_unlocked() {
    set("TXN_NOT_EXISTS", "transaction with label " + answer_.label + " not exists");
  }
  void in_processing_unlocked() {
    set("TXN_IN_PROCESSING", "Transaction in processing, please retry later");
  }
  void invalid_unlocked(std::string message) { set("INVALID_ARGUMENT", std::move(message)); }

  // With `mu` held. Checks the data of a transaction still on the BE; false: aborted and answered.
  bool data_check(LabelEntry& entry) {
    if (!entry.has_data) {
      core_.abort_locked(db_, answer_.label, "no data");
      set("FAILED", "transaction with label " + answer_.label + " hasn't send any data yet");
      return false;
    }
    const PendingRows& p = entry.pending;
    if (too_many_filtered(p.filtered_rows, p.total_rows - p.filtered_rows, p.max_filter_ratio)) {
      core_.abort_locked(db_, answer_.label, "too many filtered rows");
      set("FAILED", "too many filtered rows");
      return false;
    }
    return true;
  }

  LoadResult counts(const LabelEntry& entry) const {
    LoadResult r;
    r.txn_id = entry.txn_id;
    r.label = answer_.label;
    r.total_rows = entry.pending.total_rows;
    r.filtered_rows = entry.pending.filtered_rows;
    r.loaded_rows = r.total_rows - r.filtered_rows;
    return r;
  }

  void prepare(LabelEntry& entry) {
    std::chrono::seconds prepared_timeout = core_.options.prepared_txn_timeout;
    if (auto h = ex_.request().header("prepared_timeout"); !h.empty()) {
      auto v = parse_seconds(h);
      if (!v || v->count() <= 0) return set("INVALID_ARGUMENT", "Invalid prepared_timeout: " + h);
      prepared_timeout = *v;
    }
    // Only a transaction still on the BE (PREPARE) can be prepared; StarRocks answers any other
    // state as not existing there.
    if (entry.state != LabelState::kPrepare) return not_exists_unlocked();
    if (!data_check(entry)) return;
    entry.state = LabelState::kPrepared;
    entry.timers.commit_by = core_.now() + prepared_timeout;
    answer_.load = counts(entry);
    set("OK", "");
  }

  void commit(LabelEntry& entry, std::unique_lock<std::mutex>& lock) {
    switch (entry.state) {
      case LabelState::kPrepare:  // commit without prepare, on the BE
        if (!data_check(entry)) return;
        answer_.load = counts(entry);
        break;
      case LabelState::kPrepared:
        break;
      case LabelState::kCommitted:
      case LabelState::kVisible:
        return set("OK", "Transaction " + txn_text(entry) + " has already committed");
      case LabelState::kAborted:
        return set("FAILED", std::string(kFeException) + "Can not commit ABORTED transaction " +
                                 txn_text(entry));
    }
    core_.open_txns.erase({db_, answer_.label});
    if (fault_ && fault_->kind == FaultKind::kPublishTimeout) {
      // Committed (durable), published later: get_load_state says COMMITTED, then VISIBLE.
      entry.state = LabelState::kCommitted;
      entry.publish_polls = std::max(0, fault_->running_polls);
      answer_.load.reset();
      return set("FAILED", "publish timeout");
    }
    PendingRows rows = std::move(entry.pending);
    entry.pending = PendingRows{};
    lock.unlock();
    core_.commit_rows(db_, answer_.label, rows);
    set("OK", "");
  }

  void rollback(LabelEntry& entry) {
    switch (entry.state) {
      case LabelState::kPrepare:
      case LabelState::kPrepared:
        core_.abort_locked(db_, answer_.label, "transaction is aborted by user.");
        return set("OK", "");
      case LabelState::kAborted:
        return set("OK", "Transaction " + txn_text(entry) + " has already aborted");
      case LabelState::kCommitted:
      case LabelState::kVisible:
        return set("FAILED", std::string(kFeException) + "Can not abort " +
                                 std::string(label_state_name(entry.state)) + " transaction " +
                                 txn_text(entry));
    }
  }

  Core& core_;
  http::Exchange& ex_;
  std::string op_;
  std::string db_;
  std::string table_;
  TxnAnswer answer_;
  std::optional<FaultSpec> fault_;
  bool holding_busy_ = false;
};

}  // namespace

void handle_transaction(Core& core, http::Exchange& exchange, const std::string& op) {
  Transaction(core, exchange, op).run();
}

}  // namespace sluice_tools
