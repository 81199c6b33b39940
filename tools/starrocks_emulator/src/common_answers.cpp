#include <random>
#include <regex>

#include "handlers.hpp"

namespace sluice_tools {

http::Response json_response(int status, const std::string& body) {
  http::Response r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  r.body = body;
  return r;
}

http::Response fe_auth_failure(const std::string& message) {
  nlohmann::ordered_json body;
  body["status"] = "FAILED";
  body["code"] = "1";
  body["msg"] = message;
  body["message"] = message;
  http::Response r = json_response(401, body.dump());
  r.headers["WWW-Authenticate"] = "Basic realm=\"\"";
  return r;
}

bool reject_fe_auth(Core& core, http::Exchange& exchange) {
  std::string user;
  switch (core.check_auth(exchange.request().header("Authorization"), user)) {
    case Core::Auth::kOk:
      return false;
    case Core::Auth::kMissing:
      exchange.respond(fe_auth_failure("Need auth information."));
      break;
    case Core::Auth::kDenied:
      exchange.respond(
          fe_auth_failure("Access denied for " + user + "@" + exchange.request().peer_ip));
      break;
  }
  return true;
}

std::string make_uuid_label() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t hi = rng(), lo = rng();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

bool valid_label(const std::string& label) {
  static const std::regex kLabel(R"(^[-\w]{1,128}$)");
  return std::regex_match(label, kLabel);
}

std::map<std::string, std::string> loggable_headers(const http::HeaderMap& headers) {
  std::map<std::string, std::string> out;
  const http::CaseInsensitiveLess less;
  for (const auto& [k, v] : headers) {
    if (!less(k, "Authorization") && !less("Authorization", k)) continue;  // no secrets in logs
    out[k] = v;
  }
  return out;
}

}  // namespace sluice_tools
