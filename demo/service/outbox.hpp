#pragma once
// The durable webhook outbox. A message is inserted in the same transaction as the state
// change that caused it, and leaves state "pending" only once an attempt's outcome is
// recorded. Before each attempt the row is leased (next_attempt_ms pushed past the attempt's
// deadline), so a process killed mid-delivery simply retries the same message after restart.
// Several instances on one PostgreSQL database claim from the same outbox: the claim locks its
// rows FOR UPDATE SKIP LOCKED (Db::skip_locked), so no message is leased twice, and a dead
// instance's leases simply run out. The attempt number fences outcomes: a late answer to an
// attempt whose lease was taken over is not recorded.
//
// States: pending -> delivered | failed (attempts used up) | disabled (its endpoint answered
// 410). The merchant API can put a failed, disabled or delivered message back to pending
// (redeliver) and re-enable a disabled endpoint.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db.hpp"

namespace idv::demo {

struct OutboxMessage {
  std::string webhook_id;  // stays the same on every retry: the receiver's idempotency key
  std::string ref;
  std::string url;
  std::string body;
  std::int64_t attempts = 0;  // attempts started so far, including the leased one
  std::string origin = {};    // scheme://host[:port] of url: the unit of per-endpoint limits
};

// One row as the merchant API shows it (no body: it may hold personal data).
struct OutboxRecord {
  std::string webhook_id, ref, url, state, last_result;
  std::int64_t attempts = 0, next_attempt_ms = 0, created_ms = 0, last_attempt_ms = 0;
};

struct OutboxCounts {
  std::int64_t pending = 0, delivered = 0, failed = 0, disabled = 0;
};

struct OutboxEndpoint {
  std::string id;  // endpoint_id(url)
  std::string url;
  bool disabled = false;
  std::int64_t disabled_since_ms = 0;
  std::string disabled_reason;
  OutboxCounts messages;
};

// "ep_" + 24 hex digits of SHA-256(url): a stable handle for a webhook URL in API paths.
std::string endpoint_id(const std::string& url);

struct ClaimRequest {
  std::int64_t now_ms = 0;
  std::int64_t lease_until_ms = 0;  // next_attempt_ms while the attempt runs
  std::size_t max_messages = 1;
  std::size_t per_origin = std::numeric_limits<std::size_t>::max();
  std::map<std::string, std::size_t> busy_origins;  // attempts in flight per origin
  std::vector<std::string> in_flight_ids;           // never claimed twice while in flight
  std::int64_t max_attempts = std::numeric_limits<std::int64_t>::max();
};

struct ClaimResult {
  std::vector<OutboxMessage> claimed;   // leased, attempts+1: deliver these now
  std::vector<OutboxMessage> gave_up;   // pending but out of attempts (a lease ran out on the
                                        // last one, e.g. after kill -9): now "failed"
  std::vector<OutboxMessage> disabled;  // their endpoint is disabled: now "disabled", not sent
};

enum class RedeliverResult { queued, not_found, already_pending, endpoint_disabled, not_allowed };

// How the merchant's endpoint answered the FIRST attempt of a session's first webhook (seed
// 003: with the identification format, anything but 200 to the automatic callback means the
// portal shows the failed-identification page).
enum class DeliveryOutcome {
  not_queued,     // the session has no webhook yet
  not_attempted,  // queued, but no attempt has finished
  answered_200,   // the first attempt was answered 200
  refused,        // the first attempt got another status, no answer, or was never sent
};

class Outbox {
 public:
  explicit Outbox(Db& db) : db_(db) {}  // tables: service/schema.hpp
  // Caller holds db.mutex() (it runs inside the Phase 2 transaction).
  bool enqueue_locked(const OutboxMessage& m, std::int64_t now_ms);

  // One transaction: drops due messages of disabled endpoints, fails due messages that are
  // out of attempts, then leases up to max_messages due messages, oldest first, skipping
  // in-flight ids and origins that already have per_origin attempts in flight.
  ClaimResult claim(const ClaimRequest& request);
  // The same inside the caller's transaction (db.mutex() held): the dispatcher records a
  // turn's outcomes and claims the next messages with one commit.
  ClaimResult claim_locked(const ClaimRequest& request);
  // The single-message form (tests, tools): the oldest due message, no limits but attempts.
  std::optional<OutboxMessage> claim_due(
      std::int64_t now_ms, std::int64_t lease_until_ms,
      std::int64_t max_attempts = std::numeric_limits<std::int64_t>::max());

  // Outcomes of attempt number `attempt`. The caller holds db.mutex() (the dispatcher records
  // a batch in one transaction). Each applies only while the message is still pending at that
  // attempt, so a late or stale outcome never overwrites a newer state; false when it did not.
  // `http_status`: the answer's status, 0 for none (timeout, refused destination, ...); the
  // first one recorded for a message is kept (first_delivery_outcome).
  bool mark_delivered_locked(const std::string& id, std::int64_t attempt, const std::string& result,
                             int http_status = 200);
  bool schedule_retry_locked(const std::string& id, std::int64_t attempt, std::int64_t next_ms,
                             const std::string& result, int http_status = 0);
  bool mark_failed_locked(const std::string& id, std::int64_t attempt, const std::string& result,
                          int http_status = 0);
  // 410 Gone: the URL is disabled; this message and every pending one for the URL are dropped.
  bool disable_endpoint_locked(const std::string& id, const std::string& url,
                               const std::string& result, std::int64_t now_ms,
                               int http_status = 410);
  // An attempt that never really ran (shutdown): gives the attempt back, due at once.
  bool release_locked(const std::string& id, std::int64_t attempt, std::int64_t now_ms);

  // Unguarded forms that lock by themselves (tests, tools).
  void mark_delivered(const std::string& id, const std::string& result);
  void schedule_retry(const std::string& id, std::int64_t next_ms, const std::string& result);
  void mark_failed(const std::string& id, const std::string& result);
  void disable_endpoint(const std::string& id, const std::string& url, std::int64_t now_ms);

  bool endpoint_disabled(const std::string& url);
  // Earliest next_attempt_ms of a pending message outside the given origins and ids, for the
  // dispatcher's sleep.
  std::optional<std::int64_t> next_due(const std::vector<std::string>& skip_origins = {},
                                       const std::vector<std::string>& skip_ids = {});
  OutboxCounts counts();
  // The session's first webhook (oldest message of `ref`), first attempt.
  DeliveryOutcome first_delivery_outcome(const std::string& ref);

  // --- the merchant API (webhooks_api.hpp) ---
  // Every URL that has messages or is disabled, with per-state counts (at most 1000).
  std::vector<OutboxEndpoint> endpoints();
  // Removes the URL from the disabled list; false when it was not disabled. Messages that
  // were dropped meanwhile stay "disabled" (redeliver them one by one).
  bool enable_endpoint(const std::string& url);
  // Newest first; empty filters match everything. Returns up to `limit` rows.
  std::vector<OutboxRecord> list(const std::string& state, const std::string& ref,
                                 std::size_t limit);
  std::optional<OutboxRecord> find(const std::string& id);
  // failed / disabled / delivered -> pending with a fresh attempt budget, due at once; the
  // webhook-id stays (receivers dedupe on it).
  RedeliverResult redeliver(const std::string& id, std::int64_t now_ms);

 private:
  void finish(const std::string& id, const char* state, const std::string& result);
  Db& db_;
};

}  // namespace idv::demo
