// Minimal libcurl client for the tests: one fresh connection per request.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace sluice::tools::test {

struct HttpResponse {
  int status = 0;          // 0 when no HTTP answer arrived
  std::string curl_error;  // "" when the transfer worked
  std::string content_type;
  std::string body;
};

struct Credentials {
  std::string user;
  std::string password;
};

HttpResponse http_get(const std::string& url, const std::optional<Credentials>& auth = {});
HttpResponse http_post(const std::string& url, const std::string& body,
                       const std::optional<Credentials>& auth = {});

}  // namespace sluice::tools::test
