#pragma once
// Wakes held long-poll requests when a session's version changes. Stores the latest version
// published per reference, so a held request can ask "has it passed my version?" after it is
// registered and never miss a change that landed in between (http::Hold::ready).
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/http/http.hpp"

namespace idv::demo {

class VersionNotifier {
 public:
  // The server whose held requests to wake (set once the server exists; may stay unset).
  void attach(http::WakeHub* hub) { hub_.store(hub); }
  void publish(const std::string& ref, std::int64_t version);
  // The highest version published for ref since start, or -1 when none was.
  std::int64_t latest(const std::string& ref) const;
  void forget(const std::string& ref);  // the session was purged

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> versions_;
  std::atomic<http::WakeHub*> hub_{nullptr};
};

}  // namespace idv::demo
