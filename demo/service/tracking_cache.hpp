#pragma once
// The tracking endpoint's answers, kept in memory per reference until the session changes.
//
// Why: thousands of widgets poll the same few hundred sessions, and a session changes a handful
// of times in its life. Serving a poll from here costs a hash lookup instead of a SQLite query
// under the database mutex (which a writer's fsync may hold for milliseconds) plus a JSON
// dump. Every change of a session invalidates its entry (ServiceContext::session_changed).
//
// Race-free without holding the lock over the database read: an entry loaded from the database
// is stored only if no invalidation happened since the load began (a global epoch).
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace idv::demo {

struct TrackingView {
  bool deleted = false;
  std::int64_t version = 0;
  std::string etag;  // "\"v<version>\""
  std::string json;  // the 200 body (contract 1)
};

class TrackingCache {
 public:
  explicit TrackingCache(std::size_t max_entries = 100'000) : max_entries_(max_entries) {}
  // The cached view, else load() (nullopt: unknown reference, not cached).
  std::optional<TrackingView> get(const std::string& ref,
                                  const std::function<std::optional<TrackingView>()>& load);
  void invalidate(const std::string& ref);
  // Every entry: changes may have been missed (another instance's, while the listener was
  // reconnecting).
  void invalidate_all();

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, TrackingView> views_;
  std::uint64_t epoch_ = 0;
  std::size_t max_entries_;
};

}  // namespace idv::demo
