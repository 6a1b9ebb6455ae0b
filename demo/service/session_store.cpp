#include "service/session_store.hpp"

namespace idv::demo {
namespace {

// A clash of 40-bit codes among open sessions is rare; eight in a row means something is wrong.
constexpr int kMaxCodeDraws = 8;
// Appended to an UPDATE that ends a session: its hand-off codes die with it, so a short code
// never resolves again and can be given to a new session.
constexpr const char* kForgetCodes = ", short_code='', match_code=''";

constexpr const char* kColumns =
    "ref,status,version,reference_data,webhook_url,return_url,locale,metadata,created_ms,"
    "updated_ms,expires_ms,portal_step,details,phase2_stage,phase2_due_ms,deleted,webhook_format,"
    "files_token,started_ms,user_agent,close_reason,phase2_doc,auto_finish_ms,success_url,"
    "error_url,short_code,match_code";

Session read_row(const Stmt& s) {
  Session r;
  r.ref = s.text(0);
  r.status = s.text(1);
  r.version = s.int64(2);
  r.reference_data = s.text(3);
  r.webhook_url = s.text(4);
  r.return_url = s.text(5);
  r.locale = s.text(6);
  r.metadata = s.text(7);
  r.created_ms = s.int64(8);
  r.updated_ms = s.int64(9);
  r.expires_ms = s.int64(10);
  r.portal_step = s.text(11);
  r.details = s.text(12);
  r.phase2_stage = s.int64(13);
  r.phase2_due_ms = s.int64(14);
  r.deleted = s.int64(15) != 0;
  r.webhook_format = s.text(16);
  r.files_token = s.text(17);
  r.started_ms = s.int64(18);
  r.user_agent = s.text(19);
  r.close_reason = s.text(20);
  r.phase2_doc = s.text(21);
  r.auto_finish_ms = s.int64(22);
  r.success_url = s.text(23);
  r.error_url = s.text(24);
  r.short_code = s.text(25);
  r.match_code = s.text(26);
  return r;
}

}  // namespace
std::optional<HandoffCodes> SessionStore::create(const NewSession& n) {
  return create(n, random_handoff_codes);
}

std::optional<HandoffCodes> SessionStore::create(const NewSession& n, const CodeSource& draw) {
  const std::lock_guard lock(db_.mutex());
  for (int attempt = 0; attempt < kMaxCodeDraws; ++attempt) {
    auto codes = draw();
    if (!codes) return std::nullopt;
    // The unique index on the short codes held (schema v3) decides, also between instances:
    // a clash inserts nothing (no error, which on PostgreSQL would end the transaction).
    auto st = db_.prepare(
        "INSERT INTO sessions(ref,status,version,reference_data,webhook_url,return_url,locale,"
        "metadata,created_ms,updated_ms,expires_ms,webhook_format,files_token,success_url,"
        "error_url,short_code,match_code) VALUES(?,'PENDING',1,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(short_code) WHERE short_code<>'' DO NOTHING");
    st.bind(1, n.ref).bind(2, n.reference_data).bind(3, n.webhook_url).bind(4, n.return_url);
    st.bind(5, n.locale)
        .bind(6, n.metadata)
        .bind(7, n.now_ms)
        .bind(8, n.now_ms)
        .bind(9, n.expires_ms);
    st.bind(10, n.webhook_format.empty() ? "risk-assessment" : n.webhook_format)
        .bind(11, n.files_token)
        .bind(12, n.success_url)
        .bind(13, n.error_url)
        .bind(14, codes->short_code)
        .bind(15, codes->match_code);
    if (!st.run()) return std::nullopt;
    if (db_.changes() == 1) return codes;
  }
  return std::nullopt;
}

std::optional<Session> SessionStore::find(const std::string& ref) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(std::string("SELECT ") + kColumns + " FROM sessions WHERE ref=?");
  st.bind(1, ref);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return read_row(st);
}

std::int64_t SessionStore::count() {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT COUNT(*) FROM sessions");
  return st.step() == SQLITE_ROW ? st.int64(0) : -1;
}

std::optional<std::int64_t> SessionStore::transition(const std::string& ref,
                                                     const std::vector<std::string>& from,
                                                     const std::string& to, std::int64_t now_ms) {
  std::optional<std::int64_t> version;
  {
    const std::lock_guard lock(db_.mutex());
    std::string in;
    for (std::size_t i = 0; i < from.size(); ++i) in += i ? ",?" : "?";
    auto st =
        db_.prepare("UPDATE sessions SET status=?, version=version+1, updated_ms=?" +
                    std::string(is_open_status(to) ? "" : kForgetCodes) +
                    " WHERE ref=? AND deleted=0 AND status IN (" + in + ") RETURNING version");
    st.bind(1, to).bind(2, now_ms).bind(3, ref);
    for (std::size_t i = 0; i < from.size(); ++i) st.bind(static_cast<int>(i) + 4, from[i]);
    if (st.step() == SQLITE_ROW) version = st.int64(0);
  }
  if (version) announce(ref, *version);
  return version;
}

bool SessionStore::save_step(const std::string& ref, const std::string& step,
                             const std::string& details, std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "UPDATE sessions SET portal_step=?, details=?, updated_ms=? "
      "WHERE ref=? AND deleted=0");
  st.bind(1, step).bind(2, details).bind(3, now_ms).bind(4, ref);
  return st.run() && db_.changes() == 1;
}

std::optional<std::int64_t> SessionStore::complete(const std::string& ref,
                                                   const std::string& details, std::int64_t now_ms,
                                                   std::int64_t due_ms,
                                                   const std::string& user_agent) {
  std::optional<std::int64_t> version;
  {
    const std::lock_guard lock(db_.mutex());
    auto st = db_.prepare(
        "UPDATE sessions SET status='COMPLETED', version=version+1, updated_ms=?, "
        "portal_step='done', details=?, phase2_stage=0, phase2_due_ms=?, user_agent=?, "
        "short_code='', match_code='' "
        "WHERE ref=? AND deleted=0 AND status IN ('PENDING','IN_PROGRESS') RETURNING version");
    st.bind(1, now_ms)
        .bind(2, details)
        .bind(3, due_ms)
        .bind(4, user_agent.substr(0, 512))
        .bind(5, ref);
    if (st.step() == SQLITE_ROW) version = st.int64(0);
  }
  if (version) announce(ref, *version);
  return version;
}

std::optional<std::int64_t> SessionStore::close(const std::string& ref,
                                                const std::vector<std::string>& from,
                                                const std::string& to, const std::string& reason,
                                                std::int64_t now_ms) {
  std::optional<std::int64_t> version;
  {
    const std::lock_guard lock(db_.mutex());
    std::string in;
    for (std::size_t i = 0; i < from.size(); ++i) in += i ? ",?" : "?";
    auto st = db_.prepare(
        "UPDATE sessions SET status=?, version=version+1, updated_ms=?, close_reason=?, "
        "phase2_stage=0, phase2_due_ms=?" +
        std::string(kForgetCodes) + " WHERE ref=? AND deleted=0 AND status IN (" + in +
        ") RETURNING version");
    st.bind(1, to).bind(2, now_ms).bind(3, reason).bind(4, now_ms).bind(5, ref);
    for (std::size_t i = 0; i < from.size(); ++i) st.bind(static_cast<int>(i) + 6, from[i]);
    if (st.step() == SQLITE_ROW) version = st.int64(0);
  }
  if (version) announce(ref, *version);
  return version;
}

void SessionStore::record_start(const std::string& ref, std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("UPDATE sessions SET started_ms=? WHERE ref=? AND started_ms=0");
  st.bind(1, now_ms).bind(2, ref);
  st.run();
}

bool SessionStore::set_phase2_doc(const std::string& ref, const std::string& doc_json,
                                  std::int64_t auto_finish_ms) {
  // A purged session takes no new personal data (the purge may land between the worker's
  // read and its transaction): no row changed means the caller's transaction rolls back.
  auto st =
      db_.prepare("UPDATE sessions SET phase2_doc=?, auto_finish_ms=? WHERE ref=? AND deleted=0");
  st.bind(1, doc_json).bind(2, auto_finish_ms).bind(3, ref);
  return st.run() && db_.changes() == 1;
}

bool SessionStore::set_phase2(const std::string& ref, std::int64_t from_stage, std::int64_t stage,
                              std::int64_t due_ms) {
  // Caller holds the mutex: this runs inside the worker's transaction with the outbox insert.
  // Compare-and-set on the stage: when two instances assess the same session at once, the
  // second one's UPDATE waits for the first's COMMIT, then matches no row, and its
  // transaction (with its copy of the webhook) rolls back.
  auto st = db_.prepare(
      "UPDATE sessions SET phase2_stage=?, phase2_due_ms=? WHERE ref=? AND phase2_stage=?");
  st.bind(1, stage).bind(2, due_ms).bind(3, ref).bind(4, from_stage);
  return st.run() && db_.changes() == 1;
}

std::optional<std::int64_t> SessionStore::mark_deleted_locked(const std::string& ref,
                                                              std::int64_t now_ms) {
  auto st = db_.prepare(
      "UPDATE sessions SET deleted=1, version=version+1, updated_ms=?, details='{}', "
      "metadata='{}', reference_data='', files_token='', user_agent='', phase2_doc='', "
      "short_code='', match_code='' "
      "WHERE ref=? AND deleted=0 RETURNING version");
  st.bind(1, now_ms).bind(2, ref);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  const std::int64_t version = st.int64(0);
  if (st.step() != SQLITE_DONE) return std::nullopt;  // no statement left open at COMMIT
  return version;
}

bool SessionStore::mark_deleted(const std::string& ref, std::int64_t now_ms) {
  std::optional<std::int64_t> version;
  {
    const std::lock_guard lock(db_.mutex());
    version = mark_deleted_locked(ref, now_ms);
  }
  if (version) announce(ref, *version);
  return version.has_value();
}

std::optional<std::string> SessionStore::find_open_by_short_code(const std::string& short_code,
                                                                 std::int64_t now_ms) {
  if (short_code.empty()) return std::nullopt;  // blank: the code of no session
  const std::lock_guard lock(db_.mutex());
  // Expired but not yet swept (the worker's next tick) counts as closed already. The
  // short_code<>'' term lets both engines use the partial index (schema v3).
  auto st = db_.prepare(
      "SELECT ref FROM sessions WHERE short_code=? AND short_code<>'' AND deleted=0 "
      "AND status IN ('PENDING','IN_PROGRESS') AND expires_ms>?");
  st.bind(1, short_code).bind(2, now_ms);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return st.text(0);
}

std::vector<std::string> SessionStore::due_for_expiry(std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "SELECT ref FROM sessions WHERE deleted=0 AND expires_ms<=? "
      "AND status IN ('PENDING','IN_PROGRESS') LIMIT 100");
  st.bind(1, now_ms);
  std::vector<std::string> out;
  while (st.step() == SQLITE_ROW) out.push_back(st.text(0));
  return out;
}

std::vector<Session> SessionStore::due_for_phase2(std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  auto st =
      db_.prepare(std::string("SELECT ") + kColumns +
                  " FROM sessions WHERE deleted=0 AND status IN ('COMPLETED','EXPIRED','FAILED')"
                  " AND phase2_stage<2"
                  " AND phase2_due_ms<=? LIMIT 20");
  st.bind(1, now_ms);
  std::vector<Session> out;
  while (st.step() == SQLITE_ROW) out.push_back(read_row(st));
  return out;
}

}  // namespace idv::demo
