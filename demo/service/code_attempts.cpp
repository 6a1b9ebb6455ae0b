#include "service/code_attempts.hpp"

#include <algorithm>

namespace idv::demo {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
// Bounded memory under address churn. Finished windows are dropped first; a client that still
// finds no room is only counted globally (clearing the table would free locked-out addresses).
constexpr std::size_t kMaxClients = 100'000;

}  // namespace

std::int64_t CodeAttemptLimiter::wait_s(const std::string& client, std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  std::int64_t wait = 0;
  if (global_.failures >= limits_.global_per_minute && now_ms < global_.since_ms + kMinuteMs)
    wait = seconds_until(global_.since_ms + kMinuteMs, now_ms);
  if (const auto it = clients_.find(client); it != clients_.end()) {
    const std::int64_t ends = it->second.since_ms + limits_.window_ms;
    if (now_ms >= ends)
      clients_.erase(it);  // the window is over: a clean slate
    else if (it->second.failures >= limits_.per_client)
      wait = std::max(wait, seconds_until(ends, now_ms));
  }
  return wait;
}

void CodeAttemptLimiter::failed(const std::string& client, std::int64_t now_ms) {
  const std::lock_guard lock(mutex_);
  if (global_.failures == 0 || now_ms >= global_.since_ms + kMinuteMs) global_ = {0, now_ms};
  ++global_.failures;

  auto it = clients_.find(client);
  if (it == clients_.end()) {
    if (clients_.size() >= kMaxClients) forget_finished_windows(now_ms);
    if (clients_.size() >= kMaxClients) return;
    it = clients_.emplace(client, Window{0, now_ms}).first;
  }
  Window& w = it->second;
  if (now_ms >= w.since_ms + limits_.window_ms) w = {0, now_ms};
  ++w.failures;
}

void CodeAttemptLimiter::forget_finished_windows(std::int64_t now_ms) {
  std::erase_if(clients_, [&](const auto& entry) {
    return now_ms >= entry.second.since_ms + limits_.window_ms;
  });
}

}  // namespace idv::demo
