#pragma once
// The merchant site: checkout page + static files + the widget from dist/, its JSON API for
// the page, and the webhook endpoint.
#include <httplib.h>

#include "merchant/config.hpp"
#include "merchant/order_store.hpp"

namespace idv::demo {

void register_merchant_routes(httplib::Server& server, const MerchantConfig& config,
                              OrderStore& orders);

// The page's policy: the strict CSP of the brief plus connect-src for the service's API,
// which the widget polls cross-origin.
std::string merchant_csp(const MerchantConfig& config);

}  // namespace idv::demo
