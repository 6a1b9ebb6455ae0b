#include "service/version_notifier.hpp"

namespace idv::demo {

void VersionNotifier::publish(const std::string& ref, std::int64_t version) {
  {
    const std::lock_guard lock(mutex_);
    auto [it, inserted] = versions_.try_emplace(ref, version);
    if (!inserted && version > it->second) it->second = version;
  }
  // After the store: a woken request (or one registering right now) reads the new version.
  if (auto* hub = hub_.load()) hub->wake(ref);
}

std::int64_t VersionNotifier::latest(const std::string& ref) const {
  const std::lock_guard lock(mutex_);
  const auto it = versions_.find(ref);
  return it == versions_.end() ? -1 : it->second;
}

void VersionNotifier::forget(const std::string& ref) {
  {
    const std::lock_guard lock(mutex_);
    versions_.erase(ref);
  }
  if (auto* hub = hub_.load()) hub->wake(ref);  // held polls answer 410 now
}

}  // namespace idv::demo
