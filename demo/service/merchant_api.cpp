#include "service/merchant_api.hpp"

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
#include "service/invite_request.hpp"
#include "service/purge.hpp"

namespace idv::demo {
// 401 with a reason that tells a developer what to fix, never echoing the key itself.
bool authorised(const http::Request& req, http::Response& res, const ServiceContext& ctx) {
  const std::string token = bearer_token(req);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(res, 401, "missing_api_key", "send your API key as \"Authorization: Bearer <key>\"");
    return false;
  }
  if (!secrets_equal(token, ctx.config.api_key)) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    send_error(res, 401, "invalid_api_key", "the API key is not valid");
    return false;
  }
  return true;
}

namespace {

void handle_invite(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const auto parsed =
      parse_invite(req.get_header_value("Content-Type"), req.body, ctx.catalogue.languages(),
                   {.allow_private_webhooks = ctx.config.allow_private_webhooks});
  if (const auto* err = std::get_if<InviteError>(&parsed)) {
    log_line("invite",
             "rejected: " + err->code + (err->field.empty() ? "" : " (" + err->field + ")"));
    send_error(res, err->status, err->code, err->message, err->field);
    return;
  }
  const auto& in = std::get<InviteRequest>(parsed);
  const auto ref = uuid_v4();
  if (!ref) {
    send_error(res, 500, "internal_error", "could not create a reference; try again");
    return;
  }
  const std::int64_t now = now_ms();
  const std::int64_t expires = now + ctx.config.session_ttl_ms;
  // The capability in the uploads' URLs (identification callbacks' fileUrls).
  const auto files_token = random_hex(16);
  if (!files_token) {
    send_error(res, 500, "internal_error", "could not create a reference; try again");
    return;
  }
  const auto codes = ctx.sessions.create(
      {*ref, in.reference_data, in.webhook_url, in.return_url, in.locale, in.metadata, now, expires,
       std::string(to_string(in.webhook_format)), *files_token, in.success_url, in.error_url});
  if (!codes) {
    send_error(res, 500, "internal_error", "could not store the invite; try again");
    return;
  }
  ctx.events.add(*ref, now, "invite.created",
                 "invite created (webhooks: " + std::string(to_string(in.webhook_format)) +
                     "), expires " + rfc3339(expires));
  log_line("invite", "created " + short_ref(*ref));
  send_json(res, 201,
            {{"trackingReference", *ref},
             {"portalUrl", ctx.config.public_base + "/p/" + *ref},
             {"expiresAt", rfc3339(expires)},
             {"webhookFormat", to_string(in.webhook_format)},
             {"shortCode", codes->short_code},
             {"matchCode", codes->match_code}});
}

void handle_events(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string ref = req.matches[1];
  const auto s = ctx.sessions.find(ref);
  if (!s) return send_error(res, 404, "not_found", "no such tracking reference");
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : ctx.events.list(ref))
    list.push_back(
        {{"at", rfc3339_ms(e.at_ms)}, {"atMs", e.at_ms}, {"kind", e.kind}, {"detail", e.detail}});
  send_json(res, 200, {{"trackingReference", ref}, {"status", s->status}, {"events", list}});
}

void handle_delete(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  switch (purge_session(ctx, req.matches[1], now_ms())) {
    case PurgeResult::purged: res.status = 204; return;
    case PurgeResult::not_found:
      return send_error(res, 404, "not_found", "no such tracking reference");
    case PurgeResult::already_deleted:
      return send_error(res, 410, "gone", "this tracking reference was deleted");
    case PurgeResult::storage_error:
      return send_error(res, 500, "internal_error", "could not purge the session; try again");
  }
}

}  // namespace

void register_merchant_api(http::Router& router, ServiceContext& ctx) {
  // Writes commit with fsync (synchronous=FULL): they run on the server's blocking threads,
  // so a slow disk never holds up the event loop and the polls it serves.
  router.post("/v1/user/invite", [&ctx](const http::Request& q, http::Response& r) {
    r.offload = [&ctx, &q](http::Response& out) { handle_invite(q, out, ctx); };
  });
  router.get(R"(/v1/user/([0-9a-f-]{36})/events)",
             [&ctx](const http::Request& q, http::Response& r) { handle_events(q, r, ctx); });
  router.del(R"(/v1/user/([0-9a-f-]{36}))", [&ctx](const http::Request& q, http::Response& r) {
    r.offload = [&ctx, &q](http::Response& out) { handle_delete(q, out, ctx); };
  });
  router.get("/healthz", [&ctx](const http::Request&, http::Response& r) {
    const auto c = ctx.outbox.counts();
    const std::size_t connections = ctx.server ? ctx.server->open_connections() : 0;
    const std::size_t held = ctx.server ? ctx.server->held_requests() : 0;
    send_json(r, 200,
              {{"ok", true},
               {"sessions", ctx.sessions.count()},
               {"http", {{"connections", connections}, {"heldRequests", held}}},
               {"outbox",
                {{"pending", c.pending},
                 {"delivered", c.delivered},
                 {"failed", c.failed},
                 {"disabled", c.disabled}}}});
  });
}

}  // namespace idv::demo
