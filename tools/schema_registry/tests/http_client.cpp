#include "http_client.hpp"

#include <curl/curl.h>

#include <memory>

namespace sluice::tools::test {
namespace {

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

HttpResponse perform(const std::string& url, const std::string* post_body,
                     const std::optional<Credentials>& auth) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  HttpResponse out;
  curl_slist* headers = nullptr;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 10'000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  if (post_body != nullptr) {
    headers = curl_slist_append(headers, "Content-Type: application/vnd.schemaregistry.v1+json");
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, post_body->c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(post_body->size()));
  }
  if (auth) {
    curl_easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl.get(), CURLOPT_USERNAME, auth->user.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, auth->password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) {
    out.curl_error = curl_easy_strerror(rc);
  } else {
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    char* type = nullptr;
    curl_easy_getinfo(curl.get(), CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) out.content_type = type;
  }
  curl_slist_free_all(headers);
  return out;
}

}  // namespace

HttpResponse http_get(const std::string& url, const std::optional<Credentials>& auth) {
  return perform(url, nullptr, auth);
}

HttpResponse http_post(const std::string& url, const std::string& body,
                       const std::optional<Credentials>& auth) {
  return perform(url, &body, auth);
}

}  // namespace sluice::tools::test
