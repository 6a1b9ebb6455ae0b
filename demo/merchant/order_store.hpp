#pragma once
// The merchant's own database: orders, the decision each one received, the webhook ids seen
// (dedupe), and a timeline of what the merchant's server observed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/sqlite.hpp"
#include "completion/risk_assessment.hpp"

namespace idv::demo {

struct Order {
  std::string id;
  std::string reference_data;
  std::string tracking_ref;
  std::int64_t created_ms = 0;
  std::optional<idv::completion::RiskAssessmentUpdated> decision;
  std::int64_t decision_ms = 0;
  std::string decision_webhook_id;
};

struct MerchantEvent {
  std::int64_t at_ms = 0;
  std::string kind;
  std::string detail;
};

enum class RecordResult { stored, duplicate, ignored_older, unknown_order, error };

class OrderStore {
 public:
  explicit OrderStore(Db& db) : db_(db) {}
  bool migrate();
  bool create(const Order& o);
  std::optional<Order> find(const std::string& id);
  std::optional<Order> find_by_tracking(const std::string& tracking_ref);
  // Dedupes on webhook_id and stores the decision, atomically. A non-final verdict never
  // replaces a final one (deliveries can arrive out of order).
  RecordResult record_webhook(const std::string& webhook_id,
                              const idv::completion::RiskAssessmentUpdated& e, std::int64_t now_ms,
                              std::string& order_id);
  void add_event(const std::string& order_id, std::int64_t at_ms, const std::string& kind,
                 const std::string& detail);
  std::vector<MerchantEvent> events(const std::string& order_id);
  std::int64_t webhook_count();

 private:
  Db& db_;
};

}  // namespace idv::demo
