#pragma once
// Verification sessions (one per tracking reference), on either engine (common/db.hpp). Every
// status change bumps `version` and is announced to the VersionNotifier after commit, which
// wakes long-polls (other instances hear it through PostgreSQL, schema.cpp version 2).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/db.hpp"
#include "service/handoff_codes.hpp"

namespace idv::demo {

struct Session {
  std::string ref;
  std::string status;  // PENDING IN_PROGRESS COMPLETED EXPIRED CANCELLED FAILED
  std::int64_t version = 0;
  std::string reference_data;
  std::string webhook_url;
  std::string return_url;
  std::string locale;
  std::string metadata;  // JSON text
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::int64_t expires_ms = 0;
  std::string portal_step;         // consent details document selfie done
  std::string details;             // JSON text: what the customer entered
  std::int64_t phase2_stage = 0;   // 0 processing, 1 automatic verdict sent, 2 final sent
  std::int64_t phase2_due_ms = 0;  // when the next Phase 2 step runs
  bool deleted = false;
  std::string webhook_format = "risk-assessment";  // see webhook_format.hpp
  std::string files_token;          // capability in the uploads' URLs (fileUrls of seed 003)
  std::int64_t started_ms = 0;      // portal first opened (startTime); 0: never
  std::string user_agent;           // of the browser that finished data entry (platform)
  std::string close_reason;         // why it is EXPIRED / FAILED: expired, max_attempts, terminated
  std::string phase2_doc;           // JSON: the status document state after the last verdict
  std::int64_t auto_finish_ms = 0;  // when the automatic verdict was made (finishTime)
  std::string success_url;          // invite's successUrl: the portal's done page links here
  std::string error_url;            // invite's errorUrl: the failed-identification page
  // The hand-off codes (handoff_codes.hpp); blanked when the session stops being open.
  std::string short_code;
  std::string match_code;
};

// PENDING and IN_PROGRESS: the customer may still use the portal (unless expires_ms passed).
inline bool is_open_status(std::string_view status) {
  return status == "PENDING" || status == "IN_PROGRESS";
}

struct NewSession {
  std::string ref, reference_data, webhook_url, return_url, locale, metadata;
  std::int64_t now_ms = 0, expires_ms = 0;
  std::string webhook_format = "risk-assessment", files_token = "";
  std::string success_url = "", error_url = "";  // optional invite fields
};

class SessionStore {
 public:
  using ChangeListener = std::function<void(const std::string& ref, std::int64_t version)>;
  SessionStore(Db& db, ChangeListener on_change) : db_(db), on_change_(std::move(on_change)) {}
  using CodeSource = std::function<std::optional<HandoffCodes>()>;
  // Tables: service/schema.hpp.
  // Inserts the session with hand-off codes from `draw` (default: the CSPRNG); a short code
  // that an open session holds already is drawn again. The codes stored, or nullopt when the
  // session could not be stored.
  std::optional<HandoffCodes> create(const NewSession& s);
  std::optional<HandoffCodes> create(const NewSession& s, const CodeSource& draw);
  std::optional<Session> find(const std::string& ref);
  std::int64_t count();

  // Moves status (bumping version) only when the current status is one of `from`.
  // Returns the new version, or nullopt when no change happened.
  std::optional<std::int64_t> transition(const std::string& ref,
                                         const std::vector<std::string>& from,
                                         const std::string& to, std::int64_t now_ms);
  // Saves portal progress; the status is untouched.
  bool save_step(const std::string& ref, const std::string& step, const std::string& details,
                 std::int64_t now_ms);
  // Completes data entry: status COMPLETED, step done, Phase 2 due at phase2_due_ms.
  std::optional<std::int64_t> complete(const std::string& ref, const std::string& details,
                                       std::int64_t now_ms, std::int64_t phase2_due_ms,
                                       const std::string& user_agent = {});
  // Ends an open session (EXPIRED, FAILED) and makes its Phase 2 due at once: the seed-003
  // rule sends a callback right away for these. Same transaction, so no callback is lost.
  std::optional<std::int64_t> close(const std::string& ref, const std::vector<std::string>& from,
                                    const std::string& to, const std::string& reason,
                                    std::int64_t now_ms);
  // First portal visit: remembers when the customer started (startTime of seed 003).
  void record_start(const std::string& ref, std::int64_t now_ms);
  // Moves Phase 2 from `from_stage` on; false when another worker (instance) did it first.
  bool set_phase2(const std::string& ref, std::int64_t from_stage, std::int64_t stage,
                  std::int64_t due_ms);
  // Caller holds the mutex (inside the worker's transaction).
  bool set_phase2_doc(const std::string& ref, const std::string& doc_json,
                      std::int64_t auto_finish_ms);
  // Purge: personal data wiped, tracking answers 410 from now on. The _locked form runs inside
  // the caller's transaction (purge.cpp) and announces nothing; it returns the new version.
  bool mark_deleted(const std::string& ref, std::int64_t now_ms);
  std::optional<std::int64_t> mark_deleted_locked(const std::string& ref, std::int64_t now_ms);

  // The open, unexpired session whose short code this is (canonical form), if any.
  std::optional<std::string> find_open_by_short_code(const std::string& short_code,
                                                     std::int64_t now_ms);

  std::vector<std::string> due_for_expiry(std::int64_t now_ms);
  std::vector<Session> due_for_phase2(std::int64_t now_ms);

  Db& db() { return db_; }

 private:
  void announce(const std::string& ref, std::int64_t version) {
    if (on_change_) on_change_(ref, version);
  }
  Db& db_;
  ChangeListener on_change_;
};

}  // namespace idv::demo
