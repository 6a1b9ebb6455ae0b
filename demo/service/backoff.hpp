#pragma once
// Retry schedule of the webhook dispatcher: exponential backoff with jitter.
//   delay after failed attempt n (1-based) = min(base * factor^(n-1), cap) * (1 + jitter * u),
//   u uniform in [-1, 1]; after max_attempts failed attempts the message is given up ("failed").
// Defaults (see docs/demo.md): base 2 s, factor 3, cap 1 h, jitter 0.2, 8 attempts:
//   2 s, 6 s, 18 s, 54 s, 2.7 min, 8.1 min, 24.3 min (±20 %) -> gives up after ~36 min.
// Jitter spreads retries so a receiver that comes back is not hit by every sender at once.
#include <cstdint>
#include <optional>

namespace idv::demo {

struct RetryPolicy {
  std::int64_t base_ms = 2000;
  double factor = 3.0;
  std::int64_t cap_ms = 3'600'000;
  double jitter = 0.2;  // 0 disables jitter
  std::int64_t max_attempts = 8;
};

// Delay before the next attempt after `failed_attempts` failures, or nullopt to give up.
// `u` in [-1, 1] is the caller's random draw (kept outside so tests are deterministic).
std::optional<std::int64_t> retry_delay_ms(const RetryPolicy& p, std::int64_t failed_attempts,
                                           double u);

}  // namespace idv::demo
