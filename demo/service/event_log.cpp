#include "service/event_log.hpp"

namespace idv::demo {

void EventLog::add(const std::string& ref, std::int64_t at_ms, const std::string& kind,
                   const std::string& detail) {
  const std::lock_guard lock(db_.mutex());
  add_locked(ref, at_ms, kind, detail);
}

void EventLog::add_locked(const std::string& ref, std::int64_t at_ms, const std::string& kind,
                          const std::string& detail) {
  auto st = db_.prepare("INSERT INTO events(ref,at_ms,kind,detail) VALUES(?,?,?,?)");
  st.bind(1, ref).bind(2, at_ms).bind(3, kind).bind(4, detail);
  st.run();  // best effort: a lost timeline line must never fail the real work
}

std::vector<TimelineEvent> EventLog::list(const std::string& ref) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT at_ms,kind,detail FROM events WHERE ref=? ORDER BY id LIMIT 500");
  st.bind(1, ref);
  std::vector<TimelineEvent> out;
  while (st.step() == SQLITE_ROW) out.push_back({st.int64(0), st.text(1), st.text(2)});
  return out;
}

}  // namespace idv::demo
