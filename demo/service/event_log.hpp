#pragma once
// Server-side timeline of a session (Phase 2 processing, each delivery attempt), so the
// merchant page can show what happened after onSuccess. Never holds personal data or secrets.
#include <cstdint>
#include <string>
#include <vector>

#include "common/db.hpp"

namespace idv::demo {

struct TimelineEvent {
  std::int64_t at_ms = 0;
  std::string kind;    // e.g. phase2.started, phase2.verdict, webhook.attempt, webhook.delivered
  std::string detail;  // one human-readable line
};

class EventLog {
 public:
  explicit EventLog(Db& db) : db_(db) {}
  // Locks the db itself.
  void add(const std::string& ref, std::int64_t at_ms, const std::string& kind,
           const std::string& detail);
  // For callers already holding db.mutex() (inside a transaction).
  void add_locked(const std::string& ref, std::int64_t at_ms, const std::string& kind,
                  const std::string& detail);
  std::vector<TimelineEvent> list(const std::string& ref);

 private:
  Db& db_;
};

}  // namespace idv::demo
