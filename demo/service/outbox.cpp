#include "service/outbox.hpp"

namespace idv::demo {

bool Outbox::migrate() {
  const std::lock_guard lock(db_.mutex());
  return db_.exec(R"(CREATE TABLE IF NOT EXISTS outbox(
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
    CREATE TABLE IF NOT EXISTS disabled_endpoints(url TEXT PRIMARY KEY, since_ms INTEGER NOT NULL);)");
}

bool Outbox::enqueue_locked(const OutboxMessage& m, std::int64_t now_ms) {
  auto st = db_.prepare(
      "INSERT INTO outbox(webhook_id,ref,url,body,next_attempt_ms,created_ms) "
      "VALUES(?,?,?,?,?,?)");
  st.bind(1, m.webhook_id)
      .bind(2, m.ref)
      .bind(3, m.url)
      .bind(4, m.body)
      .bind(5, now_ms)
      .bind(6, now_ms);
  return st.run();
}

std::optional<OutboxMessage> Outbox::claim_due(std::int64_t now_ms, std::int64_t lease_until_ms) {
  const std::lock_guard lock(db_.mutex());
  // One statement: the lease and the read are atomic, so two dispatcher threads never take
  // the same message.
  auto st = db_.prepare(
      "UPDATE outbox SET attempts=attempts+1, next_attempt_ms=? WHERE webhook_id=("
      "  SELECT webhook_id FROM outbox WHERE state='pending' AND next_attempt_ms<=? "
      "  ORDER BY next_attempt_ms LIMIT 1) "
      "RETURNING webhook_id, ref, url, body, attempts");
  st.bind(1, lease_until_ms).bind(2, now_ms);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return OutboxMessage{st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4)};
}

void Outbox::finish(const std::string& id, const char* state, const std::string& result) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("UPDATE outbox SET state=?, last_result=? WHERE webhook_id=?");
  st.bind(1, state).bind(2, result).bind(3, id);
  st.run();
}

void Outbox::mark_delivered(const std::string& id, const std::string& result) {
  finish(id, "delivered", result);
}

void Outbox::mark_failed(const std::string& id, const std::string& result) {
  finish(id, "failed", result);
}

void Outbox::schedule_retry(const std::string& id, std::int64_t next_ms,
                            const std::string& result) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("UPDATE outbox SET next_attempt_ms=?, last_result=? WHERE webhook_id=?");
  st.bind(1, next_ms).bind(2, result).bind(3, id);
  st.run();
}

void Outbox::disable_endpoint(const std::string& id, const std::string& url, std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  Transaction tx(db_);
  auto ins = db_.prepare("INSERT OR IGNORE INTO disabled_endpoints(url,since_ms) VALUES(?,?)");
  ins.bind(1, url).bind(2, now_ms);
  ins.run();
  auto upd = db_.prepare(
      "UPDATE outbox SET state='disabled', last_result='HTTP 410: endpoint "
      "disabled' WHERE state='pending' AND (webhook_id=? OR url=?)");
  upd.bind(1, id).bind(2, url);
  upd.run();
  tx.commit();
}

bool Outbox::endpoint_disabled(const std::string& url) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT 1 FROM disabled_endpoints WHERE url=?");
  st.bind(1, url);
  return st.step() == SQLITE_ROW;
}

std::optional<std::int64_t> Outbox::next_due() {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT MIN(next_attempt_ms) FROM outbox WHERE state='pending'");
  if (st.step() != SQLITE_ROW || st.is_null(0)) return std::nullopt;
  return st.int64(0);
}

OutboxCounts Outbox::counts() {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT state, COUNT(*) FROM outbox GROUP BY state");
  OutboxCounts c;
  while (st.step() == SQLITE_ROW) {
    const std::string s = st.text(0);
    const auto n = st.int64(1);
    if (s == "pending")
      c.pending = n;
    else if (s == "delivered")
      c.delivered = n;
    else if (s == "failed")
      c.failed = n;
    else if (s == "disabled")
      c.disabled = n;
  }
  return c;
}

}  // namespace idv::demo
