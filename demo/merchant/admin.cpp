#include "merchant/admin.hpp"

#include <openssl/crypto.h>

#include <cctype>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "completion/base64.hpp"
#include "merchant/login_throttle.hpp"

namespace idv::demo {
namespace {

namespace cw = idv::completion;

constexpr std::size_t kAdminRows = 100;
constexpr const char* kRealm = R"(Basic realm="Northwind Cycles back office", charset="UTF-8")";

// Overwrites a secret before its memory is given back.
void wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void send_html(http::Response& res, int status, std::string html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Robots-Tag", "noindex");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

std::string page(std::string_view title, std::string_view body) {
  std::string html;
  html += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += "<title>" + html_escape(title) + " · Northwind Cycles</title>\n";
  html += "<link rel=\"stylesheet\" href=\"/static/app.css\">\n";
  html += "<link rel=\"stylesheet\" href=\"/static/admin.css\">\n</head>\n<body>\n";
  html +=
      "<header class=\"top\"><p class=\"shop\">Northwind Cycles <span class=\"tag\">back "
      "office</span></p></header>\n<main id=\"main\" class=\"admin\">\n";
  html += body;
  html += "</main>\n</body>\n</html>\n";
  return html;
}

void refuse(http::Response& res) {
  res.set_header("WWW-Authenticate", kRealm);
  send_html(res, 401,
            page("Sign in",
                 "<h1>Back office</h1>\n<p>Sign in with the admin password "
                 "(<code>IDV_ADMIN_PASSWORD</code> in the data folder's "
                 "<code>secrets.env</code>).</p>\n"));
}

std::string cell(std::string_view text) {
  return "<td>" + html_escape(text) + "</td>";
}

std::string decision_cells(const Order& o) {
  if (!o.decision)
    return "<td colspan=\"5\" class=\"muted\">no decision yet (no verified webhook)</td>";
  const auto& d = *o.decision;
  std::string html = "<td class=\"outcome " + html_escape(cw::toString(d.outcome)) + "\">" +
                     html_escape(cw::toString(d.outcome)) +
                     (d.final ? "" : " <span class=\"muted\">(not final)</span>") + "</td>";
  html += cell(upper(cw::toString(d.risk)));
  html += cell(cw::toString(d.reviewer));
  html += cell(d.senderStatus);
  html += cell(rfc3339(o.decision_ms));
  return html;
}

std::string reasons_cell(const AdminOrder& row) {
  if (row.reasons.empty())
    return std::string("<td class=\"muted\">") + (row.order.decision ? "not fetched yet" : "—") +
           "</td>";
  std::string html = "<td><ul class=\"reasons\">";
  for (const auto& r : row.reasons) html += "<li>" + html_escape(r) + "</li>";
  return html + "</ul></td>";
}

std::string timeline_cell(const std::vector<MerchantEvent>& events) {
  if (events.empty()) return "<td class=\"muted\">—</td>";
  std::string html = "<td><details><summary>" + std::to_string(events.size()) +
                     " events</summary><ol class=\"log\">";
  for (const auto& e : events)
    html += "<li><time>" + html_escape(rfc3339_ms(e.at_ms)) + "</time> <code>" +
            html_escape(e.kind) + "</code> " + html_escape(e.detail) + "</li>";
  return html + "</ol></details></td>";
}

}  // namespace

std::string admin_csp() {
  return "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
         "form-action 'none'; frame-ancestors 'none'";
}

std::optional<std::string> basic_auth_password(std::string_view h) {
  constexpr std::string_view kScheme = "basic ";
  if (h.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(h[i])) != kScheme[i]) return std::nullopt;
  h.remove_prefix(kScheme.size());
  while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
  while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
  auto bytes = cw::base64Decode(h);
  if (!bytes) return std::nullopt;
  std::string decoded(bytes->begin(), bytes->end());
  OPENSSL_cleanse(bytes->data(), bytes->size());
  const auto colon = decoded.find(':');
  std::optional<std::string> password;
  if (colon != std::string::npos) password = decoded.substr(colon + 1);
  wipe(decoded);
  return password;
}

std::string render_admin_page(const std::vector<AdminOrder>& rows,
                              const std::vector<std::vector<MerchantEvent>>& events) {
  std::string body = "<h1>Orders and verification decisions</h1>\n";
  body +=
      "<p class=\"notice\" role=\"note\"><strong>Internal.</strong> The reasons below are for "
      "compliance staff only. Never pass them on to the customer (tipping-off): the shop's "
      "page tells customers the outcome in neutral words.</p>\n";
  if (rows.empty()) return page("Back office", body + "<p>No orders yet.</p>\n");
  body += "<table class=\"orders\">\n<caption>The newest " + std::to_string(rows.size()) +
          " orders, newest first</caption>\n<thead><tr><th scope=\"col\">Created</th>"
          "<th scope=\"col\">Order</th><th scope=\"col\">Format</th>"
          "<th scope=\"col\">Decision</th><th scope=\"col\">Risk level</th>"
          "<th scope=\"col\">Reviewer</th><th scope=\"col\">Service status</th>"
          "<th scope=\"col\">Decided</th><th scope=\"col\">Reasons</th>"
          "<th scope=\"col\">Shop log</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Order& o = rows[i].order;
    body += "<tr data-order=\"" + html_escape(o.id) + "\">";
    body += cell(rfc3339(o.created_ms));
    body += "<th scope=\"row\">" + html_escape(o.reference_data) + "<br><code class=\"mono\">" +
            html_escape(o.id) + "</code></th>";
    // The format, and how the customer was verified once a webhook said so.
    body += cell(o.webhook_format +
                 (o.verification_method.empty() ? "" : ", verified with " + o.verification_method));
    body += decision_cells(o);
    body += reasons_cell(rows[i]);
    body += i < events.size() ? timeline_cell(events[i]) : "<td></td>";
    body += "</tr>\n";
  }
  body += "</tbody>\n</table>\n";
  return page("Back office", body);
}

void register_admin_routes(http::Router& router, const MerchantConfig& c, OrderStore& orders) {
  static LoginThrottle throttle;  // one per process: the back office exists once
  router.get("/admin/?", [&c, &orders](const http::Request& req, http::Response& res) {
    set_security_headers(res, admin_csp());
    if (c.admin_password.empty()) {
      return send_html(res, 503,
                       page("Back office",
                            "<h1>Back office</h1>\n<p>admin disabled: no admin password is "
                            "configured (set <code>IDV_ADMIN_PASSWORD</code> or "
                            "<code>--admin-password</code>).</p>\n"));
    }
    if (const auto wait = throttle.wait_s(req.remote_addr, now_ms())) {
      res.set_header("Retry-After", std::to_string(wait));
      return send_html(res, 429,
                       page("Back office",
                            "<h1>Back office</h1>\n<p>Too many wrong passwords from this "
                            "address. Try again later.</p>\n"));
    }
    auto password = basic_auth_password(req.get_header_value("Authorization"));
    if (!password) return refuse(res);  // the browser's first request: it asks, then retries
    const bool ok = secrets_equal(*password, c.admin_password);
    wipe(*password);
    if (!ok) {
      throttle.failed(req.remote_addr, now_ms());
      log_line("admin", "refused: wrong password from " + req.remote_addr);
      return refuse(res);
    }
    throttle.succeeded(req.remote_addr);
    auto rows = orders.recent(kAdminRows);
    std::vector<std::vector<MerchantEvent>> events;
    events.reserve(rows.size());
    for (const auto& row : rows) events.push_back(orders.events(row.order.id));
    send_html(res, 200, render_admin_page(rows, events));
  });
}

}  // namespace idv::demo
