#include "starrocks_sink.hpp"

#include <chrono>

#include "label_state.hpp"
#include "load_payload.hpp"
#include "request_headers.hpp"
#include "response_classifier.hpp"

namespace sluice::starrocks {
namespace {

using clock = std::chrono::steady_clock;

bool label_is_safe(std::string_view label) {
  return label.find_first_of("\r\n") == std::string_view::npos;
}

}  // namespace

StarRocksSink::StarRocksSink(SinkConfig config, Host host)
    : config_(std::move(config)),
      host_(std::move(host)),
      router_(config_, host_, pool_),
      transactions_(config_, host_, pool_, router_) {}

LoadResult StarRocksSink::load(const LoadRequest& request) {
  LoadResult r = attempt(request);
  if (!r.status.is_ok()) {
    // The engine adds the label and the records; the database is the one thing it does not know.
    r.status =
        Status(r.status.code(), scrub("Stream Load into " + config_.database + "." +
                                      std::string(request.table) + ": " + r.status.message()));
  }
  r.response = scrub(std::move(r.response));
  return r;
}

LoadResult StarRocksSink::attempt(const LoadRequest& request) {
  const auto deadline = clock::now() + config_.load_timeout;
  LoadResult r;

  if (!label_is_safe(request.label)) {
    r.status = Status::permanent("the label has a line break");
    return r;
  }
  LoadPayload payload = build_load_payload(config_, request.table, request.body);
  if (!payload.problem.is_ok()) {
    r.status = payload.problem;
    return r;
  }
  warn_overrides_once(request.table, payload.overrides);
  Headers headers = std::move(payload.headers);
  if (!request.label.empty()) headers.emplace_back("label", std::string(request.label));
  headers.emplace_back("Expect", "100-continue");
  const std::string_view body = payload.body(request.body);

  const std::string path =
      "/api/" + url_encode(config_.database) + "/" + url_encode(request.table) + "/_stream_load";
  Routed sent =
      router_.send(HttpMethod::put, path, headers, body, deadline,
                   "load_timeout_ms (" + std::to_string(config_.load_timeout.count()) + " ms)");
  if (!sent.failure.empty()) {
    r.status = Status::retryable(sent.failure);
    r.response = sent.response.body;
    return r;
  }

  ClassifiedResponse c = classify_load_response(sent.response.status, sent.response.body);
  r = std::move(c.result);
  if (c.label_running) {
    host_.info("label " + std::string(request.label) + " of " + std::string(request.table) +
               " is still running on StarRocks; polling get_load_state");
    host_.count("starrocks_label_waits_total");
    LabelWaitResult wait = wait_for_label(pool_, config_, sent.fe, request.label);
    if (wait.status.is_ok()) {
      r.status = Status::ok();
      r.already_loaded = true;
    } else {
      r.status = Status(wait.status.code(),
                        "Label Already Exists and still running: " + wait.status.message());
    }
    return r;
  }
  if (!r.status.is_ok() && !r.error_url.empty()) {
    r.status = Status(r.status.code(), r.status.message() + "; " + fetch_error_log(r.error_url));
  } else if (r.status.is_ok() && r.filtered_rows > 0 && !r.error_url.empty()) {
    // Loaded, but StarRocks filtered rows within max_filter_ratio: say which, in the message.
    r.status = Status(Errc::ok, fetch_error_log(r.error_url));
  }
  return r;
}

std::string StarRocksSink::fetch_error_log(const std::string& url) {
  auto lease = pool_.acquire();
  HttpRequest req;
  req.url =
      url;  // no credentials: the BE serves error logs without them, and the URL is the server's
  req.connect_timeout = config_.connect_timeout;
  req.timeout = config_.error_log_timeout;
  req.max_response_bytes = 4096;
  HttpResponse resp = pool_.get(lease, req);
  if (resp.transport_failed) return "error log unavailable (" + resp.error + ")";
  if (resp.status != 200) return "error log unavailable (HTTP " + std::to_string(resp.status) + ")";
  std::string excerpt = error_log_excerpt(resp.body);
  return excerpt.empty() ? "error log is empty" : "error log: " + excerpt;
}

void StarRocksSink::warn_overrides_once(std::string_view table,
                                        const std::vector<HeaderOverride>& overrides) {
  for (const auto& o : overrides) {
    {
      std::lock_guard lock(warned_mu_);
      if (!warned_.emplace(std::string(table), o.name).second) continue;
    }
    host_.warn("table " + std::string(table) + ": property '" + o.name + "' = \"" +
               o.property_value + "\" replaces the formatter's \"" + o.formatter_value +
               "\"; the body was written for the formatter's value and may not load");
  }
}

std::string StarRocksSink::scrub(std::string text) const {
  return mask_password(config_, std::move(text));
}

}  // namespace sluice::starrocks
