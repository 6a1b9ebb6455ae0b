#include "service/version_notifier.hpp"

namespace idv::demo {

void VersionNotifier::publish(const std::string& ref, std::int64_t version) {
  {
    const std::lock_guard lock(mutex_);
    auto& v = versions_[ref];
    if (version > v) v = version;
  }
  cv_.notify_all();
}

bool VersionNotifier::wait_for_change(const std::string& ref, std::int64_t since,
                                      std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto changed = [&] {
    const auto it = versions_.find(ref);
    return it != versions_.end() && it->second > since;
  };
  cv_.wait_for(lock, timeout, [&] { return stopping_ || changed(); });
  return changed();
}

void VersionNotifier::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
}

}  // namespace idv::demo
