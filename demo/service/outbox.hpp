#pragma once
// The durable webhook outbox. A message is inserted in the same transaction as the state
// change that caused it, and leaves state "pending" only once an attempt's outcome is
// recorded. Before each attempt the row is leased (next_attempt_ms pushed past the timeout),
// so a process killed mid-delivery simply retries the same message after restart.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/sqlite.hpp"

namespace idv::demo {

struct OutboxMessage {
  std::string webhook_id;  // stays the same on every retry: the receiver's idempotency key
  std::string ref;
  std::string url;
  std::string body;
  std::int64_t attempts = 0;  // attempts started so far, including the leased one
};

struct OutboxCounts {
  std::int64_t pending = 0, delivered = 0, failed = 0, disabled = 0;
};

class Outbox {
 public:
  explicit Outbox(Db& db) : db_(db) {}
  bool migrate();
  // Caller holds db.mutex() (it runs inside the Phase 2 transaction).
  bool enqueue_locked(const OutboxMessage& m, std::int64_t now_ms);
  // Takes the oldest due pending message and leases it until lease_until_ms; attempts+1.
  std::optional<OutboxMessage> claim_due(std::int64_t now_ms, std::int64_t lease_until_ms);
  void mark_delivered(const std::string& id, const std::string& result);
  void schedule_retry(const std::string& id, std::int64_t next_ms, const std::string& result);
  void mark_failed(const std::string& id, const std::string& result);
  // 410 Gone: this message and every later one for the same URL are dropped.
  void disable_endpoint(const std::string& id, const std::string& url, std::int64_t now_ms);
  bool endpoint_disabled(const std::string& url);
  // Earliest next_attempt_ms of a pending message, for the dispatcher's sleep.
  std::optional<std::int64_t> next_due();
  OutboxCounts counts();

 private:
  void finish(const std::string& id, const char* state, const std::string& result);
  Db& db_;
};

}  // namespace idv::demo
