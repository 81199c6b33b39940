#include "sluice_registry/registry_client.hpp"

#include <mutex>

#include <curl/curl.h>

namespace sluice::registry {

struct RegistryClient::Curl {
  CURL* handle = nullptr;
  ~Curl() {
    if (handle) curl_easy_cleanup(handle);
  }
};

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

/// Text of a registry error body ({"error_code":N,"message":"..."}), else the first bytes.
std::string registry_message(const Value& body, const std::string& raw) {
  if (body.is_object() && body.contains("message") && body["message"].is_string())
    return body["message"].get<std::string>();
  return raw.substr(0, 200);
}

Status parse_schema(const Value& body, const std::string& what, RegisteredSchema& out) {
  if (!body.is_object() || !body.contains("schema") || !body["schema"].is_string())
    return Status::bad_record("schema registry answer to " + what + " has no 'schema' text");
  out.text = body["schema"].get<std::string>();
  out.type = "AVRO";
  if (body.contains("schemaType") && body["schemaType"].is_string())
    out.type = body["schemaType"].get<std::string>();
  out.references.clear();
  if (body.contains("references") && body["references"].is_array()) {
    for (const auto& r : body["references"]) {
      if (!r.is_object() || !r.contains("name") || !r["name"].is_string() ||
          !r.contains("subject") || !r["subject"].is_string() || !r.contains("version") ||
          !r["version"].is_number_integer())
        return Status::bad_record("schema registry answer to " + what +
                                  " has a malformed reference");
      out.references.push_back({r["name"].get<std::string>(), r["subject"].get<std::string>(),
                                r["version"].get<std::int32_t>()});
    }
  }
  return Status::ok();
}

}  // namespace

RegistryClient::RegistryClient(RegistryConfig config)
    : config_(std::move(config)), curl_(std::make_unique<Curl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

RegistryClient::~RegistryClient() = default;

Status RegistryClient::get(const std::string& path, const std::string& what, long& http_status,
                           Value& body) {
  if (!curl_->handle) curl_->handle = curl_easy_init();
  CURL* h = curl_->handle;
  if (!h) return Status::retryable("cannot create a libcurl handle for the schema registry");
  std::string last_error;
  for (const auto& base : config_.urls) {
    std::string raw;
    curl_easy_reset(h);
    const std::string url = base + path;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, config_.timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, config_.timeout_ms);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &raw);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_slist* headers =
        curl_slist_append(nullptr, "Accept: application/vnd.schemaregistry.v1+json");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (!config_.user_info.empty()) {
      curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(h, CURLOPT_USERPWD, config_.user_info.c_str());
    }
    if (!config_.ssl_ca_location.empty())
      curl_easy_setopt(h, CURLOPT_CAINFO, config_.ssl_ca_location.c_str());
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, config_.ssl_verify ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, config_.ssl_verify ? 2L : 0L);
    const CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
      last_error = "schema registry " + redact_url(base) + " unreachable for " + what + ": " +
                   curl_easy_strerror(rc);
      continue;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http_status);
    body = Value::parse(raw, nullptr, /*allow_exceptions=*/false);
    if (http_status >= 500 || http_status == 429) {
      last_error = "schema registry " + redact_url(base) + " answered " +
                   std::to_string(http_status) + " to " + what + ": " + registry_message(body, raw);
      continue;
    }
    if (http_status >= 200 && http_status < 300 && body.is_discarded())
      return Status::bad_record("schema registry answer to " + what + " is not JSON");
    if (body.is_discarded()) body = Value(raw.substr(0, 200));
    return Status::ok();
  }
  return Status::retryable(last_error);
}

Status RegistryClient::schema_by_id(std::int32_t id, RegisteredSchema& out) {
  const std::string what = "schema id " + std::to_string(id);
  return fetch_schema("/schemas/ids/" + std::to_string(id), what, what, out);
}

Status RegistryClient::schema_by_subject_version(std::string_view subject, std::int32_t version,
                                                 RegisteredSchema& out) {
  const std::string what =
      "subject '" + std::string(subject) + "' version " + std::to_string(version);
  if (!curl_->handle) curl_->handle = curl_easy_init();
  if (!curl_->handle) return Status::retryable("cannot create a libcurl handle");
  char* escaped = curl_easy_escape(curl_->handle, subject.data(), static_cast<int>(subject.size()));
  if (!escaped) return Status::retryable("cannot escape subject name");
  const std::string path =
      "/subjects/" + std::string(escaped) + "/versions/" + std::to_string(version);
  curl_free(escaped);
  return fetch_schema(path, what, "referenced " + what, out);
}

// One schema lookup: the answer classified (missing: a bad record; refused: retryable, the
// credentials may be fixed; other errors: a bad record with the registry's message).
Status RegistryClient::fetch_schema(const std::string& path, const std::string& what,
                                    const std::string& missing, RegisteredSchema& out) {
  long http = 0;
  Value body;
  if (Status st = get(path, what, http, body); !st) return st;
  if (http == 404) return Status::bad_record(missing + " not found in the registry");
  if (http == 401 || http == 403)
    return Status::retryable("schema registry refused " + what + " (HTTP " + std::to_string(http) +
                             "): check schema_registry_basic_auth_user_info");
  if (http < 200 || http >= 300)
    return Status::bad_record("schema registry answered " + std::to_string(http) + " to " + what +
                              ": " + registry_message(body, body.dump()));
  return parse_schema(body, what, out);
}

}  // namespace sluice::registry
