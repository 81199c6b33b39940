#include "response_classifier.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

namespace sluice::starrocks {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxResponseKept = 64 * 1024;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool contains(std::string_view haystack_lower, std::string_view needle) {
  return haystack_lower.find(needle) != std::string_view::npos;
}

// Transient conditions StarRocks (or its own SDK) documents as "retry later". Checked first: when
// a message matches both lists, retrying is the choice that cannot lose data.
constexpr std::array<std::string_view, 9> kRetryable = {
    "current running txns on db",  // txn limit per database
    "too many tablet versions",    // compaction lagging
    "too many versions",
    "service is shutting down",
    "exceed http cuncurrent limit",  // (sic) as the BE spells it
    "exceed http concurrent limit",
    "transaction status unknown",
    "timeout",
    "timed out",
};

// Failures a retry with the same body, label and headers cannot fix.
constexpr std::array<std::string_view, 14> kPermanent = {
    "too many filtered rows",        // data rejected beyond max_filter_ratio
    "access denied",                 // wrong password or no INSERT privilege
    "no valid basic authorization",  // BE: no credentials
    "need auth information",         // FE: no credentials
    "primary key size exceed",       // a key longer than the limit
    "only primary key table support partial update",
    "unknown database",
    "unknown table",
    "there is no 100-continue header",  // a client bug, not a server state
    "exceed the max size",              // JSON body over 100 MB without ignore_json_size
    "body exceed max size",             // body over streaming_load_max_mb
    "label format error",               // the label does not match ^[-\w]{1,128}$
    "strip_outer_array",                // the body's shape does not match the format headers
    "compression type",                 // unsupported compression for this format / version
};

std::string string_field(const json& j, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = j.find(n);
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

std::int64_t int_field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) {
    try {
      return std::stoll(it->get<std::string>());
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

bool iequals(std::string_view a, std::string_view b) {
  return lower(a) == lower(b);
}

std::string describe_body(std::string_view body) {
  return body.empty() ? std::string("(empty body)") : clip(body);
}

}  // namespace

std::string clip(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  return std::string(text.substr(0, max_bytes)) + "…(" + std::to_string(text.size()) + " bytes)";
}

Errc classify_fail_message(std::string_view message) {
  const std::string m = lower(message);
  for (auto p : kRetryable)
    if (contains(m, p)) return Errc::retryable;
  for (auto p : kPermanent)
    if (contains(m, p)) return Errc::permanent;
  // Unknown failures are retried: the engine keeps the batch and reports the outage, so nothing is
  // dead-lettered on a guess; a truly permanent one shows up as a stuck, visible retry loop.
  return Errc::retryable;
}

ClassifiedResponse classify_load_response(long http_status, std::string_view body) {
  ClassifiedResponse out;
  LoadResult& r = out.result;
  r.response = clip(body, kMaxResponseKept);

  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  const bool is_object = j.is_object();
  const std::string message =
      is_object ? string_field(j, {"Message", "message", "msg"}) : std::string();

  if (http_status == 401 || http_status == 403) {
    r.status = Status::permanent("HTTP " + std::to_string(http_status) + ": " +
                                 (message.empty() ? describe_body(body) : message));
    return out;
  }
  if (http_status >= 500) {
    r.status =
        Status::retryable("HTTP " + std::to_string(http_status) + ": " + describe_body(body));
    return out;
  }
  if (http_status == 413) {  // a proxy's body limit: the same body will never fit
    r.status = Status::permanent("HTTP 413 (body too large): " + describe_body(body));
    return out;
  }
  if (http_status < 200 || http_status >= 300) {
    r.status = Status::retryable("unexpected HTTP " + std::to_string(http_status) + ": " +
                                 describe_body(body));
    return out;
  }
  if (!is_object) {
    r.status = Status::retryable("answer is not a JSON object: " + describe_body(body));
    return out;
  }

  r.loaded_rows = int_field(j, "NumberLoadedRows");
  r.filtered_rows = int_field(j, "NumberFilteredRows");
  r.unselected_rows = int_field(j, "NumberUnselectedRows");
  r.error_url = string_field(j, {"ErrorURL"});

  // The BE writes "Status"; the FE's own failures use "status" (RestBaseResult) or "Status".
  const std::string status = string_field(j, {"Status", "status"});
  if (iequals(status, "Success") || iequals(status, "OK") || iequals(status, "Publish Timeout")) {
    r.status = Status::ok();
    return out;
  }
  if (iequals(status, "Label Already Exists")) {
    const std::string existing = string_field(j, {"ExistingJobStatus"});
    if (iequals(existing, "FINISHED")) {
      r.status = Status::ok();
      r.already_loaded = true;
      return out;
    }
    out.label_running = true;
    r.status = Status::retryable("Label Already Exists, ExistingJobStatus " +
                                 (existing.empty() ? std::string("missing") : existing));
    return out;
  }
  if (iequals(status, "Fail") || iequals(status, "FAILED")) {
    const std::string text = message.empty() ? describe_body(body) : message;
    r.status = Status(classify_fail_message(text), status + ": " + text);
    return out;
  }
  if (status.empty()) {
    r.status = Status::retryable("answer has no Status: " + describe_body(body));
    return out;
  }
  r.status = Status::retryable("unexpected Status \"" + status + "\"" +
                               (message.empty() ? "" : ": " + message));
  return out;
}

LabelStateAnswer classify_label_state(long http_status, std::string_view body) {
  LabelStateAnswer out;
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (http_status == 401 || http_status == 403) {
    out.verdict = LabelVerdict::denied;
    std::string m = j.is_object() ? string_field(j, {"message", "msg", "Message"}) : std::string();
    out.detail =
        "HTTP " + std::to_string(http_status) + ": " + (m.empty() ? describe_body(body) : m);
    return out;
  }
  if (http_status != 200) {
    out.detail = "HTTP " + std::to_string(http_status) + ": " + describe_body(body);
    return out;
  }
  if (!j.is_object()) {
    out.detail = "answer is not a JSON object: " + describe_body(body);
    return out;
  }
  out.state = string_field(j, {"state", "State"});
  const std::string s = lower(out.state);
  if (s == "visible" || s == "committed")
    out.verdict = LabelVerdict::loaded;
  else if (s == "prepare" || s == "prepared")
    out.verdict = LabelVerdict::pending;
  else if (s == "aborted")
    out.verdict = LabelVerdict::aborted;
  else if (s == "unknown")
    out.verdict = LabelVerdict::unknown;
  else
    out.detail = out.state.empty() ? "answer has no state: " + describe_body(body)
                                   : "unexpected state \"" + out.state + "\"";
  return out;
}

std::string error_log_excerpt(std::string_view log, std::size_t max_lines, std::size_t max_bytes) {
  std::string out;
  std::size_t lines = 0;
  while (!log.empty() && lines < max_lines && out.size() < max_bytes) {
    auto nl = log.find('\n');
    std::string_view line = log.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    log = nl == std::string_view::npos ? std::string_view() : log.substr(nl + 1);
    if (line.empty()) continue;
    if (!out.empty()) out += " | ";
    std::size_t room = max_bytes > out.size() ? max_bytes - out.size() : 0;
    out += line.substr(0, room);
    ++lines;
  }
  return out;
}

}  // namespace sluice::starrocks
