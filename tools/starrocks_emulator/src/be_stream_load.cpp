// BE side of Stream Load: checks before the body (auth, label, db, table, headers, faults), then
// reads, parses, filters, applies and answers with the StarRocks JSON.
#include <thread>

#include "csv_reader.hpp"
#include "handlers.hpp"
#include "json_body_reader.hpp"
#include "load_body.hpp"
#include "load_response.hpp"

namespace sluice_tools {
namespace {

class StreamLoad {
 public:
  StreamLoad(Core& core, http::Exchange& exchange, const std::string& db, const std::string& table)
      : core_(core), ex_(exchange), db_(db), table_(table) {
    record_.database = db;
    record_.table = table;
    record_.headers = loggable_headers(exchange.request().headers);
    result_.label = exchange.request().header("label");
  }

  void run() {
    {
      std::lock_guard lock(core_.mu);
      ++core_.counters.be_requests;
    }
    if (!check_before_body()) return;
    if (!apply_fault_before_body()) return;
    if (auto existing = core_.reserve_label(db_, result_.label, result_.txn_id)) {
      result_.status = "Label Already Exists";
      bool finished = *existing == LabelState::kVisible || *existing == LabelState::kCommitted;
      result_.existing_job_status = finished ? "FINISHED" : "RUNNING";
      result_.message = "Label [" + result_.label + "] has already been used.";
      answer();
      return;
    }
    load();
  }

 private:
  bool check_before_body() {
    std::string user;
    switch (core_.check_auth(ex_.request().header("Authorization"), user)) {
      case Core::Auth::kMissing:
        return fail("no valid Basic authorization");
      case Core::Auth::kDenied:
        return fail("Access denied for " + user + "@" + ex_.request().peer_ip);
      case Core::Auth::kOk:
        break;
    }
    if (result_.label.empty()) result_.label = make_uuid_label();
    record_.label = result_.label;
    if (!valid_label(result_.label)) {
      return fail("Label format error. regex: ^[-\\w]{1,128}$, label: " + result_.label);
    }
    if (!core_.options.blackhole) {
      if (!core_.has_database(db_)) return fail("unknown database, database=" + db_);
      spec_ = core_.table_spec(db_, table_);
      if (!spec_) return fail("unknown table \"" + db_ + "." + table_ + "\"");
    }
    if (auto err = parse_load_options(ex_.request().headers, options_)) return fail(*err);
    if (options_.partial_update && spec_ && spec_->model != KeyModel::kPrimary) {
      return fail("Only primary key table support partial update");
    }
    return true;
  }

  // false when the fault already answered (or dropped the connection).
  bool apply_fault_before_body() {
    fault_ = core_.take_fault(db_, table_, false);
    if (!fault_) return true;
    switch (fault_->kind) {
      case FaultKind::kFailRetryable:
        return fail(fault_->message.empty()
                        ? "current running txns on db " + db_ + " is 100, larger than limit 100"
                        : fault_->message);
      case FaultKind::kFailPermanent: {
        std::string user;
        core_.check_auth(ex_.request().header("Authorization"), user);
        return fail(fault_->message.empty()
                        ? "Access denied for " + user + "@" + ex_.request().peer_ip
                        : fault_->message);
      }
      case FaultKind::kHttp500: {
        std::string body = R"({"status":"FAILED","msg":"injected HTTP 500 by the emulator"})";
        // Recorded before answering, so a client that saw the answer also sees the record.
        record_.status = "HTTP 500";
        record_.response = nlohmann::json::parse(body);
        core_.record(std::move(record_));
        ex_.respond(json_response(500, body));
        return false;
      }
      case FaultKind::kDropMidBody:
        record_.status = "DROPPED";
        record_.message = "connection dropped mid-body by the emulator";
        core_.record(std::move(record_));
        ex_.drop_after(ex_.content_length().value_or(2) / 2);
        return false;
      case FaultKind::kSlow:
        std::this_thread::sleep_for(std::chrono::milliseconds(fault_->delay_ms));
        return true;
      case FaultKind::kPublishTimeout:
      case FaultKind::kLabelRunning:
      case FaultKind::kFeDown:
      case FaultKind::kDropReply:
      case FaultKind::kTxnInProcessing:  // no such answer to a Stream Load: loads normally
        return true;
    }
    return true;
  }

  void load() {
    auto read_start = std::chrono::steady_clock::now();
    BodyRead read = read_load_body(ex_, options_);
    result_.read_data_time_ms = millis_since(read_start);
    if (read.client_gone) {
      core_.set_label_state(db_, result_.label, LabelState::kAborted);
      record_.status = "DROPPED";
      record_.message = "the client went away while sending the body";
      core_.record(std::move(record_));
      ex_.drop();
      return;
    }
    result_.load_bytes = static_cast<std::int64_t>(read.body.size());
    if (!read.error.empty()) return abort(read.error);
    auto write_start = std::chrono::steady_clock::now();
    PendingRows rows;
    if (core_.options.blackhole) {
      rows.total_rows =
          static_cast<std::int64_t>(options_.format == BodyFormat::kJson
                                        ? count_json_records(read.body, options_.strip_outer_array)
                                        : count_csv_records(read.body, options_.csv.row_delimiter));
    } else {
      ProcessedBody processed = process_body(core_, *spec_, options_, read.body, result_.txn_id);
      result_.error_url = processed.error_url;
      if (!processed.fatal.empty()) return abort(processed.fatal);
      rows = std::move(processed.rows);
    }
    result_.total_rows = rows.total_rows;
    result_.filtered_rows = rows.filtered_rows;
    result_.loaded_rows = rows.total_rows - rows.filtered_rows;
    if (too_many_filtered(rows.filtered_rows, result_.loaded_rows, options_.max_filter_ratio)) {
      result_.loaded_rows = 0;
      return abort("too many filtered rows");
    }
    if (fault_ && fault_->kind == FaultKind::kLabelRunning) {
      std::lock_guard lock(core_.mu);
      auto& entry = core_.labels[db_][result_.label];
      entry.pending = std::move(rows);
      entry.polls_left = std::max(0, fault_->running_polls);
      result_.status = "Label Already Exists";
      result_.existing_job_status = "RUNNING";
      result_.message = "Label [" + result_.label + "] has already been used.";
    } else {
      core_.commit_rows(db_, result_.label, rows);
      if (fault_ && fault_->kind == FaultKind::kPublishTimeout) {
        result_.status = "Publish Timeout";
        result_.message = "transaction commit successfully, BUT data will be visible later";
      }
    }
    result_.write_data_time_ms = millis_since(write_start);
    if (fault_ && fault_->kind == FaultKind::kDropReply) {
      // Loaded and visible, but the client never hears so.
      record_.label = result_.label;
      record_.txn_id = result_.txn_id;
      record_.status = "REPLY DROPPED";
      record_.message = "loaded; the answer was dropped by the emulator";
      record_.total_rows = result_.total_rows;
      record_.loaded_rows = result_.loaded_rows;
      core_.record(std::move(record_));
      ex_.drop();
      return;
    }
    answer();
  }

  // Fails after the transaction began: the label becomes reusable.
  void abort(const std::string& message) {
    core_.set_label_state(db_, result_.label, LabelState::kAborted);
    result_.status = "Fail";
    result_.message = message;
    answer();
  }

  // Fails before the transaction began. Returns false so checks can `return fail(...)`.
  bool fail(const std::string& message) {
    result_.txn_id = -1;
    result_.status = "Fail";
    result_.message = message;
    answer();
    return false;
  }

  void answer() {
    result_.load_time_ms = millis_since(start_);
    auto body = to_ordered_json(result_);
    record_.label = result_.label;
    record_.txn_id = result_.txn_id;
    record_.status = result_.status;
    record_.message = result_.message;
    record_.total_rows = result_.total_rows;
    record_.loaded_rows = result_.loaded_rows;
    record_.filtered_rows = result_.filtered_rows;
    record_.load_bytes = result_.load_bytes;
    record_.response = nlohmann::json::parse(body.dump());
    core_.record(std::move(record_));  // before answering: the client may look at once
    ex_.respond(json_response(200, body.dump()));
  }

  Core& core_;
  http::Exchange& ex_;
  std::string db_;
  std::string table_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::optional<TableSpec> spec_;
  LoadOptions options_;
  std::optional<FaultSpec> fault_;
  LoadResult result_;
  LoadRecord record_;
};

}  // namespace

void handle_be_stream_load(Core& core, http::Exchange& exchange, const std::string& db,
                           const std::string& table) {
  StreamLoad(core, exchange, db, table).run();
}

}  // namespace sluice_tools
