#pragma once
// Wakes held long-poll requests when a session's version changes. Stores the latest known
// version per reference, so a change that lands between the handler's read and its wait is
// never missed (the predicate sees it at once).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace idv::demo {

class VersionNotifier {
 public:
  void publish(const std::string& ref, std::int64_t version);
  // Waits until ref's version > since, the timeout passes, or shutdown(). True if it changed.
  bool wait_for_change(const std::string& ref, std::int64_t since,
                       std::chrono::milliseconds timeout);
  void shutdown();

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, std::int64_t> versions_;
  bool stopping_ = false;
};

}  // namespace idv::demo
