#include "transaction_client.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "label_state.hpp"
#include "load_payload.hpp"
#include "response_classifier.hpp"

namespace sluice::starrocks {
namespace {

using clock = std::chrono::steady_clock;
using nlohmann::json;

bool has(std::string_view text, std::string_view needle) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find(needle) != std::string::npos;
}

std::string text_field(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t int_field(const json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

TxnCode from_errc(Errc e) {
  return e == Errc::permanent ? TxnCode::permanent : TxnCode::retryable;
}

// A FAILED message: the shared Stream Load rules, plus the FE's words for a missing database.
TxnCode classify_failed(std::string_view message) {
  if (has(message, "does not exist.")) return TxnCode::permanent;  // Database[x] does not exist.
  return from_errc(classify_fail_message(message));
}

bool label_is_safe(std::string_view label) {
  return !label.empty() && label.find_first_of("\r\n") == std::string_view::npos;
}

}  // namespace

std::string_view txn_code_name(TxnCode code) noexcept {
  switch (code) {
    case TxnCode::ok:
      return "ok";
    case TxnCode::already_committed:
      return "already_committed";
    case TxnCode::label_in_use:
      return "label_in_use";
    case TxnCode::not_found:
      return "not_found";
    case TxnCode::aborted:
      return "aborted";
    case TxnCode::retryable:
      return "retryable";
    case TxnCode::permanent:
      return "permanent";
    case TxnCode::unsupported_server:
      return "unsupported_server";
  }
  return "?";
}

// One request's outcome before the step's own rules apply.
struct TransactionClient::Answer {
  TxnResult result;         // code set when the answer already decides (transport, HTTP, no JSON)
  bool decided = false;     // result.code is final (unless the step reconciles)
  bool definitive = false;  // StarRocks said something with a Status
  std::string message;      // its Message
  json body;
};

TransactionClient::TransactionClient(const SinkConfig& config, Host host, HandlePool& pool,
                                     FeRouter& router)
    : config_(config), host_(std::move(host)), pool_(pool), router_(router) {}

TransactionClient::Answer TransactionClient::call(std::string_view op, std::string_view table,
                                                  std::string_view label, Headers extra,
                                                  std::string_view body, HttpMethod method) {
  Answer a;
  TxnResult& r = a.result;
  a.decided = true;
  if (!label_is_safe(label)) {
    r.code = TxnCode::permanent;
    r.message = "the label is empty or has a line break";
    return a;
  }
  Headers headers;
  headers.emplace_back("label", std::string(label));
  headers.emplace_back("db", config_.database);
  if (!table.empty()) headers.emplace_back("table", std::string(table));
  for (auto& h : extra) headers.push_back(std::move(h));
  const std::string path = "/api/transaction/" + std::string(op);
  Routed sent =
      router_.send(method, path, headers, body, clock::now() + config_.load_timeout,
                   "load_timeout_ms (" + std::to_string(config_.load_timeout.count()) + " ms)",
                   /*fresh=*/true);  // each step is sent once: libcurl must not resend it
  r.response = clip(sent.response.body, 64 * 1024);
  if (!sent.failure.empty()) {
    r.code = TxnCode::retryable;
    r.outcome_unknown = !sent.unreached;
    r.message = sent.failure;
    return a;
  }
  const long http = sent.response.status;
  a.body = json::parse(sent.response.body, nullptr, /*allow_exceptions=*/false);
  const std::string http_text = "HTTP " + std::to_string(http) + " from " + sent.answered_by;
  if (http == 404) {
    r.code = TxnCode::unsupported_server;
    r.message = http_text + " for " + path +
                ": this StarRocks has no transaction interface (it needs StarRocks 2.4 or later)";
    return a;
  }
  if (http == 401 || http == 403) {
    r.code = TxnCode::permanent;
    r.message = http_text + ": " + clip(sent.response.body);
    return a;
  }
  if (http != 200) {
    r.code = TxnCode::retryable;
    r.outcome_unknown = true;
    r.message = http_text + ": " + clip(sent.response.body);
    return a;
  }
  if (!a.body.is_object() || text_field(a.body, "Status").empty()) {
    r.code = TxnCode::retryable;
    r.outcome_unknown = true;
    r.message = "answer without a Status: " + clip(sent.response.body);
    return a;
  }
  a.decided = false;
  a.definitive = true;
  r.status = text_field(a.body, "Status");
  a.message = text_field(a.body, "Message");
  r.message = r.status + (a.message.empty() ? "" : ": " + a.message);
  r.txn_id = a.body.contains("TxnId") ? int_field(a.body, "TxnId") : -1;
  r.loaded_rows = int_field(a.body, "NumberLoadedRows");
  r.filtered_rows = int_field(a.body, "NumberFilteredRows");
  if (r.status == "TXN_IN_PROCESSING") {
    r.code = TxnCode::retryable;  // another request holds the transaction; nothing was done
    a.decided = true;
  } else if (r.status == "INVALID_ARGUMENT") {
    r.code = TxnCode::permanent;
    a.decided = true;
  }
  return a;
}

// Asks get_load_state what became of the label and decides from it, for answers that were lost or
// not definitive. `op` says which step asked: the state it wanted is success.
TxnResult TransactionClient::reconcile(TxnResult r, std::string_view op, std::string_view label) {
  TxnResult s = state(label);
  if (s.code != TxnCode::ok) {
    r.code = TxnCode::retryable;
    r.outcome_unknown = true;
    r.message += "; and get_load_state did not answer: " + s.message;
    return r;
  }
  r.state = s.state;
  r.message += "; get_load_state says " + s.state;
  const bool committed = s.state == "COMMITTED" || s.state == "VISIBLE";
  r.outcome_unknown = false;
  if (committed) {
    r.code = op == "commit" ? TxnCode::ok : TxnCode::already_committed;
  } else if (s.state == "ABORTED") {
    r.code = op == "rollback" ? TxnCode::ok : TxnCode::aborted;
  } else if (s.state == "PREPARED") {
    r.code = op == "prepare" ? TxnCode::ok : TxnCode::retryable;
  } else if (s.state == "PREPARE") {
    r.code = TxnCode::retryable;  // the step did not happen (yet): it may be made again
  } else {
    r.code = TxnCode::not_found;
  }
  return r;
}

TxnResult TransactionClient::finish(TxnResult r, std::string_view op, std::string_view table,
                                    std::string_view label) const {
  r.message = mask_password(config_, "transaction " + std::string(op) + " of " + config_.database +
                                         "." + std::string(table) + " label " + std::string(label) +
                                         ": " + r.message);
  r.response = mask_password(config_, std::move(r.response));
  return r;
}

TxnResult TransactionClient::begin(std::string_view table, std::string_view label,
                                   const BeginOptions& options) {
  Headers extra;
  if (options.timeout.count() > 0)
    extra.emplace_back("timeout", std::to_string(options.timeout.count()));
  if (options.idle_timeout.count() > 0)
    extra.emplace_back("idle_transaction_timeout", std::to_string(options.idle_timeout.count()));
  Answer a = call("begin", table, label, std::move(extra), {}, HttpMethod::post);
  TxnResult& r = a.result;
  if (!a.decided) {
    if (r.status == "OK") {
      r.code = TxnCode::ok;
    } else if (r.status == "LABEL_ALREADY_EXISTS") {
      const std::string existing = text_field(a.body, "ExistingJobStatus");
      r.code = existing == "FINISHED" ? TxnCode::already_committed : TxnCode::label_in_use;
      r.message += " (ExistingJobStatus " + (existing.empty() ? "missing" : existing) + ")";
    } else {
      r.code = classify_failed(a.message);
    }
  }
  return finish(std::move(r), "begin", table, label);
}

TxnResult TransactionClient::load(std::string_view table, std::string_view label,
                                  const LoadBody& chunk) {
  TxnResult r;
  LoadPayload payload = build_load_payload(config_, table, chunk);
  if (!payload.problem.is_ok()) {
    r.code = from_errc(payload.problem.code());
    r.message = payload.problem.message();
    return finish(r, "load", table, label);
  }
  payload.headers.emplace_back("Expect", "100-continue");
  Answer a =
      call("load", table, label, std::move(payload.headers), payload.body(chunk), HttpMethod::put);
  r = std::move(a.result);
  if (!a.decided) {
    if (r.status == "OK") {
      r.code = TxnCode::ok;
    } else if (r.status == "TXN_NOT_EXISTS") {
      r.code = TxnCode::not_found;
    } else {
      // StarRocks rolls a transaction back when a load fails: begin it again to retry.
      r.code = classify_failed(a.message);
      r.message += " (StarRocks rolls the transaction back)";
    }
  }
  return finish(std::move(r), "load", table, label);
}

TxnResult TransactionClient::prepare(std::string_view table, std::string_view label,
                                     std::chrono::seconds prepared_timeout) {
  Headers extra;
  if (prepared_timeout.count() > 0)
    extra.emplace_back("prepared_timeout", std::to_string(prepared_timeout.count()));
  Answer a = call("prepare", table, label, std::move(extra), {}, HttpMethod::post);
  TxnResult& r = a.result;
  if (a.decided) {
    if (r.outcome_unknown) r = reconcile(std::move(r), "prepare", label);
  } else if (r.status == "OK") {
    r.code = TxnCode::ok;
  } else if (r.status == "TXN_NOT_EXISTS") {
    // Also StarRocks' answer to a prepare repeated after its answer was lost: the BE no longer
    // holds a prepared transaction. The label's state tells.
    r = reconcile(std::move(r), "prepare", label);
    if (r.code == TxnCode::retryable && r.state == "PREPARE") r.code = TxnCode::not_found;
  } else {
    r.code = classify_failed(a.message);  // StarRocks rolls the transaction back
    r.message += " (StarRocks rolls the transaction back)";
  }
  return finish(std::move(r), "prepare", table, label);
}

TxnResult TransactionClient::commit(std::string_view table, std::string_view label) {
  Answer a = call("commit", table, label, {}, {}, HttpMethod::post);
  TxnResult& r = a.result;
  if (a.decided) {
    if (r.outcome_unknown) r = reconcile(std::move(r), "commit", label);
  } else if (r.status == "OK") {
    r.code = has(a.message, "already commit") ? TxnCode::already_committed : TxnCode::ok;
  } else if (r.status == "TXN_NOT_EXISTS") {
    r = reconcile(std::move(r), "commit", label);
    if (r.code == TxnCode::ok) r.code = TxnCode::already_committed;
    if (r.code == TxnCode::retryable && !r.outcome_unknown) r.code = TxnCode::not_found;
  } else {
    // Not OK, but the transaction may be committed all the same: Publish Timeout (committed,
    // visible later), or an FE that failed over after committing. The label's state decides.
    const TxnCode by_message = classify_failed(a.message);
    r = reconcile(std::move(r), "commit", label);
    if (r.code == TxnCode::ok && has(a.message, "publish timeout")) {
      r.message += " (committed; StarRocks publishes it by itself)";
    } else if (r.code == TxnCode::retryable && !r.outcome_unknown) {
      r.code = by_message;  // still PREPARED: the commit was refused for the reason given
    }
  }
  return finish(std::move(r), "commit", table, label);
}

TxnResult TransactionClient::rollback(std::string_view table, std::string_view label) {
  Answer a = call("rollback", table, label, {}, {}, HttpMethod::post);
  TxnResult& r = a.result;
  if (a.decided) {
    if (r.outcome_unknown) r = reconcile(std::move(r), "rollback", label);
  } else if (r.status == "OK") {
    r.code = TxnCode::ok;
  } else if (r.status == "TXN_NOT_EXISTS") {
    r.code = TxnCode::not_found;
  } else {
    const TxnCode by_message = classify_failed(a.message);
    r = reconcile(std::move(r), "rollback", label);
    if (r.code == TxnCode::retryable && !r.outcome_unknown) r.code = by_message;
  }
  return finish(std::move(r), "rollback", table, label);
}

TxnResult TransactionClient::state(std::string_view label) {
  TxnResult r;
  LabelStateQuery q = query_label_state(pool_, config_, 0, label);
  switch (q.answer.verdict) {
    case LabelVerdict::loaded:
    case LabelVerdict::pending:
    case LabelVerdict::aborted:
    case LabelVerdict::unknown:
      r.code = TxnCode::ok;
      r.state = q.answer.state;
      std::transform(r.state.begin(), r.state.end(), r.state.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      r.message = "state " + r.state;
      break;
    case LabelVerdict::denied:
      r.code = TxnCode::permanent;
      r.message = "get_load_state refused: " + q.answer.detail;
      break;
    case LabelVerdict::invalid:
      r.code = TxnCode::retryable;
      r.message = "get_load_state: " + q.problem;
      break;
  }
  r.message = mask_password(config_, std::move(r.message));
  return r;
}

}  // namespace sluice::starrocks
