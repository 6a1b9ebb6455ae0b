#include "service/webhooks_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "service/merchant_api.hpp"  // authorised()

namespace idv::demo {
namespace {

using json = nlohmann::json;

constexpr std::size_t kDefaultLimit = 50;
constexpr std::size_t kMaxLimit = 100;
constexpr std::size_t kNoBody = 1024;  // these POSTs carry no body

json counts_json(const OutboxCounts& c) {
  return {{"pending", c.pending},
          {"delivered", c.delivered},
          {"failed", c.failed},
          {"disabled", c.disabled}};
}

json endpoint_json(const OutboxEndpoint& e) {
  json j = {{"id", e.id},
            {"url", e.url},
            {"state", e.disabled ? "disabled" : "enabled"},
            {"messages", counts_json(e.messages)}};
  if (e.disabled) {
    j["disabledAt"] = rfc3339(e.disabled_since_ms);
    j["disabledReason"] = e.disabled_reason;
  }
  return j;
}

json message_json(const OutboxRecord& r) {
  json j = {
      {"id", r.webhook_id},
      {"trackingReference", r.ref},
      {"endpointId", endpoint_id(r.url)},
      {"url", r.url},
      {"state", r.state},
      {"attempts", r.attempts},
      {"lastResult", r.last_result},
      {"createdAt", rfc3339_ms(r.created_ms)},
      {"lastAttemptAt", r.last_attempt_ms > 0 ? json(rfc3339_ms(r.last_attempt_ms)) : json()}};
  // For a pending message this is the next attempt (or, while one runs, its lease).
  if (r.state == "pending") j["nextAttemptAt"] = rfc3339_ms(r.next_attempt_ms);
  return j;
}

void list_endpoints(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string state = req.get_param_value("state");
  if (!state.empty() && state != "disabled" && state != "enabled")
    return send_error(res, 400, "invalid_parameter", "state must be disabled or enabled", "state");
  json list = json::array();
  for (const auto& e : ctx.outbox.endpoints()) {
    if (state == "disabled" && !e.disabled) continue;
    if (state == "enabled" && e.disabled) continue;
    list.push_back(endpoint_json(e));
  }
  send_json(res, 200, {{"endpoints", list}});
}

void enable_endpoint(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string& id = req.matches.at(1);
  for (const auto& e : ctx.outbox.endpoints()) {
    if (e.id != id) continue;
    if (e.disabled) {
      ctx.outbox.enable_endpoint(e.url);
      log_line("webhook", "endpoint " + e.id + " re-enabled by the merchant");
    }
    auto now = e;
    now.disabled = false;
    // Messages dropped while it was disabled stay "disabled": redeliver them one by one.
    return send_json(res, 200, endpoint_json(now));
  }
  send_error(res, 404, "not_found", "no such webhook endpoint");
}

void list_messages(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string state = req.get_param_value("state");
  if (!state.empty() && state != "pending" && state != "delivered" && state != "failed" &&
      state != "disabled" && state != "cancelled")
    return send_error(res, 400, "invalid_parameter",
                      "state must be pending, delivered, failed, disabled or cancelled", "state");
  std::size_t limit = kDefaultLimit;
  if (req.has_param("limit")) {
    const std::string v = req.get_param_value("limit");
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
    if (ec != std::errc{} || end != v.data() + v.size() || limit < 1 || limit > kMaxLimit)
      return send_error(res, 400, "invalid_parameter", "limit must be a number from 1 to 100",
                        "limit");
  }
  const std::string ref = req.get_param_value("trackingReference");
  auto rows = ctx.outbox.list(state, ref, limit + 1);
  const bool more = rows.size() > limit;
  if (more) rows.resize(limit);
  json list = json::array();
  for (const auto& r : rows) list.push_back(message_json(r));
  send_json(res, 200, {{"messages", list}, {"hasMore", more}});
}

void get_message(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const auto r = ctx.outbox.find(req.matches.at(1));
  if (!r) return send_error(res, 404, "not_found", "no such webhook message");
  send_json(res, 200, message_json(*r));
}

void redeliver(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string& id = req.matches.at(1);
  const std::int64_t now = now_ms();
  switch (ctx.outbox.redeliver(id, now)) {
    case RedeliverResult::not_found:
      return send_error(res, 404, "not_found", "no such webhook message");
    case RedeliverResult::already_pending:
      return send_error(res, 409, "already_pending",
                        "this message is still being delivered; wait for it to fail first");
    case RedeliverResult::endpoint_disabled:
      return send_error(res, 409, "endpoint_disabled",
                        "its endpoint is disabled; enable it first "
                        "(POST /v1/webhooks/endpoints/{id}/enable)");
    case RedeliverResult::not_allowed:
      return send_error(res, 409, "not_redeliverable",
                        "this message can no longer be sent (its session was deleted)");
    case RedeliverResult::queued: break;
  }
  const auto r = ctx.outbox.find(id);
  if (r)
    ctx.events.add(r->ref, now, "webhook.redeliver",
                   id + ": redelivery requested by the merchant — the attempts start over");
  log_line("webhook", id + " redelivery requested by the merchant");
  if (ctx.wake_dispatcher) ctx.wake_dispatcher();
  send_json(res, 202, r ? message_json(*r) : json{{"id", id}, {"state", "pending"}});
}

}  // namespace

void register_webhooks_api(http::Router& router, ServiceContext& ctx) {
  router.get("/v1/webhooks/endpoints",
             [&ctx](const http::Request& q, http::Response& r) { list_endpoints(q, r, ctx); });
  router.post(R"(/v1/webhooks/endpoints/(ep_[0-9a-f]{24})/enable)",
              [&ctx](const http::Request& q, http::Response& r) { enable_endpoint(q, r, ctx); },
              kNoBody);
  router.get("/v1/webhooks",
             [&ctx](const http::Request& q, http::Response& r) { list_messages(q, r, ctx); });
  router.get(R"(/v1/webhooks/(msg_[0-9A-Za-z]{1,64}))",
             [&ctx](const http::Request& q, http::Response& r) { get_message(q, r, ctx); });
  router.post(R"(/v1/webhooks/(msg_[0-9A-Za-z]{1,64})/redeliver)",
              [&ctx](const http::Request& q, http::Response& r) { redeliver(q, r, ctx); }, kNoBody);
}

}  // namespace idv::demo
