#include "crash/crash_scope.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace sluice::engine {

namespace {

// initial-exec: the handler reads it without a call into the dynamic loader (which may allocate
// the first time a thread touches a dynamic TLS block, and is not async-signal-safe).
thread_local const CrashScope* innermost [[gnu::tls_model("initial-exec")]] = nullptr;

}  // namespace

CrashSite::CrashSite(std::string_view stage, std::string_view plugin,
                     const std::filesystem::path& file) {
  text_.append(stage).append(" '").append(plugin).append("'");
  if (!file.empty()) text_.append(" (").append(file.string()).append(")");
}

CrashScope::CrashScope(const CrashSite& site) noexcept
    : site_(site.text().data()), site_len_(site.text().size()), outer_(innermost) {
  std::atomic_signal_fence(std::memory_order_seq_cst);
  innermost = this;
}

CrashScope::CrashScope(const CrashSite& site, std::string_view topic, std::int32_t partition,
                       std::int64_t offset) noexcept
    : CrashScope(site) {
  set_record(topic, partition, offset);
}

CrashScope::~CrashScope() {
  innermost = outer_;
}

void CrashScope::set_record(std::string_view topic, std::int32_t partition,
                            std::int64_t offset) noexcept {
  // The length is published last: a signal arriving half-way reads a shorter, still valid topic.
  topic_len_ = 0;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  std::size_t n = std::min(topic.size(), max_topic);
  std::memcpy(topic_, topic.data(), n);
  partition_ = partition;
  offset_ = offset;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  topic_len_ = n;
  has_record_ = true;
}

const CrashScope* CrashScope::current() noexcept {
  return innermost;
}

}  // namespace sluice::engine
