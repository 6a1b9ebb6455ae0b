#pragma once
// Retry schedule of the webhook dispatcher.
//
// Default: the Standard Webhooks example schedule. The first attempt goes at once; after
// failed attempt n the next one waits delays_ms[n-1] (the last entry repeats if max_attempts
// is raised past the list):
//   immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h
// -> 10 attempts, the last one ~3 days after the first; then the message is "failed".
// Every delay is multiplied by `scale` (--retry-scale; scripts/demo --fast and the tests use
// small values) and by (1 + jitter * u), u uniform in [-1, 1], so receivers that come back
// are not hit by every sender at the same instant.
//
// The older exponential form min(base * factor^(n-1), cap) is kept for the flags that
// selected it (--retry-base-ms, --retry-factor, --retry-cap-ms): set `exponential`.
#include <cstdint>
#include <optional>
#include <vector>

namespace idv::demo {

inline const std::vector<std::int64_t>& standard_webhooks_delays_ms() {
  static const std::vector<std::int64_t> delays = {5'000,      300'000,    1'800'000,
                                                   7'200'000,  18'000'000, 36'000'000,
                                                   50'400'000, 72'000'000, 86'400'000};
  return delays;
}

struct RetryPolicy {
  std::vector<std::int64_t> delays_ms = standard_webhooks_delays_ms();
  double scale = 1.0;   // multiplies every delay
  double jitter = 0.2;  // 0 disables jitter
  std::int64_t max_attempts = 10;

  // The exponential schedule instead of delays_ms.
  bool exponential = false;
  std::int64_t base_ms = 2000;
  double factor = 3.0;
  std::int64_t cap_ms = 3'600'000;
};

// Delay before the next attempt after `failed_attempts` failures, or nullopt to give up.
// `u` in [-1, 1] is the caller's random draw (kept outside so tests are deterministic).
std::optional<std::int64_t> retry_delay_ms(const RetryPolicy& p, std::int64_t failed_attempts,
                                           double u);

}  // namespace idv::demo
