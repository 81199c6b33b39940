// HTTP handlers of the two ports. Paths are matched by the dispatchers in emulator.cpp.
#pragma once

#include <map>
#include <string>

#include "emulator_core.hpp"
#include "http_server.hpp"

namespace sluice_tools {

// BE: PUT /api/{db}/{table}/_stream_load
void handle_be_stream_load(Core& core, http::Exchange& exchange, const std::string& db,
                           const std::string& table);
// FE: PUT /api/{db}/{table}/_stream_load -> 307 to the BE
void handle_fe_stream_load(Core& core, http::Exchange& exchange);
// FE: 307 to the BE, same path and query, `Connection: close`.
void redirect_to_be(Core& core, http::Exchange& exchange);
// FE and BE: /api/transaction/{op}
void handle_transaction(Core& core, http::Exchange& exchange, const std::string& op);
// FE and BE: GET /api/{db}/get_load_state?label=
void handle_get_load_state(Core& core, http::Exchange& exchange, const std::string& db);
// BE: GET /api/_load_error_log?file=
void handle_error_log(Core& core, http::Exchange& exchange);
// FE and BE: /api/_emulator/...; `rest` is the path after /api/_emulator/
void handle_admin(Core& core, http::Exchange& exchange, const std::string& rest);

// {"tables":{"db.tbl":[rows]},"loads":[...],"counters":{...}}
nlohmann::json dump_state(Core& core);

// Shared answers.
http::Response json_response(int status, const std::string& body);
// FE-style auth failure: 401 + WWW-Authenticate + {"status":"FAILED",...}
http::Response fe_auth_failure(const std::string& message);
// Returns true (and answers) when the request is not authorised, FE style.
bool reject_fe_auth(Core& core, http::Exchange& exchange);
std::string make_uuid_label();
bool valid_label(const std::string& label);
std::map<std::string, std::string> loggable_headers(const http::HeaderMap& headers);

}  // namespace sluice_tools
