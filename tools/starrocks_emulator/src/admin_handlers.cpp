// Read-side endpoints: get_load_state, the error log of rejected rows, and the emulator's own
// /api/_emulator/ endpoints (tables, loads, counters, dump, faults).
#include "handlers.hpp"

namespace sluice_tools {
namespace {

http::Response error_json(int status, const std::string& message) {
  return json_response(status, nlohmann::json{{"error", message}}.dump());
}

nlohmann::json rows_of(Core& core, const std::string& key) {
  std::lock_guard lock(core.mu);
  auto it = core.tables.find(key);
  if (it == core.tables.end()) return nullptr;
  return it->second.rows_json();
}

}  // namespace

void handle_get_load_state(Core& core, http::Exchange& exchange, const std::string& db) {
  if (reject_fe_auth(core, exchange)) return;
  std::string label = exchange.request().query_param("label");
  auto state = core.poll_label(db, label);
  nlohmann::ordered_json j;
  j["status"] = "OK";
  j["code"] = "0";
  j["msg"] = "Success";
  j["message"] = "Success";
  j["state"] = state ? std::string(label_state_name(*state)) : "UNKNOWN";
  exchange.respond(json_response(200, j.dump()));
}

void handle_error_log(Core& core, http::Exchange& exchange) {
  auto log = core.error_log(exchange.request().query_param("file"));
  if (!log) {
    exchange.respond({404, {{"Content-Type", "text/plain"}}, "no such error log\n"});
    return;
  }
  exchange.respond({200, {{"Content-Type", "text/plain"}}, *log});
}

void handle_admin(Core& core, http::Exchange& exchange, const std::string& rest) {
  const std::string& method = exchange.request().method;
  if (rest.rfind("tables/", 0) == 0 && method == "GET") {
    std::string name = rest.substr(7);
    auto slash = name.find('/');
    if (slash == std::string::npos) {
      exchange.respond(error_json(400, "use /api/_emulator/tables/{db}/{table}"));
      return;
    }
    nlohmann::json rows = rows_of(core, table_key(name.substr(0, slash), name.substr(slash + 1)));
    if (rows.is_null()) {
      exchange.respond(error_json(404, "unknown table " + name));
      return;
    }
    exchange.respond(json_response(200, rows.dump()));
    return;
  }
  if (rest == "loads" && method == "GET") {
    nlohmann::json out = nlohmann::json::array();
    std::lock_guard lock(core.mu);
    for (const auto& r : core.history) out.push_back(to_json(r));
    exchange.respond(json_response(200, out.dump()));
    return;
  }
  if (rest == "counters" && method == "GET") {
    std::lock_guard lock(core.mu);
    exchange.respond(json_response(200, to_json(core.counters).dump()));
    return;
  }
  if (rest == "dump" && method == "GET") {
    exchange.respond(json_response(200, dump_state(core).dump()));
    return;
  }
  if (rest == "faults") {
    if (method == "DELETE") {
      std::lock_guard lock(core.mu);
      core.faults.clear();
      exchange.respond(json_response(200, R"({"pending":0})"));
      return;
    }
    if (method == "POST" || method == "PUT") {
      auto body = exchange.read_body(1 << 20);
      std::vector<FaultSpec> faults;
      try {
        auto j = nlohmann::json::parse(body.value_or(""));
        if (j.is_array()) {
          for (const auto& f : j) faults.push_back(fault_from_json(f));
        } else {
          faults.push_back(fault_from_json(j));
        }
      } catch (const std::exception& e) {
        exchange.respond(error_json(400, e.what()));
        return;
      }
      std::lock_guard lock(core.mu);
      for (auto& f : faults) core.faults.add(std::move(f));
      exchange.respond(json_response(200, nlohmann::json{{"pending", core.faults.size()}}.dump()));
      return;
    }
  }
  exchange.respond(
      error_json(404, "unknown emulator endpoint: " + method + " /api/_emulator/" + rest));
}

}  // namespace sluice_tools
