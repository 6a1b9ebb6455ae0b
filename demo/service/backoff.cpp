#include "service/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace idv::demo {

std::optional<std::int64_t> retry_delay_ms(const RetryPolicy& p, std::int64_t failed_attempts,
                                           double u) {
  if (failed_attempts < 1 || failed_attempts >= p.max_attempts) return std::nullopt;
  const double raw =
      static_cast<double>(p.base_ms) * std::pow(p.factor, static_cast<double>(failed_attempts - 1));
  const double capped = std::min(raw, static_cast<double>(p.cap_ms));
  const double jittered = capped * (1.0 + p.jitter * std::clamp(u, -1.0, 1.0));
  return std::max<std::int64_t>(0, std::llround(jittered));
}

}  // namespace idv::demo
