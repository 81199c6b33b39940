// Calls of the transaction interface for the emulator tests.
#pragma once

#include <string>
#include <vector>

#include "emulator_fixture.hpp"

namespace emu_test {

// POST (PUT for load) {base}/api/transaction/{op} with label, db and table headers.
inline HttpResult txn_call(const std::string& base, const std::string& op, const std::string& label,
                           const std::string& body = "", std::vector<std::string> extra = {},
                           const std::string& db = "demo", const std::string& table = "users") {
  HttpRequest req;
  req.method = op == "load" ? "PUT" : "POST";
  req.url = base + "/api/transaction/" + op;
  req.body = body;
  req.headers = {"label: " + label, "db: " + db};
  if (!table.empty()) req.headers.push_back("table: " + table);
  for (auto& h : extra) req.headers.push_back(h);
  req.expect_continue = op == "load";
  return perform(req);
}

inline std::string load_state(const std::string& base, const std::string& label,
                              const std::string& db = "demo") {
  return http_get(base + "/api/" + db + "/get_load_state?label=" + label, true)
      .json()["state"]
      .get<std::string>();
}

inline const std::string kTwoUsers = "{\"id\":1,\"name\":\"a\"}\n{\"id\":2,\"name\":\"b\"}";

}  // namespace emu_test
