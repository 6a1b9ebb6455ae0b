#include "service/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace idv::demo {

std::optional<std::int64_t> retry_delay_ms(const RetryPolicy& p, std::int64_t failed_attempts,
                                           double u) {
  if (failed_attempts < 1 || failed_attempts >= p.max_attempts) return std::nullopt;
  double raw = 0;
  if (p.exponential) {
    raw = std::min(static_cast<double>(p.base_ms) *
                       std::pow(p.factor, static_cast<double>(failed_attempts - 1)),
                   static_cast<double>(p.cap_ms));
  } else if (!p.delays_ms.empty()) {
    const auto i = std::min<std::size_t>(static_cast<std::size_t>(failed_attempts - 1),
                                         p.delays_ms.size() - 1);
    raw = static_cast<double>(p.delays_ms[i]);
  }
  const double jittered = raw * p.scale * (1.0 + p.jitter * std::clamp(u, -1.0, 1.0));
  return std::max<std::int64_t>(0, std::llround(jittered));
}

}  // namespace idv::demo
