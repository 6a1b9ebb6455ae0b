#pragma once
// POST /webhooks/idv: what every merchant backend must do with RISK_ASSESSMENT_UPDATED —
// verify the Standard Webhooks signature over the raw body (bad or stale -> 4xx, logged),
// dedupe on webhook-id, store the decision, answer 2xx fast.
#include <httplib.h>

#include "merchant/config.hpp"
#include "merchant/order_store.hpp"

namespace idv::demo {

void handle_webhook(const httplib::Request& req, httplib::Response& res,
                    const MerchantConfig& config, OrderStore& orders);

}  // namespace idv::demo
