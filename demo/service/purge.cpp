#include "service/purge.hpp"

#include <filesystem>

#include "common/log.hpp"

namespace idv::demo {

PurgeResult purge_session(ServiceContext& ctx, const std::string& ref, std::int64_t now_ms) {
  std::int64_t version = 0;
  {
    Db& db = *ctx.db;
    const std::lock_guard lock(db.mutex());
    Transaction tx(db);
    if (!tx.began()) return PurgeResult::storage_error;
    {
      auto find = db.prepare("SELECT deleted FROM sessions WHERE ref=?");
      find.bind(1, ref);
      if (find.step() != SQLITE_ROW) return PurgeResult::not_found;
      if (find.int64(0) != 0) return PurgeResult::already_deleted;
    }

    const auto deleted = ctx.sessions.mark_deleted_locked(ref, now_ms);
    if (!deleted) return PurgeResult::storage_error;
    version = *deleted;
    // Webhooks not yet sent are cancelled; sent or failed ones keep their row (the merchant's
    // delivery log) without the body.
    auto outbox = db.prepare(
        "UPDATE outbox SET body='', state=CASE WHEN state='pending' THEN 'cancelled' ELSE state "
        "END, last_result=CASE WHEN state='pending' THEN 'cancelled: session deleted' ELSE "
        "last_result END WHERE ref=?");
    outbox.bind(1, ref);
    auto events = db.prepare("DELETE FROM events WHERE ref=?");
    events.bind(1, ref);
    auto tombstone = db.prepare(
        "INSERT INTO events(ref,at_ms,kind,detail) VALUES(?,?,'session.deleted',"
        "'personal data, webhook bodies and uploads purged')");
    tombstone.bind(1, ref).bind(2, now_ms);
    // Its wallet request (nonce, origin) goes too: nothing of the session outlives the purge.
    if (!outbox.run() || !events.run() || !tombstone.run() ||
        !ctx.wallet_requests.remove_locked(ref) || !tx.commit())
      return PurgeResult::storage_error;
    // No readable copy of the purged rows left in the engine's files (SQLite: the WAL).
    if (!db.scrub_deleted()) log_line("purge", "scrubbing failed: " + db.last_error());
  }
  std::error_code ec;
  std::filesystem::remove_all(ctx.uploads_dir() + "/" + ref, ec);  // ref is a checked UUID
  if (ec) log_line("purge", short_ref(ref) + ": uploads not removed: " + ec.message());
  ctx.session_changed(ref, version);  // held long-polls answer 410 now
  ctx.notifier.forget(ref);
  log_line("purge", short_ref(ref) + " purged");
  return PurgeResult::purged;
}

}  // namespace idv::demo
