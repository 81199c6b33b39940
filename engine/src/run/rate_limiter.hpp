// A token bucket: at most `per_second` events a second (bursts up to that many).
#pragma once

#include <algorithm>
#include <chrono>
#include <mutex>

namespace sluice::engine {

class RateLimiter {
 public:
  explicit RateLimiter(double per_second = 10) : rate_(per_second), tokens_(per_second) {}
  RateLimiter& operator=(const RateLimiter& o) {
    rate_ = o.rate_;
    tokens_ = o.tokens_;
    return *this;
  }

  bool allow() {
    std::lock_guard lock(mu_);
    auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(rate_, tokens_ + rate_ * std::chrono::duration<double>(now - last_).count());
    last_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  std::mutex mu_;
  double rate_, tokens_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace sluice::engine
