#include "label_state.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "response_classifier.hpp"

namespace sluice::starrocks {

namespace {

std::string state_path(const SinkConfig& config, std::string_view label) {
  return "/api/" + url_encode(config.database) + "/get_load_state?label=" + url_encode(label);
}

HttpResponse get_state(HandlePool::Lease& lease, HandlePool& pool, const SinkConfig& config,
                       const Credentials& credentials, const std::string& url) {
  HttpRequest req;
  req.url = url;
  req.credentials = &credentials;
  req.connect_timeout = config.connect_timeout;
  req.timeout = std::max(config.connect_timeout * 2, std::chrono::milliseconds(5000));
  req.follow_redirects = true;  // a follower FE may send us to another FE
  req.max_response_bytes = 64 * 1024;
  return pool.get(lease, req);
}

}  // namespace

LabelStateQuery query_label_state(HandlePool& pool, const SinkConfig& config, std::size_t first_fe,
                                  std::string_view label) {
  const Credentials credentials{config.username, config.password};
  const std::string path = state_path(config, label);
  const std::size_t n = config.fe_urls.size();
  auto lease = pool.acquire();
  LabelStateQuery out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& fe = config.fe_urls[(first_fe + i) % n];
    HttpResponse resp = get_state(lease, pool, config, credentials, fe + path);
    if (resp.transport_failed) {
      out.problem += (out.problem.empty() ? "" : "; ") + fe + ": " + resp.error;
      if (resp.unreached) continue;
      return out;
    }
    out.answer = classify_label_state(resp.status, resp.body);
    if (out.answer.verdict == LabelVerdict::invalid) out.problem = out.answer.detail;
    return out;
  }
  return out;
}

LabelWaitResult wait_for_label(HandlePool& pool, const SinkConfig& config, std::size_t first_fe,
                               std::string_view label) {
  using clock = std::chrono::steady_clock;
  const auto started = clock::now();
  const auto deadline = started + config.label_state_max_wait;
  const Credentials credentials{config.username, config.password};
  const std::string path = state_path(config, label);

  LabelWaitResult out;
  std::string last_problem;
  std::size_t fe = first_fe % config.fe_urls.size();
  auto lease = pool.acquire();
  for (;;) {
    HttpResponse resp = get_state(lease, pool, config, credentials, config.fe_urls[fe] + path);
    ++out.polls;

    if (resp.transport_failed) {
      last_problem = config.fe_urls[fe] + ": " + resp.error;
      if (resp.unreached) fe = (fe + 1) % config.fe_urls.size();
    } else {
      LabelStateAnswer answer = classify_label_state(resp.status, resp.body);
      if (!answer.state.empty()) out.state = answer.state;
      switch (answer.verdict) {
        case LabelVerdict::loaded:
          out.status = Status::ok();
          return out;
        case LabelVerdict::aborted:
          out.status =
              Status::retryable("the earlier load under this label was ABORTED; load it again");
          return out;
        case LabelVerdict::unknown:
          out.status = Status::retryable(
              "StarRocks no longer knows this label (state UNKNOWN); load it again");
          return out;
        case LabelVerdict::denied:
          out.status = Status::permanent("get_load_state refused: " + answer.detail);
          return out;
        case LabelVerdict::pending:
          last_problem.clear();
          break;
        case LabelVerdict::invalid:
          last_problem = "get_load_state: " + answer.detail;
          break;
      }
    }

    const auto now = clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(std::min<clock::duration>(config.label_state_poll, deadline - now));
  }
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started);
  out.status = Status::retryable(
      "the label is still " + (out.state.empty() ? std::string("RUNNING") : out.state) + " after " +
      std::to_string(waited.count()) + " ms of polling (label_state_max_wait_ms)" +
      (last_problem.empty() ? "" : "; last problem: " + last_problem));
  return out;
}

}  // namespace sluice::starrocks
