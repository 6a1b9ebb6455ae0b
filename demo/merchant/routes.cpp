#include "merchant/routes.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
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

// Relay and page show risk levels the way contract 2 spells them (LOW, MEDIUM, HIGH); the
// identification callback has none (UNKNOWN).
std::string risk_text(const cw::VerificationDecision& d) {
  std::string r(cw::to_string(d.risk));
  for (char& c : r) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return r;
}

json decision_json(const Order& o) {
  if (!o.decision) return nullptr;
  const auto& d = *o.decision;
  json j = {{"outcome", cw::to_string(d.outcome)},
            {"riskLevel", risk_text(d)},
            {"final", d.final},
            {"reviewer", cw::to_string(d.reviewer)},
            {"source", cw::to_string(d.source)},
            {"senderStatus", d.sender_status},
            {"assessmentStatus", d.sender_status},  // kept for older pages and scripts
            {"receivedAt", rfc3339_ms(o.decision_ms)},
            {"webhookId", o.decision_webhook_id}};
  j["decidedAt"] = d.decided_at ? json(rfc3339(*d.decided_at * 1000)) : json(nullptr);
  return j;
}

void handle_checkout(const httplib::Request& req, httplib::Response& res, const MerchantConfig& c,
                     OrderStore& orders) {
  const auto body = json::parse(req.body, nullptr, false);
  std::string locale = "en";
  if (body.is_object() && body.contains("locale") && body["locale"].is_string()) {
    const auto l = body["locale"].get<std::string>();
    if (l == "nl" || l == "lt") locale = l;
  }
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
  orders.add_event(
      *id, now, "invite.created",
      "invite created for " + reference + " (tracking " + tracking + ", " + format + " webhooks)");
  log_line("checkout", "order " + *id + " -> tracking " + tracking);
  send_json(res, 201,
            {{"orderId", *id},
             {"referenceData", reference},
             {"trackingReference", tracking},
             {"apiBase", c.service_public_base},
             {"portalOrigin", c.service_public_base},
             {"locale", locale},
             {"webhookFormat", format}});
}

void handle_order(const httplib::Request& req, httplib::Response& res, const MerchantConfig& c,
                  OrderStore& orders) {
  const auto order = orders.find(req.matches[1]);
  if (!order) return send_error(res, 404, "not_found", "no such order");
  json events = json::array();
  for (const auto& e : orders.events(order->id))
    events.push_back({{"atMs", e.at_ms},
                      {"at", rfc3339_ms(e.at_ms)},
                      {"source", "merchant"},
                      {"kind", e.kind},
                      {"detail", e.detail}});
  // The service's side of Phase 2 (processing, each delivery attempt), for the timeline only.
  const auto svc = fetch_service_events(c, order->tracking_ref);
  std::string service_status;
  if (svc.status == 200 && svc.body.is_object() && svc.body.contains("events") &&
      svc.body["events"].is_array()) {
    for (const auto& e : svc.body["events"]) {
      if (!e.is_object() || !e.contains("atMs") || !e["atMs"].is_number_integer()) continue;
      events.push_back({{"atMs", e["atMs"]},
                        {"at", str_or_empty(e, "at")},
                        {"source", "service"},
                        {"kind", str_or_empty(e, "kind")},
                        {"detail", str_or_empty(e, "detail")}});
    }
    service_status = str_or_empty(svc.body, "status");
  }
  std::stable_sort(events.begin(), events.end(), [](const json& a, const json& b) {
    return a["atMs"].get<std::int64_t>() < b["atMs"].get<std::int64_t>();
  });
  send_json(res, 200,
            {{"orderId", order->id},
             {"referenceData", order->reference_data},
             {"trackingReference", order->tracking_ref},
             {"apiBase", c.service_public_base},
             {"portalOrigin", c.service_public_base},
             {"createdAt", rfc3339_ms(order->created_ms)},
             {"decision", decision_json(*order)},
             {"webhookFormat", order->webhook_format},
             {"serviceReachable", svc.status == 200},
             {"trackingStatus", service_status},
             {"events", events}});
}

// The widget's decision relay (docs/widget-api.md): after onSuccess the widget asks this until
// a verified decision is stored, then fires onDecision once for the final one.
void handle_decision_relay(const httplib::Request& req, httplib::Response& res,
                           OrderStore& orders) {
  const auto order = orders.find(req.matches[1]);
  if (!order) return send_error(res, 404, "not_found", "no such order");
  if (!order->decision) return send_json(res, 200, {{"decided", false}});
  const auto& d = *order->decision;
  send_json(res, 200,
            {{"decided", true},
             {"final", d.final},
             {"outcome", cw::to_string(d.outcome)},
             {"riskLevel", risk_text(d)},
             {"decidedAt", rfc3339(order->decision_ms)}});
}

void serve_asset(httplib::Response& res, const std::string& dir, const std::string& name) {
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

void register_merchant_routes(httplib::Server& server, const MerchantConfig& c,
                              OrderStore& orders) {
  const std::string csp = merchant_csp(c);
  server.set_post_routing_handler(
      [csp](const httplib::Request&, httplib::Response& res) { set_security_headers(res, csp); });
  server.Get("/", [&c](const httplib::Request&, httplib::Response& res) {
    serve_asset(res, c.assets_dir + "/static", "index.html");
    res.set_header("Cache-Control", "no-store");
  });
  server.Get(R"(/static/(app\.js|app\.css))",
             [&c](const httplib::Request& req, httplib::Response& res) {
               serve_asset(res, c.assets_dir + "/static", req.matches[1]);
             });
  // The widget, exactly as a merchant would host it: script and wasm side by side at the root.
  server.Get(R"(/(idv-widget\.(js|mjs|wasm|d\.ts|js\.map|mjs\.map)))",
             [&c](const httplib::Request& req, httplib::Response& res) {
               const std::string name = req.matches[1];
               if (!send_file(res, c.dist_dir + "/" + name, content_type_for(name)))
                 send_error(res, 404, "widget_not_built",
                            name + " is missing from " + c.dist_dir + ": run scripts/build");
               res.set_header("Cache-Control", "no-cache");
             });
  server.Get("/favicon.ico", [](const httplib::Request&, httplib::Response& r) { r.status = 204; });
  server.Post("/api/checkout", [&c, &orders](const httplib::Request& q, httplib::Response& r) {
    handle_checkout(q, r, c, orders);
  });
  server.Get(R"(/api/orders/([0-9a-f]{24}))",
             [&c, &orders](const httplib::Request& q, httplib::Response& r) {
               handle_order(q, r, c, orders);
             });
  server.Get(R"(/api/orders/([0-9a-f]{24})/decision)",
             [&orders](const httplib::Request& q, httplib::Response& r) {
               handle_decision_relay(q, r, orders);
             });
  server.Post("/webhooks/idv", [&c, &orders](const httplib::Request& q, httplib::Response& r) {
    handle_webhook(q, r, c, orders);
  });
  server.Get("/healthz", [&orders](const httplib::Request&, httplib::Response& r) {
    send_json(r, 200, {{"ok", true}, {"webhooksReceived", orders.webhook_count()}});
  });
}

}  // namespace idv::demo
