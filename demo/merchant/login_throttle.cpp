#include "merchant/login_throttle.hpp"

namespace idv::demo {

std::int64_t LoginThrottle::wait_s(const std::string& address, std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  const auto it = records_.find(address);
  if (it == records_.end()) return 0;
  const std::int64_t ends = it->second.since_ms + window_ms_;
  if (now_ms >= ends) {
    records_.erase(it);  // the window is over: a clean slate
    return 0;
  }
  if (it->second.failures < max_failures_) return 0;
  return (ends - now_ms + 999) / 1000;
}

void LoginThrottle::failed(const std::string& address, std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  // Bounded: an attacker rotating addresses cannot grow this without limit.
  if (records_.size() >= 10'000) records_.clear();
  auto& r = records_[address];
  if (r.failures == 0 || now_ms >= r.since_ms + window_ms_) r = {0, now_ms};
  ++r.failures;
}

void LoginThrottle::succeeded(const std::string& address) {
  const std::lock_guard lock(mutex_);
  records_.erase(address);
}

}  // namespace idv::demo
