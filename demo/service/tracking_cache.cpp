#include "service/tracking_cache.hpp"

namespace idv::demo {

std::optional<TrackingView> TrackingCache::get(
    const std::string& ref, const std::function<std::optional<TrackingView>()>& load) {
  std::uint64_t epoch = 0;
  {
    const std::lock_guard lock(mutex_);
    if (const auto it = views_.find(ref); it != views_.end()) return it->second;
    epoch = epoch_;
  }
  auto view = load();
  if (!view) return view;
  const std::lock_guard lock(mutex_);
  if (epoch == epoch_) {
    // Bounded without bookkeeping: when full, start over (entries refill on the next poll).
    if (views_.size() >= max_entries_) views_.clear();
    views_.insert_or_assign(ref, *view);
  }
  return view;
}

void TrackingCache::invalidate(const std::string& ref) {
  const std::lock_guard lock(mutex_);
  ++epoch_;
  views_.erase(ref);
}

void TrackingCache::invalidate_all() {
  const std::lock_guard lock(mutex_);
  ++epoch_;
  views_.clear();
}

}  // namespace idv::demo
