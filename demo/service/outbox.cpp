#include "service/outbox.hpp"

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "common/url_check.hpp"

namespace idv::demo {
namespace {

std::string origin_of(const std::string& url) {
  const auto u = parse_http_url(url);
  return u ? u->origin() : url;  // an unparsable URL is its own "origin" (it fails anyway)
}

std::string json_list(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

constexpr const char* kRecordColumns =
    "webhook_id, ref, url, state, last_result, attempts, next_attempt_ms, created_ms, "
    "last_attempt_ms";

OutboxRecord read_record(const Stmt& st) {
  OutboxRecord r;
  r.webhook_id = st.text(0);
  r.ref = st.text(1);
  r.url = st.text(2);
  r.state = st.text(3);
  r.last_result = st.text(4);
  r.attempts = st.int64(5);
  r.next_attempt_ms = st.int64(6);
  r.created_ms = st.int64(7);
  r.last_attempt_ms = st.int64(8);
  return r;
}

}  // namespace

std::string endpoint_id(const std::string& url) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(url.data(), url.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "ep_";
  for (unsigned int i = 0; i < 12 && i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0x0f]);
  }
  return out;
}
bool Outbox::enqueue_locked(const OutboxMessage& m, std::int64_t now_ms) {
  auto st = db_.prepare(
      "INSERT INTO outbox(webhook_id,ref,url,body,next_attempt_ms,created_ms,origin) "
      "VALUES(?,?,?,?,?,?,?)");
  st.bind(1, m.webhook_id)
      .bind(2, m.ref)
      .bind(3, m.url)
      .bind(4, m.body)
      .bind(5, now_ms)
      .bind(6, now_ms)
      .bind(7, m.origin.empty() ? origin_of(m.url) : m.origin);
  return st.run();
}

ClaimResult Outbox::claim(const ClaimRequest& q) {
  const std::lock_guard lock(db_.mutex());
  Transaction tx(db_);
  if (!tx.began()) return {};
  auto out = claim_locked(q);
  if (!tx.commit()) return {};  // rolled back: nothing was leased
  return out;
}

ClaimResult Outbox::claim_locked(const ClaimRequest& q) {
  ClaimResult out;
  std::vector<std::string> skip_ids = q.in_flight_ids;  // grows with what this call claims
  const std::string in_flight = json_list(skip_ids);

  // Due messages whose endpoint answered 410 meanwhile: dropped, never sent.
  {
    // Rows another instance is claiming right now are skipped, not waited for: that
    // instance's transaction decides them.
    auto st = db_.prepare(
        "UPDATE outbox SET state='disabled', "
        "last_result='not sent: the endpoint is disabled (HTTP 410 earlier)' "
        "WHERE webhook_id IN (SELECT webhook_id FROM outbox WHERE state='pending' "
        "AND next_attempt_ms<=? AND url IN (SELECT url FROM disabled_endpoints) "
        "AND webhook_id NOT IN (" +
        db_.json_values("?") + ")" + std::string(db_.skip_locked()) +
        ") RETURNING webhook_id, ref, url, attempts, origin");
    st.bind(1, q.now_ms).bind(2, in_flight);
    while (st.step() == SQLITE_ROW)
      out.disabled.push_back({st.text(0), st.text(1), st.text(2), "", st.int64(3), st.text(4)});
  }
  // The attempts cap holds at claim time too: a message whose last attempt was interrupted
  // (its lease ran out) is given up, not sent an attempt too many.
  {
    auto st = db_.prepare(
        "UPDATE outbox SET state='failed', last_result=last_result || "
        "CASE WHEN last_result='' THEN '' ELSE '; ' END || 'no attempts left' "
        "WHERE webhook_id IN (SELECT webhook_id FROM outbox WHERE state='pending' "
        "AND next_attempt_ms<=? AND attempts>=? AND webhook_id NOT IN (" +
        db_.json_values("?") + ")" + std::string(db_.skip_locked()) +
        ") RETURNING webhook_id, ref, url, attempts, origin");
    st.bind(1, q.now_ms).bind(2, q.max_attempts).bind(3, in_flight);
    while (st.step() == SQLITE_ROW)
      out.gave_up.push_back({st.text(0), st.text(1), st.text(2), "", st.int64(3), st.text(4)});
  }

  auto busy = q.busy_origins;
  std::vector<std::string> saturated;
  for (const auto& [origin, n] : busy)
    if (n >= q.per_origin) saturated.push_back(origin);
  while (out.claimed.size() < q.max_messages) {
    // Due candidates of origins with room; read them all before updating the table.
    std::vector<OutboxMessage> candidates;
    {
      // The lease: rows locked here stay locked until this transaction commits their new
      // next_attempt_ms, and another instance's claim skips them (SKIP LOCKED) rather than
      // waiting and then sending them too. Once committed they are not due for anyone.
      auto st = db_.prepare(
          "SELECT webhook_id, ref, url, body, attempts, origin FROM outbox "
          "WHERE state='pending' AND next_attempt_ms<=? "
          "AND origin NOT IN (" +
          db_.json_values("?") + ") AND webhook_id NOT IN (" + db_.json_values("?") +
          ") ORDER BY next_attempt_ms, created_ms LIMIT ?" + std::string(db_.skip_locked()));
      st.bind(1, q.now_ms)
          .bind(2, json_list(saturated))
          .bind(3, json_list(skip_ids))
          .bind(4, static_cast<std::int64_t>(q.max_messages - out.claimed.size()));
      while (st.step() == SQLITE_ROW)
        candidates.push_back(
            {st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), st.text(5)});
    }
    if (candidates.empty()) break;
    bool progress = false;
    for (auto& m : candidates) {
      if (out.claimed.size() >= q.max_messages) break;
      auto& n = busy[m.origin];
      if (n >= q.per_origin) continue;  // filled up by an earlier candidate of this round
      auto st = db_.prepare(
          "UPDATE outbox SET attempts=attempts+1, next_attempt_ms=?, last_attempt_ms=? "
          "WHERE webhook_id=? AND state='pending' RETURNING attempts");
      st.bind(1, q.lease_until_ms).bind(2, q.now_ms).bind(3, m.webhook_id);
      if (st.step() != SQLITE_ROW) continue;
      m.attempts = st.int64(0);
      if (++n >= q.per_origin) saturated.push_back(m.origin);
      skip_ids.push_back(m.webhook_id);
      out.claimed.push_back(std::move(m));
      progress = true;
    }
    if (!progress) break;
  }
  return out;
}

std::optional<OutboxMessage> Outbox::claim_due(std::int64_t now_ms, std::int64_t lease_until_ms,
                                               std::int64_t max_attempts) {
  ClaimRequest q;
  q.now_ms = now_ms;
  q.lease_until_ms = lease_until_ms;
  q.max_attempts = max_attempts;
  auto r = claim(q);
  if (r.claimed.empty()) return std::nullopt;
  return std::move(r.claimed.front());
}

// Keeps the first recorded status (-1 = none yet).
constexpr const char* kFirstStatus =
    "first_status=CASE WHEN first_status<0 THEN ?4 ELSE first_status END";

bool Outbox::mark_delivered_locked(const std::string& id, std::int64_t attempt,
                                   const std::string& result, int http_status) {
  auto st = db_.prepare(std::string("UPDATE outbox SET state='delivered', last_result=?1, ") +
                        kFirstStatus + " WHERE webhook_id=?2 AND state='pending' AND attempts=?3");
  st.bind(1, result).bind(2, id).bind(3, attempt).bind(4, std::int64_t{http_status});
  return st.run() && db_.changes() == 1;
}

bool Outbox::schedule_retry_locked(const std::string& id, std::int64_t attempt,
                                   std::int64_t next_ms, const std::string& result,
                                   int http_status) {
  auto st = db_.prepare(std::string("UPDATE outbox SET next_attempt_ms=?5, last_result=?1, ") +
                        kFirstStatus + " WHERE webhook_id=?2 AND state='pending' AND attempts=?3");
  st.bind(1, result).bind(2, id).bind(3, attempt).bind(4, std::int64_t{http_status});
  st.bind(5, next_ms);
  return st.run() && db_.changes() == 1;
}

bool Outbox::mark_failed_locked(const std::string& id, std::int64_t attempt,
                                const std::string& result, int http_status) {
  auto st = db_.prepare(std::string("UPDATE outbox SET state='failed', last_result=?1, ") +
                        kFirstStatus + " WHERE webhook_id=?2 AND state='pending' AND attempts=?3");
  st.bind(1, result).bind(2, id).bind(3, attempt).bind(4, std::int64_t{http_status});
  return st.run() && db_.changes() == 1;
}

bool Outbox::disable_endpoint_locked(const std::string& id, const std::string& url,
                                     const std::string& result, std::int64_t now_ms,
                                     int http_status) {
  auto first = db_.prepare(
      "UPDATE outbox SET first_status=? WHERE webhook_id=? AND state='pending' AND first_status<0");
  first.bind(1, std::int64_t{http_status}).bind(2, id);
  if (!first.run()) return false;
  auto ins = db_.prepare(
      "INSERT INTO disabled_endpoints(url,since_ms,reason) VALUES(?,?,?) "
      "ON CONFLICT(url) DO UPDATE SET since_ms=excluded.since_ms, "
      "reason=excluded.reason");
  ins.bind(1, url).bind(2, now_ms).bind(3, result);
  if (!ins.run()) return false;
  auto upd = db_.prepare(
      "UPDATE outbox SET state='disabled', last_result=? "
      "WHERE state='pending' AND (webhook_id=? OR url=?)");
  upd.bind(1, "endpoint disabled: " + result).bind(2, id).bind(3, url);
  return upd.run();
}

bool Outbox::release_locked(const std::string& id, std::int64_t attempt, std::int64_t now_ms) {
  auto st = db_.prepare(
      "UPDATE outbox SET attempts=attempts-1, next_attempt_ms=? "
      "WHERE webhook_id=? AND state='pending' AND attempts=?");
  st.bind(1, now_ms).bind(2, id).bind(3, attempt);
  return st.run() && db_.changes() == 1;
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
  if (disable_endpoint_locked(id, url, "HTTP 410", now_ms)) tx.commit();
}

bool Outbox::endpoint_disabled(const std::string& url) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT 1 FROM disabled_endpoints WHERE url=?");
  st.bind(1, url);
  return st.step() == SQLITE_ROW;
}

std::optional<std::int64_t> Outbox::next_due(const std::vector<std::string>& skip_origins,
                                             const std::vector<std::string>& skip_ids) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(
      "SELECT MIN(next_attempt_ms) FROM outbox WHERE state='pending' "
      "AND origin NOT IN (" +
      db_.json_values("?") + ") AND webhook_id NOT IN (" + db_.json_values("?") + ")");
  st.bind(1, json_list(skip_origins)).bind(2, json_list(skip_ids));
  if (st.step() != SQLITE_ROW || st.is_null(0)) return std::nullopt;
  return st.int64(0);
}

DeliveryOutcome Outbox::first_delivery_outcome(const std::string& ref) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("SELECT first_status, state FROM outbox WHERE ref=? ORDER BY created_ms, " +
                        std::string(db_.insertion_order()) + " LIMIT 1");
  st.bind(1, ref);
  if (st.step() != SQLITE_ROW) return DeliveryOutcome::not_queued;
  const auto status = st.int64(0);
  if (status == 200) return DeliveryOutcome::answered_200;
  if (status >= 0) return DeliveryOutcome::refused;
  // No attempt finished: still pending means waiting; otherwise it ended without one (dropped
  // for a disabled endpoint, given up after an interrupted attempt).
  return st.text(1) == "pending" ? DeliveryOutcome::not_attempted : DeliveryOutcome::refused;
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

std::vector<OutboxEndpoint> Outbox::endpoints() {
  const std::lock_guard lock(db_.mutex());
  std::map<std::string, OutboxEndpoint> by_url;
  {
    auto st = db_.prepare(
        "SELECT url, SUM(CASE WHEN state='pending' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state='delivered' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state='failed' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state='disabled' THEN 1 ELSE 0 END) "
        "FROM outbox WHERE url<>'' GROUP BY url LIMIT 1000");
    while (st.step() == SQLITE_ROW) {
      auto& e = by_url[st.text(0)];
      e.messages = {st.int64(1), st.int64(2), st.int64(3), st.int64(4)};
    }
  }
  {
    auto st = db_.prepare("SELECT url, since_ms, reason FROM disabled_endpoints LIMIT 1000");
    while (st.step() == SQLITE_ROW) {
      auto& e = by_url[st.text(0)];
      e.disabled = true;
      e.disabled_since_ms = st.int64(1);
      e.disabled_reason = st.text(2);
    }
  }
  std::vector<OutboxEndpoint> out;
  for (auto& [url, e] : by_url) {
    e.url = url;
    e.id = endpoint_id(url);
    out.push_back(std::move(e));
  }
  return out;
}

bool Outbox::enable_endpoint(const std::string& url) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare("DELETE FROM disabled_endpoints WHERE url=?");
  st.bind(1, url);
  return st.run() && db_.changes() == 1;
}

std::vector<OutboxRecord> Outbox::list(const std::string& state, const std::string& ref,
                                       std::size_t limit) {
  const std::lock_guard lock(db_.mutex());
  auto st = db_.prepare(std::string("SELECT ") + kRecordColumns +
                        " FROM outbox WHERE (?1='' OR state=?1) AND (?2='' OR ref=?2) "
                        "ORDER BY created_ms DESC, webhook_id DESC LIMIT ?3");
  st.bind(1, state).bind(2, ref).bind(3, static_cast<std::int64_t>(limit));
  std::vector<OutboxRecord> out;
  while (st.step() == SQLITE_ROW) out.push_back(read_record(st));
  return out;
}

std::optional<OutboxRecord> Outbox::find(const std::string& id) {
  const std::lock_guard lock(db_.mutex());
  auto st =
      db_.prepare(std::string("SELECT ") + kRecordColumns + " FROM outbox WHERE webhook_id=?");
  st.bind(1, id);
  if (st.step() != SQLITE_ROW) return std::nullopt;
  return read_record(st);
}

RedeliverResult Outbox::redeliver(const std::string& id, std::int64_t now_ms) {
  const std::lock_guard lock(db_.mutex());
  Transaction tx(db_);
  std::string state, url;
  bool has_body = false;
  {
    auto st = db_.prepare(
        "SELECT state, url, CASE WHEN body<>'' THEN 1 ELSE 0 END FROM outbox WHERE webhook_id=?");
    st.bind(1, id);
    if (st.step() != SQLITE_ROW) return RedeliverResult::not_found;
    state = st.text(0);
    url = st.text(1);
    has_body = st.int64(2) != 0;
  }
  if (state == "pending") return RedeliverResult::already_pending;
  // Only finished messages, and never one whose body a purge has wiped.
  if ((state != "failed" && state != "disabled" && state != "delivered") || !has_body)
    return RedeliverResult::not_allowed;
  {
    auto st = db_.prepare("SELECT 1 FROM disabled_endpoints WHERE url=?");
    st.bind(1, url);
    if (st.step() == SQLITE_ROW) return RedeliverResult::endpoint_disabled;
  }
  auto up = db_.prepare(
      "UPDATE outbox SET state='pending', attempts=0, next_attempt_ms=?, "
      "last_result='redelivery requested' WHERE webhook_id=? AND state=?");
  up.bind(1, now_ms).bind(2, id).bind(3, state);
  if (!up.run() || db_.changes() != 1 || !tx.commit()) return RedeliverResult::not_found;
  return RedeliverResult::queued;
}

}  // namespace idv::demo
