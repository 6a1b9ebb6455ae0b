#pragma once
// The merchant's webhook dashboard API (Bearer API key), what Stripe's and Svix's dashboards
// offer: see which endpoints are disabled (an answer of 410) and re-enable one, list messages
// with their delivery state, and redeliver a message.
//
//   GET  /v1/webhooks/endpoints[?state=disabled|enabled]
//   POST /v1/webhooks/endpoints/{endpointId}/enable
//   GET  /v1/webhooks[?state=pending|delivered|failed|disabled|cancelled][&trackingReference=…]
//        [&limit=N]
//   GET  /v1/webhooks/{webhookId}
//   POST /v1/webhooks/{webhookId}/redeliver
//
// docs/demo.md, "Webhook dashboard API", has the shapes and error codes.
#include "common/http/http.hpp"
#include "service/context.hpp"

namespace idv::demo {

void register_webhooks_api(http::Router& router, ServiceContext& ctx);

}  // namespace idv::demo
