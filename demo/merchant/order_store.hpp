#pragma once
// The merchant's own database: orders, the decision each one received, the webhook ids seen
// (dedupe), and a timeline of what the merchant's server observed.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/sqlite.hpp"
#include "completion/decision.hpp"
#include "completion/decision_ledger.hpp"

namespace idv::demo {

struct Order {
  std::string id;
  std::string reference_data;
  std::string tracking_ref;
  std::int64_t created_ms = 0;
  // The standing decision: the library's normalized type, whatever format delivered it.
  std::optional<idv::completion::VerificationDecision> decision;
  std::int64_t decision_ms = 0;
  std::string decision_webhook_id;
  std::string webhook_format = "risk-assessment";  // what the shop asked the service for
  // How the customer was verified, as a verified webhook (or the status document a thin one
  // points at) said: "wallet" (a digital ID wallet) or "document" (documents and a selfie in
  // the portal); empty until one said so.
  std::string verification_method = {};
};

// detail is the back office's line (may name sender statuses and risk); public_detail is what
// the customer's page may show (neutral words), absent on rows written before it existed.
struct MerchantEvent {
  std::int64_t at_ms = 0;
  std::string kind;
  std::string detail;
  std::optional<std::string> public_detail;
};

// One line of the back office's order list (/admin).
struct AdminOrder {
  Order order;
  std::vector<std::string> reasons;  // screening / risk reasons: back office only
};

enum class RecordResult { stored, duplicate, ignored_older, unknown_order, error };

struct RecordOutcome {
  RecordResult result = RecordResult::error;
  std::string order_id;
  // Which DecisionLedger rule fired (applied, ignored_final, ignored_automatic_after_manual...).
  idv::completion::LedgerOutcome ledger = idv::completion::LedgerOutcome::RejectedInvalid;
};

class OrderStore {
 public:
  explicit OrderStore(Db& db) : db_(db) {}
  bool migrate();
  bool create(const Order& o);
  std::optional<Order> find(const std::string& id);
  // The order's session expired and a new invite replaced it (the widget's renewReference).
  bool renew_tracking(const std::string& order_id, const std::string& tracking_ref);
  std::optional<Order> find_by_tracking(const std::string& tracking_ref);
  // Dedupes on webhook_id and folds the decision into the order's standing one with the
  // library's DecisionLedger rules (final never regresses, manual wins, stale ignored), in one
  // transaction. The order is found by the decision's reference: the tracking reference, which
  // is also the identification callback's scanRef and the thin webhook's id in this demo.
  RecordOutcome record_decision(const std::string& webhook_id,
                                const idv::completion::VerificationDecision& d,
                                std::int64_t now_ms);
  // public_detail: the customer-facing wording; nullopt keeps the event off the customer's page
  // except as a generic line for its kind.
  void add_event(const std::string& order_id, std::int64_t at_ms, const std::string& kind,
                 const std::string& detail,
                 const std::optional<std::string>& public_detail = std::nullopt);
  std::vector<MerchantEvent> events(const std::string& order_id);
  // Remembers how the order's customer was verified ("wallet" or "document"; other values are
  // not stored).
  bool set_verification_method(const std::string& order_id, const std::string& method);
  std::int64_t webhook_count();

  // Reasons behind a decision (the service's verdict lines, a callback's suspicion reasons):
  // merged into the order's list (deduplicated, bounded). Never shown to the customer.
  bool add_reasons(const std::string& order_id, const std::vector<std::string>& reasons);
  // The newest orders first, with their reasons, for the back office.
  std::vector<AdminOrder> recent(std::size_t limit);
  // Orders with a decision but no reasons yet (e.g. the service was unreachable when asked).
  std::vector<Order> missing_reasons(std::size_t limit);

 private:
  Db& db_;
};

}  // namespace idv::demo
