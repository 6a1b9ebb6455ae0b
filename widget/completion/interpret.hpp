#pragma once
// One entry point for a verified webhook body of any of the three formats:
//
//   auto r = interpretWebhook(body, {webhook_id, now});
//   if (!r.ok())        -> log describe(*r.error), answer 4xx (the sender keeps the message)
//   else if (r.fetch)   -> answer 2xx, then GET r.fetch->path() and interpretStatusDocument()
//   else                -> ledger.apply(*r.decision), answer 2xx
//
// Call it only after verify() said ok: the body is not trusted before that.
#include <optional>
#include <string_view>
#include <vector>

#include "completion/decision.hpp"
#include "completion/normalize.hpp"
#include "completion/parse_issue.hpp"
#include "completion/thin_webhook.hpp"

namespace idv::completion {

enum class WebhookFormat { RiskAssessmentUpdated, IdentificationCallback, Thin, Unknown };
std::string_view toString(WebhookFormat f);

// Recognises the format from the body's shape:
//   "type" member                          -> RiskAssessmentUpdated (other types: Unknown)
//   "scanRef" or an object "status" member -> IdentificationCallback
//   otherwise an "id" member               -> Thin
WebhookFormat detectFormat(std::string_view body);

struct WebhookInterpretation {
  WebhookFormat format = WebhookFormat::Unknown;
  std::optional<VerificationDecision> decision;  // risk assessment / identification callback
  std::optional<FetchRequired> fetch;            // thin webhook: the decision is not here
  std::optional<ParseIssue> error;
  std::vector<ParseIssue> warnings;
  bool ok() const { return !error.has_value(); }
};

WebhookInterpretation interpretWebhook(std::string_view verifiedBody, const Delivery& delivery,
                                       const RiskPolicy& policy = {});

// The document fetched for a thin webhook (format stays `thin`, decision set on success).
WebhookInterpretation interpretStatusDocument(std::string_view body, std::string_view expectedId,
                                              const Delivery& delivery);

}  // namespace idv::completion
