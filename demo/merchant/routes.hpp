#pragma once
// The merchant site: checkout page + static files + the widget from dist/, its JSON API for
// the page, the webhook endpoint, and the back office (/admin, admin.hpp).
#include <cstddef>
#include <string>

#include "common/http/http.hpp"
#include "merchant/config.hpp"
#include "merchant/order_store.hpp"
#include "merchant/reason_fetcher.hpp"

namespace idv::demo {

// POST /api/checkout carries two short strings.
inline constexpr std::size_t kCheckoutBodyLimit = 4 * 1024;

void register_merchant_routes(http::Router& router, const MerchantConfig& config,
                              OrderStore& orders, ReasonFetcher& reasons);

// The access log line for a request: capabilities (order ids) shortened, and the page's
// successful polling of /api/orders/... left out.
void log_merchant_request(const http::Request& req, int status);

// The page's policy: the strict CSP of the brief plus connect-src for the service's API,
// which the widget polls cross-origin.
std::string merchant_csp(const MerchantConfig& config);

}  // namespace idv::demo
