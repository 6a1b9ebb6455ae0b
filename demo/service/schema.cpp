#include "service/schema.hpp"

#include <vector>

#include "common/clock.hpp"
#include "common/url_check.hpp"
#include "service/handoff_codes.hpp"

namespace idv::demo {
namespace {

// Any fixed number: the key of the advisory lock that serialises migrations across instances.
constexpr std::int64_t kMigrationLockKey = 0x1d7'5c4e'3a;

// --- version 1: sessions, events, outbox, disabled endpoints ---

bool v1_sqlite(Db& db) {
  if (!db.exec(R"(CREATE TABLE IF NOT EXISTS sessions(
      ref TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      version INTEGER NOT NULL,
      reference_data TEXT NOT NULL,
      webhook_url TEXT NOT NULL,
      return_url TEXT NOT NULL,
      locale TEXT NOT NULL,
      metadata TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL,
      expires_ms INTEGER NOT NULL,
      portal_step TEXT NOT NULL DEFAULT 'consent',
      details TEXT NOT NULL DEFAULT '{}',
      phase2_stage INTEGER NOT NULL DEFAULT 0,
      phase2_due_ms INTEGER NOT NULL DEFAULT 0,
      deleted INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX IF NOT EXISTS sessions_open ON sessions(status, expires_ms);
    CREATE TABLE IF NOT EXISTS events(
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      ref TEXT NOT NULL, at_ms INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS events_ref ON events(ref, id);
    CREATE TABLE IF NOT EXISTS outbox(
      webhook_id TEXT PRIMARY KEY,
      ref TEXT NOT NULL,
      url TEXT NOT NULL,
      body TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending',
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_ms INTEGER NOT NULL,
      last_result TEXT NOT NULL DEFAULT '',
      created_ms INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox(state, next_attempt_ms);
    CREATE TABLE IF NOT EXISTS disabled_endpoints(url TEXT PRIMARY KEY,
                                                  since_ms INTEGER NOT NULL);)"))
    return false;
  // Columns that came later, added in place to data folders that predate them.
  const struct {
    const char *table, *name, *definition;
  } columns[] = {
      {"sessions", "webhook_format", "TEXT NOT NULL DEFAULT 'risk-assessment'"},
      {"sessions", "files_token", "TEXT NOT NULL DEFAULT ''"},
      {"sessions", "started_ms", "INTEGER NOT NULL DEFAULT 0"},
      {"sessions", "user_agent", "TEXT NOT NULL DEFAULT ''"},
      {"sessions", "close_reason", "TEXT NOT NULL DEFAULT ''"},
      {"sessions", "phase2_doc", "TEXT NOT NULL DEFAULT ''"},
      {"sessions", "auto_finish_ms", "INTEGER NOT NULL DEFAULT 0"},
      {"sessions", "success_url", "TEXT NOT NULL DEFAULT ''"},
      {"sessions", "error_url", "TEXT NOT NULL DEFAULT ''"},
      {"outbox", "origin", "TEXT NOT NULL DEFAULT ''"},
      {"outbox", "last_attempt_ms", "INTEGER NOT NULL DEFAULT 0"},
      // HTTP status of the first finished attempt: -1 none yet, 0 no answer.
      {"outbox", "first_status", "INTEGER NOT NULL DEFAULT -1"},
      {"disabled_endpoints", "reason", "TEXT NOT NULL DEFAULT ''"},
  };
  for (const auto& c : columns)
    if (!db.add_column(c.table, c.name, c.definition)) return false;
  // Rows from before the origin column: fill it in once.
  std::vector<std::pair<std::string, std::string>> legacy;
  {
    auto st = db.prepare("SELECT webhook_id, url FROM outbox WHERE origin=''");
    while (st.step() == SQLITE_ROW) legacy.emplace_back(st.text(0), st.text(1));
  }
  for (const auto& [id, url] : legacy) {
    const auto u = parse_http_url(url);
    auto up = db.prepare("UPDATE outbox SET origin=? WHERE webhook_id=?");
    up.bind(1, u ? u->origin() : url).bind(2, id);
    if (!up.run()) return false;
  }
  return true;
}

// The same tables, born complete: BIGINT for milliseconds, a sequence where SQLite has rowid.
bool v1_postgres(Db& db) {
  return db.exec(R"(CREATE TABLE sessions(
      ref TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      version BIGINT NOT NULL,
      reference_data TEXT NOT NULL,
      webhook_url TEXT NOT NULL,
      return_url TEXT NOT NULL,
      locale TEXT NOT NULL,
      metadata TEXT NOT NULL,
      created_ms BIGINT NOT NULL,
      updated_ms BIGINT NOT NULL,
      expires_ms BIGINT NOT NULL,
      portal_step TEXT NOT NULL DEFAULT 'consent',
      details TEXT NOT NULL DEFAULT '{}',
      phase2_stage BIGINT NOT NULL DEFAULT 0,
      phase2_due_ms BIGINT NOT NULL DEFAULT 0,
      deleted BIGINT NOT NULL DEFAULT 0,
      webhook_format TEXT NOT NULL DEFAULT 'risk-assessment',
      files_token TEXT NOT NULL DEFAULT '',
      started_ms BIGINT NOT NULL DEFAULT 0,
      user_agent TEXT NOT NULL DEFAULT '',
      close_reason TEXT NOT NULL DEFAULT '',
      phase2_doc TEXT NOT NULL DEFAULT '',
      auto_finish_ms BIGINT NOT NULL DEFAULT 0,
      success_url TEXT NOT NULL DEFAULT '',
      error_url TEXT NOT NULL DEFAULT '');
    CREATE INDEX sessions_open ON sessions(status, expires_ms);
    CREATE INDEX sessions_phase2 ON sessions(phase2_due_ms) WHERE phase2_stage < 2;
    CREATE TABLE events(
      id BIGSERIAL PRIMARY KEY,
      ref TEXT NOT NULL, at_ms BIGINT NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL);
    CREATE INDEX events_ref ON events(ref, id);
    CREATE TABLE outbox(
      webhook_id TEXT PRIMARY KEY,
      seq BIGSERIAL,
      ref TEXT NOT NULL,
      url TEXT NOT NULL,
      body TEXT NOT NULL,
      state TEXT NOT NULL DEFAULT 'pending',
      attempts BIGINT NOT NULL DEFAULT 0,
      next_attempt_ms BIGINT NOT NULL,
      last_result TEXT NOT NULL DEFAULT '',
      created_ms BIGINT NOT NULL,
      origin TEXT NOT NULL DEFAULT '',
      last_attempt_ms BIGINT NOT NULL DEFAULT 0,
      first_status BIGINT NOT NULL DEFAULT -1);
    CREATE INDEX outbox_due ON outbox(state, next_attempt_ms);
    CREATE INDEX outbox_ref ON outbox(ref);
    CREATE TABLE disabled_endpoints(url TEXT PRIMARY KEY, since_ms BIGINT NOT NULL,
                                    reason TEXT NOT NULL DEFAULT '');)");
}

// --- version 2: cross-instance wake-ups ---
// Every change of a session's version notifies channel idv_sessions with "<ref> <version>",
// in the writer's transaction (delivered at its COMMIT, never for a rollback). The other
// instances' listeners wake their held long-polls (ServiceContext). SQLite: one process, the
// in-process notifier is all there is.
bool v2_sqlite(Db&) {
  return true;
}

bool v2_postgres(Db& db) {
  return db.exec(R"(CREATE FUNCTION idv_session_changed() RETURNS trigger AS $$
    BEGIN
      PERFORM pg_notify('idv_sessions', NEW.ref || ' ' || NEW.version);
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER sessions_version_changed AFTER UPDATE OF version ON sessions
      FOR EACH ROW WHEN (NEW.version <> OLD.version) EXECUTE FUNCTION idv_session_changed();)");
}

// --- version 3: the hand-off codes (handoff_codes.hpp) ---
// A session holds its short and match code only while it is open (session_store.cpp blanks
// them when it ends), so a unique index over the codes held is uniqueness among open sessions:
// a code can be reused once its session is over, and never names two sessions at once.
constexpr const char* kShortCodeIndex =
    "CREATE UNIQUE INDEX IF NOT EXISTS sessions_short_code ON sessions(short_code) "
    "WHERE short_code<>''";

// Sessions still open when the service is upgraded get their codes too, so every open
// session has them (the tracking answer and the portal's first page show them).
bool give_open_sessions_codes(Db& db) {
  std::vector<std::string> refs;
  {
    auto st = db.prepare(
        "SELECT ref FROM sessions WHERE deleted=0 AND status IN ('PENDING','IN_PROGRESS') "
        "AND short_code=''");
    while (st.step() == SQLITE_ROW) refs.push_back(st.text(0));
  }
  for (const auto& ref : refs) {
    std::optional<HandoffCodes> codes;
    // Checked before the UPDATE: on PostgreSQL a violated index would end the transaction.
    // The migration runs alone (advisory lock / SQLite's single writer), so nothing races it.
    while (!codes) {
      codes = random_handoff_codes();
      if (!codes) return false;
      auto taken = db.prepare("SELECT 1 FROM sessions WHERE short_code=?");
      taken.bind(1, codes->short_code);
      const int rc = taken.step();
      if (rc == SQLITE_ROW)
        codes.reset();
      else if (rc != SQLITE_DONE)
        return false;
    }
    auto up = db.prepare("UPDATE sessions SET short_code=?, match_code=? WHERE ref=?");
    up.bind(1, codes->short_code).bind(2, codes->match_code).bind(3, ref);
    if (!up.run()) return false;
  }
  return true;
}

bool v3_sqlite(Db& db) {
  return db.add_column("sessions", "short_code", "TEXT NOT NULL DEFAULT ''") &&
         db.add_column("sessions", "match_code", "TEXT NOT NULL DEFAULT ''") &&
         db.exec(kShortCodeIndex) && give_open_sessions_codes(db);
}

bool v3_postgres(Db& db) {
  return db.exec(
             "ALTER TABLE sessions ADD COLUMN short_code TEXT NOT NULL DEFAULT '', "
             "ADD COLUMN match_code TEXT NOT NULL DEFAULT ''") &&
         db.exec(kShortCodeIndex) && give_open_sessions_codes(db);
}

// --- version 4: digital-ID wallet requests (wallet_requests.hpp) ---
// One row per session: the open OpenID4VP request's nonce, the origin it was asked from, when,
// and whether a response used it up. In the database, not in memory, because the request and
// the response may reach different instances sharing it. The nonce index serves the
// "belongs to another session" lookup (wallet_wrong_session) and keeps nonces unique.
constexpr const char* kWalletRequestsSqlite = R"(CREATE TABLE IF NOT EXISTS wallet_requests(
      ref TEXT PRIMARY KEY,
      nonce TEXT NOT NULL,
      origin TEXT NOT NULL,
      created_ms INTEGER NOT NULL,
      used INTEGER NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX IF NOT EXISTS wallet_requests_nonce ON wallet_requests(nonce);)";

bool v4_sqlite(Db& db) {
  return db.exec(kWalletRequestsSqlite);
}

bool v4_postgres(Db& db) {
  return db.exec(R"(CREATE TABLE wallet_requests(
      ref TEXT PRIMARY KEY,
      nonce TEXT NOT NULL,
      origin TEXT NOT NULL,
      created_ms BIGINT NOT NULL,
      used BIGINT NOT NULL DEFAULT 0);
    CREATE UNIQUE INDEX wallet_requests_nonce ON wallet_requests(nonce);)");
}

// --- version 5: the request's protocol and envelope (org-iso-mdoc, docs/wallet.md) ---
// OpenID4VP's nonce is all the response needs; ISO 18013-7 Annex C also needs the EncryptionInfo
// string exactly as sent (it is hashed into the session transcript) and the private key the
// response is encrypted to, kept as long as the nonce (5 minutes, single use).
constexpr const char* kWalletEnvelope =
    R"(ALTER TABLE wallet_requests ADD COLUMN protocol TEXT NOT NULL DEFAULT 'openid4vp-v1-unsigned';
    ALTER TABLE wallet_requests ADD COLUMN envelope TEXT NOT NULL DEFAULT '';)";

bool v5_both(Db& db) {
  return db.exec(kWalletEnvelope);
}

struct Migration {
  int version;
  const char* name;
  bool (*sqlite)(Db&);
  bool (*postgres)(Db&);
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "sessions, events, outbox, disabled endpoints", v1_sqlite, v1_postgres},
      {2, "session change notifications", v2_sqlite, v2_postgres},
      {3, "hand-off codes", v3_sqlite, v3_postgres},
      {4, "wallet requests", v4_sqlite, v4_postgres},
      {5, "wallet request protocol and envelope", v5_both, v5_both},
  };
  return all;
}

bool apply_missing(Db& db, std::string& error) {
  if (!db.exec("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, "
               "name TEXT NOT NULL, applied_ms BIGINT NOT NULL)")) {
    error = "schema_migrations: " + db.last_error();
    return false;
  }
  for (const auto& m : migrations()) {
    Transaction tx(db);
    if (!tx.began()) {
      error = "cannot begin a migration: " + db.last_error();
      return false;
    }
    auto seen = db.prepare("SELECT 1 FROM schema_migrations WHERE version=?");
    seen.bind(1, std::int64_t{m.version});
    const int rc = seen.step();
    if (rc == SQLITE_ROW) continue;  // applied earlier (the transaction rolls back: read only)
    if (rc != SQLITE_DONE) {
      error = "schema_migrations: " + db.last_error();
      return false;
    }
    const bool applied = db.engine() == Engine::postgres ? m.postgres(db) : m.sqlite(db);
    auto mark = db.prepare("INSERT INTO schema_migrations(version,name,applied_ms) VALUES(?,?,?)");
    mark.bind(1, std::int64_t{m.version}).bind(2, m.name).bind(3, now_ms());
    if (!applied || !mark.run() || !tx.commit()) {
      error =
          "migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + db.last_error();
      return false;
    }
  }
  return true;
}

}  // namespace

int schema_version_latest() {
  return migrations().back().version;
}

int schema_version(Db& db) {
  const std::lock_guard lock(db.mutex());
  auto st = db.prepare("SELECT MAX(version) FROM schema_migrations");
  return st.step() == SQLITE_ROW && !st.is_null(0) ? static_cast<int>(st.int64(0)) : 0;
}

bool migrate_schema(Db& db, std::string& error) {
  const std::lock_guard lock(db.mutex());
  if (db.engine() != Engine::postgres) return apply_missing(db, error);
  auto lock_st = db.prepare("SELECT pg_advisory_lock(?)");
  lock_st.bind(1, kMigrationLockKey);
  if (lock_st.step() != SQLITE_ROW) {
    error = "pg_advisory_lock: " + db.last_error();
    return false;
  }
  const bool ok = apply_missing(db, error);
  auto unlock = db.prepare("SELECT pg_advisory_unlock(?)");
  unlock.bind(1, kMigrationLockKey);
  unlock.step();  // also released when the connection closes
  return ok;
}

}  // namespace idv::demo
