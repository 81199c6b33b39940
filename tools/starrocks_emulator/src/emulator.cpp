// StarRocksEmulator: owns the shared state and the FE and BE servers, and routes requests.
#include <stdexcept>

#include "emulator_core.hpp"
#include "handlers.hpp"
#include "http_server.hpp"

namespace sluice_tools {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    auto slash = path.find('/', pos);
    if (slash == std::string::npos) slash = path.size();
    if (slash > pos) parts.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return parts;
}

constexpr std::string_view kAdminPrefix = "/api/_emulator/";

void not_found(http::Exchange& ex) {
  ex.respond(json_response(
      404,
      nlohmann::json{{"status", "FAILED"}, {"msg", "not found: " + ex.request().path}}.dump()));
}

bool is_stream_load(const std::vector<std::string>& p) {
  return p.size() == 4 && p[0] == "api" && p[3] == "_stream_load";
}

// Routes shared by both ports. Returns false when nothing matched.
bool route_common(Core& core, http::Exchange& ex, const std::vector<std::string>& p) {
  const std::string& path = ex.request().path;
  if (path.rfind(kAdminPrefix, 0) == 0) {
    handle_admin(core, ex, path.substr(kAdminPrefix.size()));
    return true;
  }
  if (p.size() == 3 && p[0] == "api" && p[1] == "transaction") {
    // StarRocks before 2.4 has no such endpoint.
    if (!core.options.transaction_interface) return false;
    handle_transaction(core, ex, p[2]);
    return true;
  }
  if (p.size() == 3 && p[0] == "api" && p[2] == "get_load_state") {
    handle_get_load_state(core, ex, p[1]);
    return true;
  }
  return false;
}

void route_fe(Core& core, http::Exchange& ex) {
  {
    std::lock_guard lock(core.mu);
    ++core.counters.fe_requests;
  }
  auto p = split_path(ex.request().path);
  bool admin = ex.request().path.rfind(kAdminPrefix, 0) == 0;
  if (!admin) {
    bool load = is_stream_load(p);
    if (core.take_fault(load ? p[1] : "", load ? p[2] : "", true)) {
      ex.drop();
      return;
    }
  }
  if (is_stream_load(p)) {
    if (ex.request().method != "PUT") {
      ex.respond({405, {}, "Method Not Allowed\n"});
      return;
    }
    handle_fe_stream_load(core, ex);
    return;
  }
  const bool txn_to_be = p.size() == 3 && p[0] == "api" && p[1] == "transaction" &&
                         (p[2] == "begin" || p[2] == "load") &&
                         core.options.transaction_interface && core.options.redirect_transactions;
  if (txn_to_be) {
    // StarRocks' FE sends begin and load to the BE it picks for the transaction.
    if (!reject_fe_auth(core, ex)) redirect_to_be(core, ex);
    return;
  }
  if (!route_common(core, ex, p)) not_found(ex);
}

void route_be(Core& core, http::Exchange& ex) {
  auto p = split_path(ex.request().path);
  if (is_stream_load(p)) {
    if (ex.request().method != "PUT") {
      ex.respond({405, {}, "Method Not Allowed\n"});
      return;
    }
    handle_be_stream_load(core, ex, p[1], p[2]);
    return;
  }
  if (ex.request().path == "/api/_load_error_log") {
    handle_error_log(core, ex);
    return;
  }
  if (!route_common(core, ex, p)) not_found(ex);
}

}  // namespace

nlohmann::json to_json(const LoadRecord& r) {
  return nlohmann::json{{"label", r.label},
                        {"db", r.database},
                        {"table", r.table},
                        {"txn_id", r.txn_id},
                        {"status", r.status},
                        {"message", r.message},
                        {"total_rows", r.total_rows},
                        {"loaded_rows", r.loaded_rows},
                        {"filtered_rows", r.filtered_rows},
                        {"load_bytes", r.load_bytes},
                        {"headers", r.headers},
                        {"response", r.response}};
}

nlohmann::json to_json(const EmulatorCounters& c) {
  return nlohmann::json{{"fe_requests", c.fe_requests},     {"fe_redirects", c.fe_redirects},
                        {"be_requests", c.be_requests},     {"loads_succeeded", c.loads_succeeded},
                        {"loads_failed", c.loads_failed},   {"rows_loaded", c.rows_loaded},
                        {"rows_filtered", c.rows_filtered}, {"bytes_loaded", c.bytes_loaded},
                        {"faults_fired", c.faults_fired}};
}

nlohmann::json dump_state(Core& core) {
  std::lock_guard lock(core.mu);
  nlohmann::json tables = nlohmann::json::object();
  for (const auto& [key, store] : core.tables) tables[key] = store.rows_json();
  nlohmann::json loads = nlohmann::json::array();
  for (const auto& r : core.history) loads.push_back(to_json(r));
  return {{"tables", tables}, {"loads", loads}, {"counters", to_json(core.counters)}};
}

struct StarRocksEmulator::Impl {
  explicit Impl(EmulatorOptions options) : core(std::move(options)) {}
  Core core;
  std::unique_ptr<http::Server> fe;
  std::unique_ptr<http::Server> be;
  std::mutex lifecycle;
};

StarRocksEmulator::StarRocksEmulator(EmulatorOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

StarRocksEmulator::~StarRocksEmulator() {
  stop();
}

void StarRocksEmulator::start() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->fe) return;
  Core& core = impl_->core;
  auto be = std::make_unique<http::Server>(core.options.host, core.options.be_port,
                                           [&core](http::Exchange& ex) { route_be(core, ex); });
  auto fe = std::make_unique<http::Server>(core.options.host, core.options.fe_port,
                                           [&core](http::Exchange& ex) { route_fe(core, ex); });
  be->start();
  core.be_port = be->port();  // before the FE can redirect to it
  fe->start();
  core.fe_port = fe->port();
  impl_->be = std::move(be);
  impl_->fe = std::move(fe);
}

void StarRocksEmulator::stop() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->fe) impl_->fe->stop();
  if (impl_->be) impl_->be->stop();
  impl_->fe.reset();
  impl_->be.reset();
}

void StarRocksEmulator::stop_fe() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->fe) impl_->fe->stop();
  impl_->fe.reset();
}

void StarRocksEmulator::start_fe() {
  std::lock_guard lock(impl_->lifecycle);
  if (impl_->fe || !impl_->be) return;  // running, or never started
  Core& core = impl_->core;
  auto fe = std::make_unique<http::Server>(core.options.host, core.fe_port,
                                           [&core](http::Exchange& ex) { route_fe(core, ex); });
  fe->start();
  impl_->fe = std::move(fe);
}

std::uint16_t StarRocksEmulator::fe_port() const {
  return impl_->core.fe_port;
}
std::uint16_t StarRocksEmulator::be_port() const {
  return impl_->core.be_port;
}

std::string StarRocksEmulator::fe_url() const {
  return "http://" + impl_->core.advertised_host() + ":" + std::to_string(fe_port());
}

std::string StarRocksEmulator::be_url() const {
  return impl_->core.be_base_url();
}

void StarRocksEmulator::add_table(TableSpec table) {
  for (const auto& key : table.key_columns) {
    for (auto& c : table.columns) {
      if (c.name == key) c.not_null = true;
    }
  }
  std::lock_guard lock(impl_->core.mu);
  std::string key = table_key(table.database, table.table);
  impl_->core.tables.insert_or_assign(key, TableStore(std::move(table)));
}

nlohmann::json StarRocksEmulator::table_rows(std::string_view database,
                                             std::string_view table) const {
  std::lock_guard lock(impl_->core.mu);
  auto it = impl_->core.tables.find(table_key(std::string(database), std::string(table)));
  if (it == impl_->core.tables.end()) {
    throw std::runtime_error("unknown table " + std::string(database) + "." + std::string(table));
  }
  return it->second.rows_json();
}

std::vector<LoadRecord> StarRocksEmulator::loads() const {
  std::lock_guard lock(impl_->core.mu);
  return impl_->core.history;
}

nlohmann::json StarRocksEmulator::loads_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : loads()) out.push_back(to_json(r));
  return out;
}

EmulatorCounters StarRocksEmulator::counters() const {
  std::lock_guard lock(impl_->core.mu);
  return impl_->core.counters;
}

nlohmann::json StarRocksEmulator::dump() const {
  return dump_state(impl_->core);
}

void StarRocksEmulator::inject_fault(FaultSpec fault) {
  std::lock_guard lock(impl_->core.mu);
  impl_->core.faults.add(std::move(fault));
}

void StarRocksEmulator::clear_faults() {
  std::lock_guard lock(impl_->core.mu);
  impl_->core.faults.clear();
}

std::size_t StarRocksEmulator::pending_faults() const {
  std::lock_guard lock(impl_->core.mu);
  return impl_->core.faults.size();
}

void StarRocksEmulator::advance_clock(std::chrono::milliseconds by) {
  std::lock_guard lock(impl_->core.mu);
  impl_->core.clock_offset += by;
}

std::string StarRocksEmulator::label_state(std::string_view database,
                                           std::string_view label) const {
  Core& core = impl_->core;
  std::lock_guard lock(core.mu);
  core.expire_transactions_locked();
  core.forget_if_expired_locked(std::string(database), std::string(label));
  auto db_it = core.labels.find(std::string(database));
  if (db_it == core.labels.end()) return "UNKNOWN";
  auto it = db_it->second.find(std::string(label));
  if (it == db_it->second.end() || it->second.txn_id < 0) return "UNKNOWN";
  return std::string(label_state_name(it->second.state));
}

}  // namespace sluice_tools
