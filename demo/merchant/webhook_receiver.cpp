#include "merchant/webhook_receiver.hpp"

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "completion/risk_assessment.hpp"
#include "completion/standard_webhooks.hpp"

namespace idv::demo {

namespace cw = idv::completion;

void handle_webhook(const httplib::Request& req, httplib::Response& res, const MerchantConfig& config,
                    OrderStore& orders) {
  const std::string id = req.get_header_value("webhook-id");
  const std::string ts = req.get_header_value("webhook-timestamp");
  const std::string sig = req.get_header_value("webhook-signature");
  const std::int64_t now = now_ms();
  const auto verdict = cw::verify(config.webhook_secret, {id, ts, sig}, req.body, now / 1000,
                                  config.webhook_tolerance_s);
  if (verdict != cw::VerifyResult::ok) {
    // Nothing in an unverified body is trusted, so this goes to the log only, not to an order.
    const std::string reason(cw::to_string(verdict));
    log_line("webhook", "rejected " + (id.empty() ? std::string("(no id)") : id.substr(0, 64)) + ": " + reason);
    const bool missing = verdict == cw::VerifyResult::missing_id ||
                         verdict == cw::VerifyResult::missing_timestamp ||
                         verdict == cw::VerifyResult::missing_signature ||
                         verdict == cw::VerifyResult::invalid_timestamp;
    return send_error(res, missing ? 400 : 401, reason, "webhook signature verification failed: " + reason);
  }
  const auto parsed = cw::parse_risk_assessment(req.body);
  if (!parsed.ok()) {
    log_line("webhook", id + ": signed but not a RISK_ASSESSMENT_UPDATED event (" +
                            std::string(cw::to_string(parsed.error)) + " " + parsed.field + ")");
    return send_error(res, 400, cw::to_string(parsed.error), "unsupported or malformed event", parsed.field);
  }
  const auto& e = parsed.event;
  std::string order_id;
  const auto result = orders.record_webhook(id, e, now, order_id);
  const std::string summary = e.assessment_status + ", risk " + e.risk_level + (e.final ? ", final" : ", not final");
  switch (result) {
    case RecordResult::stored:
      orders.add_event(order_id, now, "webhook.verified", "signature valid (" + id + "): " + summary);
      orders.add_event(order_id, now, "decision.stored", "decision stored: " + summary);
      log_line("webhook", id + " verified, decision stored for order " + order_id + ": " + summary);
      return send_json(res, 200, {{"ok", true}});
    case RecordResult::ignored_older:
      orders.add_event(order_id, now, "webhook.verified", "signature valid (" + id + "): " + summary +
                                                            " — kept the earlier final decision");
      return send_json(res, 200, {{"ok", true}});
    case RecordResult::duplicate:
      orders.add_event(order_id, now, "webhook.duplicate", "duplicate delivery of " + id + " ignored");
      log_line("webhook", id + " duplicate, ignored");
      return send_json(res, 200, {{"ok", true}, {"duplicate", true}});
    case RecordResult::unknown_order:
      // 2xx on purpose: retrying will not make an unknown order known.
      log_line("webhook", id + " for an unknown tracking reference, ignored");
      return send_json(res, 202, {{"ok", true}, {"ignored", "unknown trackingReference"}});
    case RecordResult::error:
      log_line("webhook", id + ": database error, asking the sender to retry");
      return send_error(res, 503, "storage_unavailable", "could not store the event; please retry");
  }
}

}  // namespace idv::demo
