// FE side of Stream Load: auth, the `Expect: 100-continue` rule, then 307 to the BE. The FE never
// reads the body and never sends `100 Continue`; db and table are not checked here. Transaction
// begin and load are redirected the same way (after auth).
#include "handlers.hpp"

namespace sluice_tools {

void handle_fe_stream_load(Core& core, http::Exchange& exchange) {
  if (reject_fe_auth(core, exchange)) return;
  const http::Request& req = exchange.request();
  std::string expect = req.header("Expect");
  for (auto& c : expect) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (expect != "100-continue") {
    http::Response r = json_response(
        200,
        R"({"Status":"FAILED","Message":"class com.starrocks.common.DdlException: There is no 100-continue header"})");
    r.headers["Connection"] = "close";
    exchange.respond(std::move(r));
    return;
  }
  redirect_to_be(core, exchange);
}

void redirect_to_be(Core& core, http::Exchange& exchange) {
  std::string path_and_query = exchange.request().target;  // the same path and query, as sent
  http::Response r;
  r.status = 307;
  r.headers["Location"] = core.be_base_url() + path_and_query;
  r.headers["Connection"] = "close";
  {
    std::lock_guard lock(core.mu);
    ++core.counters.fe_redirects;
  }
  exchange.respond(std::move(r));
}

}  // namespace sluice_tools
