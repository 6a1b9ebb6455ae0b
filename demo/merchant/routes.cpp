#include "merchant/routes.hpp"

#include <algorithm>
#include <set>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
#include "merchant/admin.hpp"
#include "merchant/customer_view.hpp"
#include "merchant/service_client.hpp"
#include "merchant/webhook_receiver.hpp"

namespace idv::demo {
namespace {

using json = nlohmann::json;

// A string member of untrusted JSON, or "" (json::value() would throw on a wrong type).
std::string str_or_empty(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace cw = idv::completion;

// The languages the widget and the portal ship (web/src/i18n.js, demo/service/i18n/).
bool known_locale(const std::string& l) {
  static const std::set<std::string> kLocales = {"en", "ar", "cs", "da", "de", "el", "es", "fi",
                                                 "fr", "he", "hu", "it", "ja", "lt", "nb", "nl",
                                                 "pl", "pt", "ro", "sv", "tr", "uk"};
  return kLocales.count(l) > 0;
}

std::string locale_of(const json& body) {
  if (body.is_object() && body.contains("locale") && body["locale"].is_string()) {
    const auto l = body["locale"].get<std::string>();
    if (known_locale(l)) return l;
  }
  return "en";
}

// The widget's renewReference (docs/widget-api.md, "Reference renewal"): the customer's
// session expired before they finished, so the same order gets a new invite and the widget a
// new tracking reference — no new order, no re-mount.
void handle_renew(const http::Request& req, http::Response& res, const MerchantConfig& c,
                  OrderStore& orders) {
  const auto order = orders.find(req.matches[1]);
  if (!order) return send_error(res, 404, "not_found", "no such order");
  if (order->decision)
    return send_error(res, 409, "already_decided", "this order has a decision already");
  const auto body = json::parse(req.body, nullptr, false);
  const auto reply = create_invite(c, {{"referenceData", order->reference_data},
                                       {"webhookUrl", c.public_base + "/webhooks/idv"},
                                       {"returnUrl", c.public_base + "/?order=" + order->id},
                                       {"locale", locale_of(body)},
                                       {"metadata", {{"orderId", order->id}}},
                                       {"webhookFormat", order->webhook_format}});
  if (reply.status != 201 || !reply.body.is_object() || !reply.body.contains("trackingReference") ||
      !reply.body["trackingReference"].is_string())
    return send_error(
        res, 502, "invite_failed",
        reply.error.empty() ? "unexpected reply from the verification service" : reply.error);
  const std::string tracking = reply.body["trackingReference"].get<std::string>();
  if (!orders.renew_tracking(order->id, tracking))
    return send_error(res, 500, "internal_error", "could not store the new reference");
  const std::string line = "session renewed after it expired (tracking " + tracking + ")";
  orders.add_event(order->id, now_ms(), "invite.renewed", line, line);
  log_line("renew", "order " + short_ref(order->id) + " -> tracking " + short_ref(tracking));
  send_json(res, 200, {{"trackingReference", tracking}});
}

void handle_checkout(const http::Request& req, http::Response& res, const MerchantConfig& c,
                     OrderStore& orders) {
  const auto body = json::parse(req.body, nullptr, false);
  const std::string locale = locale_of(body);
  // Which of the three formats the service should send this order's webhooks in (the page's
  // select); the receiver handles all of them, so this only changes what travels on the wire.
  std::string format = "risk-assessment";
  if (body.is_object() && body.contains("webhookFormat") && !body["webhookFormat"].is_null()) {
    const auto& f = body["webhookFormat"];
    if (!f.is_string() || (f != "risk-assessment" && f != "identification" && f != "thin"))
      return send_error(res, 422, "unsupported_webhook_format",
                        "webhookFormat must be one of: risk-assessment, identification, thin",
                        "webhookFormat");
    format = f.get<std::string>();
  }
  const auto id = random_hex(12);
  if (!id) return send_error(res, 500, "internal_error", "could not create an order");
  const std::string reference = "order-" + id->substr(0, 8);
  const auto reply = create_invite(c, {{"referenceData", reference},
                                       {"webhookUrl", c.public_base + "/webhooks/idv"},
                                       {"returnUrl", c.public_base + "/?order=" + *id},
                                       {"locale", locale},
                                       {"metadata", {{"orderId", *id}}},
                                       {"webhookFormat", format}});
  if (reply.status != 201 || !reply.body.is_object() || !reply.body.contains("trackingReference") ||
      !reply.body["trackingReference"].is_string()) {
    log_line("checkout", "invite failed: " + reply.error);
    return send_error(
        res, 502, "invite_failed",
        reply.error.empty() ? "unexpected reply from the verification service" : reply.error);
  }
  const std::string tracking = reply.body["trackingReference"].get<std::string>();
  const std::int64_t now = now_ms();
  if (!orders.create({*id, reference, tracking, now, std::nullopt, 0, "", format}))
    return send_error(res, 500, "internal_error", "could not store the order");
  const std::string created =
      "invite created for " + reference + " (tracking " + tracking + ", " + format + " webhooks)";
  orders.add_event(*id, now, "invite.created", created, created);
  log_line("checkout", "order " + short_ref(*id) + " -> tracking " + short_ref(tracking));
  send_json(res, 201,
            {{"orderId", *id},
             {"referenceData", reference},
             {"trackingReference", tracking},
             {"apiBase", c.service_public_base},
             {"portalOrigin", c.service_public_base},
             {"locale", locale},
             {"webhookFormat", format}});
}

void handle_order(const http::Request& req, http::Response& res, const MerchantConfig& c,
                  OrderStore& orders) {
  const auto order = orders.find(req.matches[1]);
  if (!order) return send_error(res, 404, "not_found", "no such order");
  json events = json::array();
  // Customer-facing: every line in neutral words (customer_view.hpp), never a screening reason.
  for (const auto& e : orders.events(order->id))
    events.push_back({{"atMs", e.at_ms},
                      {"at", rfc3339_ms(e.at_ms)},
                      {"source", "merchant"},
                      {"kind", e.kind},
                      {"detail", public_merchant_detail(e)}});
  // The service's side of Phase 2 (processing, each delivery attempt), for the timeline only;
  // its verdict lines name reasons, so each line is rewritten for the customer by kind.
  const auto svc = fetch_service_events(c, order->tracking_ref);
  std::string service_status;
  if (svc.status == 200 && svc.body.is_object() && svc.body.contains("events") &&
      svc.body["events"].is_array()) {
    for (const auto& e : svc.body["events"]) {
      if (!e.is_object() || !e.contains("atMs") || !e["atMs"].is_number_integer()) continue;
      const std::string kind = str_or_empty(e, "kind");
      events.push_back({{"atMs", e["atMs"]},
                        {"at", str_or_empty(e, "at")},
                        {"source", "service"},
                        {"kind", kind},
                        {"detail", public_service_detail(kind, str_or_empty(e, "detail"))}});
    }
    service_status = str_or_empty(svc.body, "status");
  }
  std::stable_sort(events.begin(), events.end(), [](const json& a, const json& b) {
    return a["atMs"].get<std::int64_t>() < b["atMs"].get<std::int64_t>();
  });
  send_json(
      res, 200,
      {{"orderId", order->id},
       {"referenceData", order->reference_data},
       {"trackingReference", order->tracking_ref},
       {"apiBase", c.service_public_base},
       {"portalOrigin", c.service_public_base},
       {"createdAt", rfc3339_ms(order->created_ms)},
       {"decision", public_decision(*order)},
       {"webhookFormat", order->webhook_format},
       // "wallet" | "document" once a webhook said how; null before.
       {"verificationMethod",
        order->verification_method.empty() ? json(nullptr) : json(order->verification_method)},
       {"serviceReachable", svc.status == 200},
       {"trackingStatus", service_status},
       {"events", events}});
}

// The widget's decision relay (docs/widget-api.md): after onSuccess the widget asks this until
// a verified decision is stored, then fires onDecision once for the final one. The relay is
// customer-facing too: outcome and finality only, no risk level (the widget reports "unknown").
void handle_decision_relay(const http::Request& req, http::Response& res, OrderStore& orders) {
  const auto order = orders.find(req.matches[1]);
  if (!order) return send_error(res, 404, "not_found", "no such order");
  if (!order->decision) return send_json(res, 200, {{"decided", false}});
  const auto& d = *order->decision;
  send_json(res, 200,
            {{"decided", true},
             {"final", d.final},
             {"outcome", cw::toString(d.outcome)},
             {"decidedAt", rfc3339(order->decision_ms)}});
}

void serve_asset(http::Response& res, const std::string& dir, const std::string& name) {
  if (!send_file(res, dir + "/" + name, content_type_for(name)))
    send_error(res, 404, "not_found", "file not found: " + name);
}

}  // namespace

std::string merchant_csp(const MerchantConfig& c) {
  std::string connect = "'self'";
  if (c.service_public_base != c.public_base) connect += " " + c.service_public_base;
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
         "connect-src " +
         connect + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

void log_merchant_request(const http::Request& req, int status) {
  if (req.path.starts_with("/api/orders/") && status < 400) return;  // the page's polling
  log_line("http",
           req.method + " " + redact_capabilities(req.path) + " -> " + std::to_string(status));
}

void register_merchant_routes(http::Router& router, const MerchantConfig& c, OrderStore& orders,
                              ReasonFetcher& reasons) {
  // Every answer of the shop carries its CSP and the hardening headers (a handler may tighten
  // them, as /admin does).
  const auto secured = [csp = merchant_csp(c)](http::Handler h) -> http::Handler {
    return [csp, h = std::move(h)](const http::Request& req, http::Response& res) {
      set_security_headers(res, csp);
      h(req, res);
    };
  };
  router.get("/", secured([&c](const http::Request&, http::Response& res) {
               serve_asset(res, c.assets_dir + "/static", "index.html");
               res.set_header("Cache-Control", "no-store");
             }));
  router.get(R"(/static/(app\.js|app\.css|admin\.css))",
             secured([&c](const http::Request& req, http::Response& res) {
               serve_asset(res, c.assets_dir + "/static", req.matches[1]);
             }));
  // The widget, exactly as a merchant would host it: script and wasm side by side at the root.
  router.get(R"(/(idv-widget\.(js|mjs|wasm|d\.ts|js\.map|mjs\.map)))",
             secured([&c](const http::Request& req, http::Response& res) {
               const std::string name = req.matches[1];
               if (!send_file(res, c.dist_dir + "/" + name, content_type_for(name)))
                 send_error(res, 404, "widget_not_built",
                            name + " is missing from " + c.dist_dir + ": run scripts/build");
               res.set_header("Cache-Control", "no-cache");
             }));
  // The widget's non-English catalogues, fetched on demand from beside the wasm.
  router.get(R"(/idv-widget\.messages/([a-z]{2})\.json)",
             secured([&c](const http::Request& req, http::Response& res) {
               const std::string name = "idv-widget.messages/" + req.matches[1] + ".json";
               if (!send_file(res, c.dist_dir + "/" + name, "application/json"))
                 send_error(res, 404, "not_found", "no catalogue " + name);
               res.set_header("Cache-Control", "no-cache");
             }));
  router.get("/favicon.ico",
             secured([](const http::Request&, http::Response& r) { r.status = 204; }));
  // These handlers call the verification service (up to its timeout): they run on the
  // server's blocking threads, so a slow service never stalls the shop's other pages.
  router.post("/api/checkout", secured([&c, &orders](const http::Request& q, http::Response& r) {
                r.offload = [&c, &orders, &q](http::Response& out) {
                  handle_checkout(q, out, c, orders);
                };
              }),
              kCheckoutBodyLimit);
  router.get(R"(/api/orders/([0-9a-f]{24}))",
             secured([&c, &orders](const http::Request& q, http::Response& r) {
               r.offload = [&c, &orders, &q](http::Response& out) {
                 handle_order(q, out, c, orders);
               };
             }));
  router.post(R"(/api/orders/([0-9a-f]{24})/renew)",
              secured([&c, &orders](const http::Request& q, http::Response& r) {
                r.offload = [&c, &orders, &q](http::Response& out) {
                  handle_renew(q, out, c, orders);
                };
              }),
              kCheckoutBodyLimit);
  router.get(R"(/api/orders/([0-9a-f]{24})/decision)",
             secured([&orders](const http::Request& q, http::Response& r) {
               handle_decision_relay(q, r, orders);
             }));
  router.post("/webhooks/idv",
              secured([&c, &orders, &reasons](const http::Request& q, http::Response& r) {
                // A thin webhook fetches the status document before answering (blocking).
                r.offload = [&c, &orders, &reasons, &q](http::Response& out) {
                  handle_webhook(q, out, c, orders, reasons);
                };
              }),
              kWebhookBodyLimit);
  router.get("/healthz", secured([&orders](const http::Request&, http::Response& r) {
               send_json(r, 200, {{"ok", true}, {"webhooksReceived", orders.webhook_count()}});
             }));
  register_admin_routes(router, c, orders);
}

}  // namespace idv::demo
