#pragma once
// POST /webhooks/idv: what every merchant backend must do with RISK_ASSESSMENT_UPDATED —
// verify the Standard Webhooks signature over the raw body (bad or stale -> 4xx, logged),
// dedupe on webhook-id, store the decision, answer 2xx fast. The reasons behind a decision go
// to the back office only (reason_fetcher.hpp); the customer's timeline gets neutral lines.
#include <cstddef>

#include "common/http/http.hpp"
#include "merchant/config.hpp"
#include "merchant/order_store.hpp"
#include "merchant/reason_fetcher.hpp"

namespace idv::demo {

// The route's body limit: any of the three formats fits (the identification callback is the
// largest, a few KiB), and nothing bigger is read before the signature is checked.
inline constexpr std::size_t kWebhookBodyLimit = 256 * 1024;

void handle_webhook(const http::Request& req, http::Response& res, const MerchantConfig& config,
                    OrderStore& orders, ReasonFetcher& reasons);

}  // namespace idv::demo
