#include "fe_router.hpp"

namespace sluice::starrocks {
namespace {

using clock = std::chrono::steady_clock;
constexpr int kMaxRedirects = 3;

}  // namespace

std::string origin_of(std::string_view url) {
  auto host = url.find("://");
  host = host == std::string_view::npos ? 0 : host + 3;
  auto end = url.find_first_of("/?#", host);
  return std::string(url.substr(0, end));
}

FeRouter::FeRouter(const SinkConfig& config, Host host, HandlePool& pool)
    : config_(config), host_(std::move(host)), pool_(pool) {}

Routed FeRouter::send(HttpMethod method, const std::string& path, const Headers& headers,
                      std::string_view body, clock::time_point deadline, std::string_view budget,
                      bool fresh) {
  const Credentials credentials{config_.username, config_.password};
  const std::size_t n = config_.fe_urls.size();
  const std::size_t first = next_fe_.fetch_add(1, std::memory_order_relaxed) % n;
  auto lease = pool_.acquire();
  std::string unreached;  // FEs tried without success, and why

  Routed sent;
  for (std::size_t i = 0; i < n; ++i) {
    sent.fe = (first + i) % n;
    std::string url = config_.fe_urls[sent.fe] + path;
    for (int hop = 0;; ++hop) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
      sent.answered_by = origin_of(url);
      if (left.count() <= 0) {
        sent.failure = "no answer within " + std::string(budget) + ", last at " + sent.answered_by;
        return sent;
      }
      HttpRequest req;
      req.url = url;
      req.headers = headers;
      req.body = body;
      req.credentials = &credentials;
      req.connect_timeout = config_.connect_timeout;
      req.timeout = left;
      req.fresh_connection = fresh;
      sent.response = method == HttpMethod::put ? pool_.put(lease, req) : pool_.post(lease, req);
      const HttpResponse& resp = sent.response;

      if (resp.transport_failed) {
        if (hop == 0 && resp.unreached) {
          unreached += (unreached.empty() ? "" : "; ") + sent.answered_by + ": " + resp.error;
          break;  // this FE never saw the request: the next one may take it
        }
        sent.failure =
            sent.answered_by + (hop == 0 ? "" : " (after the FE's redirect)") + ": " + resp.error;
        return sent;
      }
      if (resp.status >= 300 && resp.status < 400) {
        if (resp.location.empty()) {
          sent.failure = sent.answered_by + " answered HTTP " + std::to_string(resp.status) +
                         " without a Location";
          return sent;
        }
        if (hop >= kMaxRedirects) {
          sent.failure = "more than " + std::to_string(kMaxRedirects) + " redirects, last to " +
                         origin_of(resp.location);
          return sent;
        }
        url = resp.location;
        continue;
      }
      return sent;  // an answer to classify
    }
    if (i + 1 < n) {
      host_.warn("FE " + sent.answered_by + " unreachable (" + sent.response.error +
                 "), trying the next FE");
      host_.count("starrocks_fe_failovers_total");
    }
  }
  sent.failure = "no FE reachable: " + unreached;
  sent.unreached = true;
  return sent;
}

}  // namespace sluice::starrocks
