#pragma once
// What the customer may see of an order (the checkout page and its JSON API /api/orders/...).
//
// No tipping-off: a customer learns the outcome in neutral words ("approved", "under review",
// "we could not complete the verification"), never why — no screening reasons (sanctions, PEP,
// watch-lists, AML, adverse media, fraud suspicion), no risk level, no sender status such as
// SUSPECTED. Those belong to the back office (/admin, admin.hpp). Everything shown to the
// customer is written here, from an allow-list: the service's timeline lines are rewritten by
// kind, the shop's own lines carry a public wording chosen when they are written, and a last
// check (mentions_screening) replaces any line that still names a screening topic.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "completion/decision.hpp"
#include "merchant/order_store.hpp"

namespace idv::demo {

// The decision as the customer's page and the widget's relay see it: outcome, final, reviewer,
// format, times and webhook id — no riskLevel, no senderStatus. null when undecided.
nlohmann::json public_decision(const Order& order);

// "approved", "under review", "not completed", … (plus "not final" for an automatic verdict).
std::string public_outcome_text(const idv::completion::VerificationDecision& d);

// The customer-facing line for one of the service's timeline events.
std::string public_service_detail(std::string_view kind, std::string_view detail);
// The customer-facing line for one of the shop's own events.
std::string public_merchant_detail(const MerchantEvent& e);

// Does the text name a screening topic or suspicion (sanctions, embargo, PEP, politically exposed,
// watch-list, AML, money laundering, adverse media, suspected, fraud, terrorism, screening)?
bool mentions_screening(std::string_view text);

}  // namespace idv::demo
