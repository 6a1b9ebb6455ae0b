#include "tracking/poll_scheduler.hpp"

#include <algorithm>

namespace idv {

PollScheduler::PollScheduler(PollPolicy policy, std::uint64_t seed)
    : policy_(policy), rng_(seed ^ 0x9E3779B97F4A7C15ULL) {}

double PollScheduler::uniform() {
  // splitmix64: tiny, fast, and plenty for jitter. The seed comes from the caller.
  std::uint64_t z = (rng_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);
}

Millis PollScheduler::delayAfterSuccess(bool visible) {
  failures_ = 0;
  const Millis base =
      visible ? policy_.interval : std::max(policy_.interval, policy_.hiddenInterval);
  return static_cast<Millis>(static_cast<double>(base) * (0.8 + 0.4 * uniform()));
}

Millis PollScheduler::delayAfterFailure(bool visible, std::optional<Millis> retryAfter) {
  failures_ = std::min(failures_ + 1, 30);
  Millis ceiling = policy_.interval;
  for (int i = 0; i < failures_ && ceiling < policy_.maxBackoff; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, policy_.maxBackoff);
  Millis delay = ceiling / 2 + static_cast<Millis>(static_cast<double>(ceiling / 2) * uniform());
  if (!visible) delay = std::max(delay, policy_.hiddenInterval);
  if (retryAfter) delay = std::max(delay, std::min(*retryAfter, policy_.maxRetryAfter));
  return delay;
}

}  // namespace idv
