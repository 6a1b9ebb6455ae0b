#include "merchant/webhook_receiver.hpp"

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "completion/identification_callback.hpp"
#include "completion/interpret.hpp"
#include "completion/standard_webhooks.hpp"
#include "merchant/customer_view.hpp"
#include "merchant/service_client.hpp"

namespace idv::demo {
namespace {

namespace cw = idv::completion;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

// One line for the order's timeline: what the service said, in the library's terms.
std::string summary_of(const cw::VerificationDecision& d) {
  return std::string(cw::toString(d.source)) + ": " + d.senderStatus + " -> " +
         std::string(cw::toString(d.outcome)) + ", risk " + upper(cw::toString(d.risk)) + ", " +
         std::string(cw::toString(d.reviewer)) + (d.final ? ", final" : ", not final");
}

bool verified(const http::Request& req, http::Response& res, const MerchantConfig& config,
              const std::string& id, std::int64_t now) {
  const auto verdict = cw::verify(
      config.webhook_secret,
      {id, req.get_header_value("webhook-timestamp"), req.get_header_value("webhook-signature")},
      req.body, now / 1000, config.webhook_tolerance_s);
  if (verdict == cw::VerifyResult::Ok) return true;
  // Nothing in an unverified body is trusted, so this goes to the log only, not to an order.
  const std::string reason(cw::toString(verdict));
  log_line("webhook",
           "rejected " + (id.empty() ? std::string("(no id)") : id.substr(0, 64)) + ": " + reason);
  const bool missing = verdict == cw::VerifyResult::MissingId ||
                       verdict == cw::VerifyResult::MissingTimestamp ||
                       verdict == cw::VerifyResult::MissingSignature ||
                       verdict == cw::VerifyResult::InvalidTimestamp;
  send_error(res, missing ? 400 : 401, reason, "webhook signature verification failed: " + reason);
  return false;
}

// Thin webhook: the decision is behind the service's API. Fetched before answering, so a failed
// fetch is answered 5xx and the sender's own retry schedule tries again (same webhook-id):
// no job queue needed in the demo.
std::optional<cw::VerificationDecision> fetch_decision(const MerchantConfig& config,
                                                       const cw::FetchRequired& fetch,
                                                       const std::string& id, std::int64_t now,
                                                       http::Response& res, std::string& document) {
  const auto reply = fetch_identification(config, fetch.path());
  document = reply.raw;
  if (reply.status != 200) {
    log_line("webhook",
             id + ": thin webhook, status fetch failed (" + reply.error + "); asking for a retry");
    send_error(res, 503, "fetch_failed", "could not fetch the identification status; please retry");
    return std::nullopt;
  }
  const auto doc = cw::interpretStatusDocument(reply.raw, fetch.id, {id, now / 1000});
  if (!doc.ok() || !doc.decision) {
    const std::string why = doc.error ? cw::describe(*doc.error) : "no decision";
    log_line("webhook", id + ": status document refused: " + why);
    send_error(res, 502, "bad_status_document",
               "the identification status could not be read: " + why);
    return std::nullopt;
  }
  for (const auto& w : doc.warnings)
    log_line("webhook", id + ": status document warning: " + cw::describe(w));
  return doc.decision;
}

// The identification callback names its own reasons (suspicionReasons, the AML / LID checks):
// kept for the back office with the service's verdict lines.
std::vector<std::string> callback_reasons(std::string_view body) {
  std::vector<std::string> out;
  const auto parsed = cw::parseIdentificationCallback(body);
  if (!parsed.ok() || !parsed.callback) return out;
  const auto& cb = *parsed.callback;
  if (!cb.status.suspicionReasons.empty()) {
    std::string line = "suspicion reasons (" + cb.status.overall + "):";
    for (const auto& r : cb.status.suspicionReasons) line += " " + r;
    out.push_back(std::move(line));
  }
  for (const auto* check : {&cb.aml, &cb.lid}) {
    if (!*check || !(*check)->serviceSuspected.value_or(false)) continue;
    const auto& c = **check;
    out.push_back(c.serviceGroupType.value_or("check") + " check " +
                  c.serviceName.value_or("(unnamed)") + ": " +
                  c.overallStatus.value_or("suspected"));
  }
  return out;
}

// How the customer was verified (docs/merchant.md, "verificationMethod"): the service's field at
// the top of the identification callback and the status document, in "data" of
// RISK_ASSESSMENT_UPDATED. Read from a signed body (or the fetched document) only; empty when
// absent or not one of the two known values.
std::string verification_method_in(std::string_view body) {
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (!doc.is_object()) return {};
  for (const auto* obj : {&doc, doc.contains("data") ? &doc["data"] : nullptr}) {
    if (obj == nullptr || !obj->is_object()) continue;
    const auto it = obj->find("verificationMethod");
    if (it == obj->end() || !it->is_string()) continue;
    const auto& m = it->get_ref<const std::string&>();
    if (m == "wallet" || m == "document") return m;
  }
  return {};
}

}  // namespace

void handle_webhook(const http::Request& req, http::Response& res, const MerchantConfig& config,
                    OrderStore& orders, ReasonFetcher& reasons) {
  const std::string id = req.get_header_value("webhook-id");
  const std::int64_t now = now_ms();
  if (!verified(req, res, config, id, now)) return;

  // Any of the three formats: the library recognises the shape and normalizes it.
  const auto in = cw::interpretWebhook(req.body, {id, now / 1000});
  if (!in.ok()) {
    const std::string why = cw::describe(*in.error);
    log_line("webhook", id + ": signed but not understood (" + why + ")");
    return send_error(res, 400, "unsupported_event", "unsupported or malformed event: " + why,
                      in.error->field);
  }
  // Warnings never carry personal data (the library's rule), so they may be logged.
  for (const auto& w : in.warnings) log_line("webhook", id + ": warning: " + cw::describe(w));
  std::optional<cw::VerificationDecision> decision = in.decision;
  std::string method = verification_method_in(req.body);
  if (in.fetch) {
    std::string document;
    decision = fetch_decision(config, *in.fetch, id, now, res, document);
    if (!decision) return;
    method = verification_method_in(document);  // a thin body carries only its id
  }
  if (!decision) return send_error(res, 400, "unsupported_event", "no decision in this event");

  const auto rec = orders.record_decision(id, *decision, now);
  if (!method.empty() && !rec.order_id.empty())
    orders.set_verification_method(rec.order_id, method);
  const std::string summary = summary_of(*decision);
  const std::string format(cw::toString(in.format));
  const std::string valid = "signature valid (" + id + ", " + format + ")";
  // Both a stored and an ignored verdict may say why: keep the reasons for the back office.
  const auto keep_reasons = [&] {
    if (in.format == cw::WebhookFormat::IdentificationCallback)
      orders.add_reasons(rec.order_id, callback_reasons(req.body));
    reasons.request(rec.order_id, decision->reference);
  };
  switch (rec.result) {
    case RecordResult::stored:
      orders.add_event(rec.order_id, now, "webhook.verified", valid, valid);
      orders.add_event(rec.order_id, now, "decision.stored", "decision stored: " + summary,
                       "decision stored: " + public_outcome_text(*decision));
      keep_reasons();
      log_line("webhook", id + " verified, decision stored for order " + short_ref(rec.order_id) +
                              ": " + summary);
      return send_json(res, 200, {{"ok", true}});
    case RecordResult::ignored_older:
      orders.add_event(rec.order_id, now, "webhook.verified",
                       valid + ": " + summary + " — kept the standing decision (" +
                           std::string(cw::toString(rec.ledger)) + ")",
                       valid + " — kept the standing decision");
      keep_reasons();
      return send_json(res, 200, {{"ok", true}, {"ignored", cw::toString(rec.ledger)}});
    case RecordResult::duplicate: {
      const std::string dup = "duplicate delivery of " + id + " ignored";
      orders.add_event(rec.order_id, now, "webhook.duplicate", dup, dup);
      log_line("webhook", id + " duplicate, ignored");
      return send_json(res, 200, {{"ok", true}, {"duplicate", true}});
    }
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
