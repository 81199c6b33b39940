// A real HTTP client for the emulator tests (libcurl, the way a Stream Load client uses it:
// PUT with `Expect: 100-continue`, following the FE's 307 and re-sending auth to the BE).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emu_test {

struct HttpResult {
  int curl_code = 0;  // CURLE_OK is 0
  std::string curl_error;
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // of the last response, names lower-case
  long redirects = 0;
  nlohmann::json json() const;
};

struct HttpRequest {
  std::string method = "PUT";
  std::string url;
  std::string body;
  bool has_body = true;
  std::vector<std::string> headers;  // "name: value"
  bool auth = true;
  std::string user = "root";
  std::string password;
  bool expect_continue = true;  // send `Expect: 100-continue` (else send `Expect:` to drop it)
  bool follow = true;
};

HttpResult perform(const HttpRequest& request);

// PUT {base}/api/{db}/{table}/_stream_load with the body and headers, following redirects.
HttpResult stream_load(const std::string& base_url, const std::string& db, const std::string& table,
                       const std::string& body, std::vector<std::string> headers = {},
                       const std::string& password = "");

HttpResult http_get(const std::string& url, bool auth = false);
HttpResult http_send(const std::string& method, const std::string& url, const std::string& body,
                     std::vector<std::string> headers = {});

// Sends raw bytes on a fresh connection and returns what the server sent until it closed or
// `max_wait_ms` passed.
std::string raw_exchange(unsigned short port, const std::string& bytes, int max_wait_ms = 3000);

std::string basic_auth(const std::string& user, const std::string& password);

}  // namespace emu_test
