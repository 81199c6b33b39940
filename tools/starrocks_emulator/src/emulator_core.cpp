#include "emulator_core.hpp"

#include <array>

namespace sluice_tools {
namespace {

std::optional<std::string> base64_decode(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::string table_key(const std::string& db, const std::string& table) {
  return db + "." + table;
}

std::string_view label_state_name(LabelState state) {
  switch (state) {
    case LabelState::kPrepare:
      return "PREPARE";
    case LabelState::kPrepared:
      return "PREPARED";
    case LabelState::kCommitted:
      return "COMMITTED";
    case LabelState::kVisible:
      return "VISIBLE";
    case LabelState::kAborted:
      return "ABORTED";
  }
  return "UNKNOWN";
}

Core::Core(EmulatorOptions opts) : options(std::move(opts)) {
  for (auto& spec : options.tables) {
    std::string key = table_key(spec.database, spec.table);
    tables.insert_or_assign(key, TableStore(spec));
  }
}

Core::Auth Core::check_auth(const std::string& header, std::string& user) const {
  constexpr std::string_view kBasic = "Basic ";
  if (header.size() <= kBasic.size() || header.compare(0, kBasic.size(), kBasic) != 0) {
    return Auth::kMissing;
  }
  auto decoded = base64_decode(std::string_view(header).substr(kBasic.size()));
  if (!decoded) return Auth::kMissing;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return Auth::kMissing;
  user = decoded->substr(0, colon);
  auto it = options.users.find(user);
  if (it == options.users.end() || it->second != decoded->substr(colon + 1)) return Auth::kDenied;
  return Auth::kOk;
}

std::string Core::advertised_host() const {
  return options.host == "0.0.0.0" ? std::string("127.0.0.1") : options.host;
}

std::string Core::be_base_url() const {
  return "http://" + advertised_host() + ":" + std::to_string(be_port);
}

bool Core::has_database(const std::string& db) const {
  std::lock_guard lock(mu);
  for (const auto& [key, store] : tables) {
    if (store.spec().database == db) return true;
  }
  return false;
}

std::optional<TableSpec> Core::table_spec(const std::string& db, const std::string& table) const {
  std::lock_guard lock(mu);
  auto it = tables.find(table_key(db, table));
  if (it == tables.end()) return std::nullopt;
  return it->second.spec();
}

std::optional<FaultSpec> Core::take_fault(const std::string& db, const std::string& table,
                                          bool fe_down, std::string_view step) {
  std::lock_guard lock(mu);
  auto fault = faults.take(db, table, fe_down, step);
  if (fault) ++counters.faults_fired;
  return fault;
}

std::optional<LabelState> Core::reserve_label(const std::string& db, const std::string& label,
                                              std::int64_t& txn_id) {
  std::lock_guard lock(mu);
  expire_transactions_locked();
  forget_if_expired_locked(db, label);
  auto& entry = labels[db][label];
  if (entry.txn_id >= 0 && entry.state != LabelState::kAborted) return entry.state;
  entry = LabelEntry{};
  entry.txn_id = txn_id = next_txn_id++;
  return std::nullopt;
}

void Core::set_label_state(const std::string& db, const std::string& label, LabelState state) {
  std::lock_guard lock(mu);
  auto& entry = labels[db][label];
  entry.state = state;
  if (state == LabelState::kAborted) {
    entry.pending = PendingRows{};
    entry.finished_at = now();
    open_txns.erase({db, label});
  }
}

void Core::commit_rows(const std::string& db, const std::string& label, const PendingRows& rows) {
  std::lock_guard lock(mu);
  auto it = tables.find(table_key(db, rows.table));
  if (it != tables.end()) it->second.apply(rows.rows, rows.partial_update);
  auto& entry = labels[db][label];
  entry.state = LabelState::kVisible;
  entry.finished_at = now();
  entry.polls_left = -1;
  entry.publish_polls = -1;
  open_txns.erase({db, label});
}

Clock::time_point Core::now() const {
  return Clock::now() + clock_offset;
}

void Core::expire_transactions() {
  std::lock_guard lock(mu);
  expire_transactions_locked();
}

void Core::expire_transactions_locked() {
  const auto t = now();
  for (auto it = open_txns.begin(); it != open_txns.end();) {
    const auto [db, label] = *it++;  // abort_locked erases the current element
    LabelEntry& e = labels[db][label];
    if (e.busy) continue;  // a request is working on it; checked again afterwards
    if (e.state == LabelState::kPrepare) {
      if (t >= e.timers.prepare_by) {
        abort_locked(db, label, "transaction is aborted by timeout");
      } else if (e.timers.idle_limit && t >= e.timers.last_active + *e.timers.idle_limit) {
        abort_locked(db, label, "transaction is aborted by idle timeout");
      }
    } else if (e.state == LabelState::kPrepared && t >= e.timers.commit_by) {
      abort_locked(db, label, "prepared transaction is aborted by prepared timeout");
    }
  }
}

void Core::abort_locked(const std::string& db, const std::string& label, std::string reason) {
  LabelEntry& entry = labels[db][label];
  entry.state = LabelState::kAborted;
  entry.pending = PendingRows{};
  entry.abort_reason = std::move(reason);
  entry.finished_at = now();
  open_txns.erase({db, label});
}

void Core::forget_if_expired_locked(const std::string& db, const std::string& label) {
  auto db_it = labels.find(db);
  if (db_it == labels.end()) return;
  auto it = db_it->second.find(label);
  if (it == db_it->second.end() || it->second.busy || !it->second.finished_at) return;
  if (now() >= *it->second.finished_at + options.label_keep_max) db_it->second.erase(it);
}

std::optional<LabelState> Core::poll_label(const std::string& db, const std::string& label) {
  std::unique_lock lock(mu);
  expire_transactions_locked();
  forget_if_expired_locked(db, label);
  auto db_it = labels.find(db);
  if (db_it == labels.end()) return std::nullopt;
  auto it = db_it->second.find(label);
  if (it == db_it->second.end() || it->second.txn_id < 0) return std::nullopt;
  LabelEntry& entry = it->second;
  if (entry.publish_polls > 0) {
    --entry.publish_polls;
    return entry.state;  // COMMITTED, publish still running
  }
  if (entry.publish_polls == 0) {
    // Published: StarRocks makes committed data visible by itself.
    PendingRows pending = std::move(entry.pending);
    entry.pending = PendingRows{};
    entry.publish_polls = -1;
    lock.unlock();
    commit_rows(db, label, pending);
    return LabelState::kVisible;
  }
  if (entry.polls_left < 0) return entry.state;
  if (entry.polls_left > 1) {
    --entry.polls_left;
    entry.state = LabelState::kPrepare;
    return entry.state;
  }
  // The last poll sees COMMITTED: as in StarRocks, committed data is durable and becomes visible
  // without any further request, so apply it now (later polls say VISIBLE).
  const bool report_committed = entry.polls_left == 1;
  PendingRows pending = std::move(entry.pending);
  entry.pending = PendingRows{};
  entry.polls_left = -1;  // a concurrent poll must not apply the rows again
  lock.unlock();
  commit_rows(db, label, pending);
  return report_committed ? LabelState::kCommitted : LabelState::kVisible;
}

std::string Core::store_error_log(std::int64_t txn_id, std::string text) {
  std::lock_guard lock(mu);
  std::string name = "error_log_" + std::to_string(txn_id) + "_" + std::to_string(next_error_log++);
  error_logs[name] = std::move(text);
  return name;
}

std::optional<std::string> Core::error_log(const std::string& name) const {
  std::lock_guard lock(mu);
  auto it = error_logs.find(name);
  if (it == error_logs.end()) return std::nullopt;
  return it->second;
}

void Core::record(LoadRecord rec) {
  std::lock_guard lock(mu);
  if (rec.status == "Success" || rec.status == "Publish Timeout" || rec.status == "REPLY DROPPED") {
    ++counters.loads_succeeded;
    counters.rows_loaded += static_cast<std::uint64_t>(rec.loaded_rows);
    counters.bytes_loaded += static_cast<std::uint64_t>(rec.load_bytes);
  } else if (rec.status != "Label Already Exists") {
    ++counters.loads_failed;
  }
  counters.rows_filtered += static_cast<std::uint64_t>(rec.filtered_rows);
  history.push_back(std::move(rec));
}

}  // namespace sluice_tools
