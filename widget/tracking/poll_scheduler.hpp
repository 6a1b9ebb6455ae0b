#pragma once
// When to ask the tracking endpoint next. Pure arithmetic on durations: the caller adds `now`.
//
// The rules, in one place:
//   * normal cadence: `interval` ± 20 % jitter, so a thousand widgets opened by one campaign
//     e-mail do not poll in lock-step;
//   * hidden tab: the slow `hiddenInterval` cadence (the customer is on the phone anyway);
//   * errors: exponential backoff from `interval`, capped at `maxBackoff`, with "equal jitter"
//     (half fixed, half random) so the delay still grows;
//   * Retry-After: honoured as sent (never shorter), capped at `maxRetryAfter` so a bogus
//     header cannot silence the widget for a day.
#include <cstdint>
#include <optional>

#include "time/millis.hpp"

namespace idv {

struct PollPolicy {
  Millis interval = 2 * kSecond;
  Millis hiddenInterval = 30 * kSecond;
  Millis maxBackoff = 30 * kSecond;
  Millis requestTimeout = 15 * kSecond;
  Millis maxRetryAfter = 10 * kMinute;
  Millis maxLongPoll = 25 * kSecond;  // below common proxy idle timeouts (30–60 s)
};

class PollScheduler {
 public:
  PollScheduler(PollPolicy policy, std::uint64_t seed);

  const PollPolicy& policy() const { return policy_; }

  // A response was understood: the failure streak ends.
  Millis delayAfterSuccess(bool visible);
  // A transient failure (5xx, timeout, network, garbage, 429): the streak grows.
  Millis delayAfterFailure(bool visible, std::optional<Millis> retryAfter);

  int consecutiveFailures() const { return failures_; }

 private:
  double uniform();  // [0, 1)

  PollPolicy policy_;
  std::uint64_t rng_;
  int failures_ = 0;
};

}  // namespace idv
