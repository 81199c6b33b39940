// Transaction interface: /api/transaction/{begin,load,prepare,commit,rollback}. Answered on the
// FE (and on the BE) directly; begin and load are not redirected.
#include "handlers.hpp"
#include "load_body.hpp"
#include "load_response.hpp"

namespace sluice_tools {
namespace {

struct TxnAnswer {
  std::string status = "OK";
  std::string message;
  std::string label;
  std::int64_t txn_id = -1;
  std::optional<std::string> existing_job_status;
  std::optional<LoadResult> load;  // row counts of a load step
};

void respond(http::Exchange& exchange, const TxnAnswer& a) {
  nlohmann::ordered_json j;
  if (a.load) {
    j = to_ordered_json(*a.load);
    j["Status"] = a.status;
    j["Message"] = a.message;
  } else {
    j["Status"] = a.status;
    j["Message"] = a.message;
    j["Label"] = a.label;
    j["TxnId"] = a.txn_id;
    if (a.existing_job_status) j["ExistingJobStatus"] = *a.existing_job_status;
  }
  exchange.respond(json_response(200, j.dump()));
}

class Transaction {
 public:
  Transaction(Core& core, http::Exchange& exchange) : core_(core), ex_(exchange) {
    db_ = exchange.request().header("db");
    table_ = exchange.request().header("table");
    answer_.label = exchange.request().header("label");
  }

  void run(const std::string& op) {
    if (reject_fe_auth(core_, ex_)) return;
    if (answer_.label.empty()) return invalid("empty label");
    if (!valid_label(answer_.label)) return invalid("Label format error, label: " + answer_.label);
    if (db_.empty()) return invalid("No database selected");
    if (!core_.options.blackhole && !core_.has_database(db_)) {
      return invalid("unknown database, database=" + db_);
    }
    if (op == "begin") return begin();
    std::unique_lock lock(core_.mu);
    auto& db_labels = core_.labels[db_];
    auto it = db_labels.find(answer_.label);
    if (it == db_labels.end() || !it->second.transaction) {
      answer_.status = "TXN_NOT_EXISTS";
      answer_.message = "Transaction with label " + answer_.label + " not exists";
      lock.unlock();
      return reply();
    }
    LabelEntry& entry = it->second;
    answer_.txn_id = entry.txn_id;
    if (entry.busy) {
      answer_.status = "TXN_IN_PROCESSING";
      answer_.message = "Transaction " + std::to_string(entry.txn_id) + " is in processing";
      lock.unlock();
      return reply();
    }
    if (op == "load") {
      entry.busy = true;
      holding_busy_ = true;
      lock.unlock();
      load();
      release_busy();
    } else if (op == "prepare") {
      prepare(entry);
    } else if (op == "commit") {
      commit(entry, lock);
    } else if (op == "rollback") {
      rollback(entry);
    } else {
      answer_.status = "INVALID_ARGUMENT";
      answer_.message = "unknown transaction operation: " + op;
    }
    if (lock.owns_lock()) lock.unlock();
    if (!ex_.responded()) reply();
  }

 private:
  void release_busy() {
    if (!holding_busy_) return;
    holding_busy_ = false;
    std::lock_guard lock(core_.mu);
    core_.labels[db_][answer_.label].busy = false;
  }

  // Frees the transaction before answering, so the client's next request finds it idle.
  void reply() {
    release_busy();
    respond(ex_, answer_);
  }

  void invalid(const std::string& message) {
    answer_.status = "INVALID_ARGUMENT";
    answer_.message = message;
    reply();
  }

  void begin() {
    if (!table_.empty() && !core_.options.blackhole && !core_.table_spec(db_, table_)) {
      return invalid("unknown table \"" + db_ + "." + table_ + "\"");
    }
    if (auto existing = core_.reserve_label(db_, answer_.label, answer_.txn_id)) {
      answer_.status = "LABEL_ALREADY_EXISTS";
      answer_.message = "Label [" + answer_.label + "] has already been used.";
      bool finished = *existing == LabelState::kVisible || *existing == LabelState::kCommitted;
      answer_.existing_job_status = finished ? "FINISHED" : "RUNNING";
      return reply();
    }
    {
      std::lock_guard lock(core_.mu);
      auto& entry = core_.labels[db_][answer_.label];
      entry.transaction = true;
      entry.pending.table = table_;
    }
    reply();
  }

  // Called with the entry marked busy and the lock released.
  void load() {
    LoadResult result;
    result.txn_id = answer_.txn_id;
    result.label = answer_.label;
    auto start = std::chrono::steady_clock::now();
    LabelState state;
    std::string table;
    {
      std::lock_guard lock(core_.mu);
      const auto& entry = core_.labels[db_][answer_.label];
      state = entry.state;
      table = entry.pending.table.empty() ? table_ : entry.pending.table;
    }
    auto fail = [&](const std::string& message) {
      answer_.status = "FAILED";
      answer_.message = message;
      reply();
    };
    if (state != LabelState::kPrepare) {
      return fail("Transaction " + std::to_string(answer_.txn_id) + " is " +
                  std::string(label_state_name(state)) + ", can not load more data");
    }
    if (table.empty()) return invalid("table is required");
    auto spec = core_.table_spec(db_, table);
    if (!spec && !core_.options.blackhole)
      return invalid("unknown table \"" + db_ + "." + table + "\"");
    LoadOptions options;
    if (auto err = parse_load_options(ex_.request().headers, options)) return fail(*err);
    BodyRead read = read_load_body(ex_, options);
    if (read.client_gone) return ex_.drop();
    if (!read.error.empty()) return fail(read.error);
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
      auto& pending = core_.labels[db_][answer_.label].pending;
      pending.table = table;
      pending.partial_update = options.partial_update;
      pending.max_filter_ratio = options.max_filter_ratio;
      pending.total_rows += rows.total_rows;
      pending.filtered_rows += rows.filtered_rows;
      for (auto& r : rows.rows) pending.rows.push_back(std::move(r));
    }
    result.load_time_ms = millis_since(start);
    answer_.load = result;
    reply();
  }

  bool filter_check(LabelEntry& entry) {
    const PendingRows& p = entry.pending;
    if (!too_many_filtered(p.filtered_rows, p.total_rows - p.filtered_rows, p.max_filter_ratio)) {
      return true;
    }
    entry.state = LabelState::kAborted;
    entry.pending = PendingRows{};
    answer_.status = "FAILED";
    answer_.message = "too many filtered rows";
    return false;
  }

  void prepare(LabelEntry& entry) {
    switch (entry.state) {
      case LabelState::kPrepare:
        if (filter_check(entry)) entry.state = LabelState::kPrepared;
        return;
      case LabelState::kPrepared:
        return;
      case LabelState::kCommitted:
      case LabelState::kVisible:
        answer_.message = "Transaction " + std::to_string(entry.txn_id) + " has already committed";
        return;
      case LabelState::kAborted:
        answer_.status = "FAILED";
        answer_.message = "Transaction " + std::to_string(entry.txn_id) + " has been aborted";
        return;
    }
  }

  void commit(LabelEntry& entry, std::unique_lock<std::mutex>& lock) {
    switch (entry.state) {
      case LabelState::kPrepare:
      case LabelState::kPrepared: {
        if (!filter_check(entry)) return;
        PendingRows rows = std::move(entry.pending);
        entry.pending = PendingRows{};
        lock.unlock();
        core_.commit_rows(db_, answer_.label, rows);
        answer_.message = "";
        return;
      }
      case LabelState::kCommitted:
      case LabelState::kVisible:
        answer_.message = "Transaction " + std::to_string(entry.txn_id) + " has already committed";
        return;
      case LabelState::kAborted:
        answer_.status = "FAILED";
        answer_.message = "Transaction " + std::to_string(entry.txn_id) + " has been aborted";
        return;
    }
  }

  void rollback(LabelEntry& entry) {
    switch (entry.state) {
      case LabelState::kPrepare:
      case LabelState::kPrepared:
        entry.state = LabelState::kAborted;
        entry.pending = PendingRows{};
        return;
      case LabelState::kAborted:
        answer_.message = "Transaction " + std::to_string(entry.txn_id) + " has already aborted";
        return;
      case LabelState::kCommitted:
      case LabelState::kVisible:
        answer_.status = "FAILED";
        answer_.message = "Transaction " + std::to_string(entry.txn_id) +
                          " has already committed, can not rollback";
        return;
    }
  }

  Core& core_;
  http::Exchange& ex_;
  std::string db_;
  std::string table_;
  TxnAnswer answer_;
  bool holding_busy_ = false;
};

}  // namespace

void handle_transaction(Core& core, http::Exchange& exchange, const std::string& op) {
  Transaction(core, exchange).run(op);
}

}  // namespace sluice_tools
