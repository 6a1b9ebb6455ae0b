#include "service/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace idv::demo {

std::int64_t RateLimiter::acquire(const std::string& client, std::int64_t now_ms) {
  if (rate_ <= 0) return 0;  // disabled
  const std::lock_guard lock(mutex_);
  if (buckets_.size() > 10000) buckets_.clear();  // bounded memory under address churn
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst_, b.tokens + rate_ * static_cast<double>(now_ms - b.at_ms) / 1000.0);
    b.at_ms = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<std::int64_t>(1, std::llround(std::ceil((1.0 - b.tokens) / rate_)));
}

}  // namespace idv::demo
