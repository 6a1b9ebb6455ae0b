#pragma once
// The shop's back office: GET /admin lists the orders with their decision, risk level, reviewer
// and the reasons behind it (the service's verdict lines, a callback's suspicion reasons) —
// what the customer's page must never say (customer_view.hpp).
//
// Server-rendered HTML, no script, a stricter CSP than the shop's pages. Behind HTTP Basic auth
// with the password from IDV_ADMIN_PASSWORD / --admin-password (scripts/demo generates one into
// secrets.env); the user name is not checked. The password is compared in constant time; a
// wrong one is refused (401) and logged with the client address, never with what was typed.
// No password configured: 503 "admin disabled", never an open page.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/http.hpp"
#include "merchant/config.hpp"
#include "merchant/order_store.hpp"

namespace idv::demo {

void register_admin_routes(http::Router& router, const MerchantConfig& config, OrderStore& orders);

// The password of an "Authorization: Basic base64(user:password)" header (scheme matched
// case-insensitively), or nullopt when the header is absent or malformed.
std::optional<std::string> basic_auth_password(std::string_view authorization);

std::string admin_csp();

// The page, from the newest orders and each one's back-office timeline (same order as rows).
std::string render_admin_page(const std::vector<AdminOrder>& rows,
                              const std::vector<std::vector<MerchantEvent>>& events);

}  // namespace idv::demo
