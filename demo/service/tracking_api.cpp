#include "service/tracking_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/random_ids.hpp"
#include "service/wallet/iso_mdoc_request.hpp"
#include "service/wallet/wallet_request.hpp"

namespace idv::demo {
namespace {

void cors(http::Response& res) {
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Access-Control-Expose-Headers", "ETag, Retry-After");
}

std::optional<std::int64_t> int_param(const http::Request& req, const char* name, bool& bad) {
  if (!req.has_param(name)) return std::nullopt;
  const std::string v = req.get_param_value(name);
  std::int64_t out = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc{} || p != v.data() + v.size() || out < 0) {
    bad = true;
    return std::nullopt;
  }
  return out;
}

std::optional<TrackingView> load_view(ServiceContext& ctx, const std::string& ref) {
  const auto s = ctx.sessions.find(ref);
  if (!s) return std::nullopt;
  TrackingView v;
  v.deleted = s->deleted;
  v.version = s->version;
  v.etag = "\"v" + std::to_string(s->version) + "\"";
  nlohmann::json body{{"trackingReference", s->ref},
                      {"status", s->status},
                      {"version", s->version},
                      {"portalUrl", ctx.config.public_base + "/p/" + s->ref},
                      {"expiresAt", rfc3339(s->expires_ms)},
                      {"updatedAt", rfc3339(s->updated_ms)},
                      {"longPollMaxWaitSeconds", ctx.config.long_poll_max_s}};
  // The hand-off codes while the session is open. They only ever go away with a status change
  // (the store blanks them then), which bumps the version: the ETag and this cached answer
  // stay right without a version of their own.
  if (!s->deleted && is_open_status(s->status) && !s->short_code.empty()) {
    body["shortCode"] = s->short_code;
    body["matchCode"] = s->match_code;
  }
  // The wallet path (docs/wallet.md) is offered while nobody has started yet and the service
  // trusts some issuer. PENDING changes only with a status change too, so no version of its own.
  // In order of preference: OpenID4VP where the browser speaks it (Chrome, Edge), ISO 18013-7
  // Annex C where it speaks only that (Safari).
  if (!s->deleted && s->status == "PENDING" && ctx.wallet_trust)
    body["walletProtocols"] =
        std::string(wallet::kUnsignedProtocol) + " " + std::string(wallet::kIsoMdocProtocol);
  v.json = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return v;
}

std::optional<TrackingView> view_of(ServiceContext& ctx, const std::string& ref) {
  return ctx.tracking_cache.get(ref, [&] { return load_view(ctx, ref); });
}

// The answer for the session as it is now: 404/410, 304 on a matching ETag, else the status.
void answer(const http::Request& req, http::Response& res, const std::optional<TrackingView>& v) {
  if (!v) return send_error(res, 404, "not_found", "no such tracking reference");
  if (v->deleted) return send_error(res, 410, "gone", "this tracking reference was deleted");
  res.set_header("ETag", v->etag);
  if (etag_matches(req.get_header_value("If-None-Match"), v->etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(v->json, "application/json; charset=utf-8");
}

void handle_tracking(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  cors(res);
  res.set_header("Cache-Control", "no-cache");  // clients revalidate with If-None-Match
  const std::string ref = req.matches[1];
  // One bucket per widget (client address + reference): a shop whose customers all come
  // through one proxy address is not throttled as one client.
  if (const auto wait = ctx.limiter.acquire(req.remote_addr + " " + ref, now_ms())) {
    res.set_header("Retry-After", std::to_string(wait));
    return send_error(res, 429, "rate_limited", "too many requests; retry after the given seconds");
  }
  if (!is_uuid(ref)) return send_error(res, 404, "not_found", "no such tracking reference");
  const auto s = view_of(ctx, ref);
  if (!s) return send_error(res, 404, "not_found", "no such tracking reference");

  bool bad = false;
  const auto wait_s = int_param(req, "waitSeconds", bad);
  const auto since = int_param(req, "sinceVersion", bad);
  if (bad)
    return send_error(res, 400, "invalid_parameter",
                      "waitSeconds and sinceVersion must be non-negative integers");

  if (!s->deleted && wait_s && *wait_s > 0 && since && s->version <= *since) {
    // Long-poll: park the request (a socket and a timer, no thread) until the session's
    // version passes `since`, the wait ends or the server stops; then answer as usual.
    // The cap (--max-long-polls, 20,000 by default) only guards memory; the connection cap
    // comes first in practice.
    if (ctx.active_long_polls.load() >= ctx.config.max_long_polls) {
      res.set_header("Retry-After", "1");
      return send_error(res, 429, "too_many_long_polls",
                        "long-poll capacity reached; retry shortly");
    }
    ++ctx.active_long_polls;
    const std::int64_t secs = std::min(*wait_s, ctx.config.long_poll_max_s);
    const std::int64_t since_version = *since;
    res.hold =
        http::Hold{ref, std::chrono::seconds(secs),
                   [&ctx, ref, since_version] { return ctx.notifier.latest(ref) > since_version; },
                   [&ctx, &req, ref](http::Response& later) {
                     --ctx.active_long_polls;
                     cors(later);
                     later.set_header("Cache-Control", "no-cache");
                     answer(req, later, view_of(ctx, ref));
                   }};
    return;
  }
  answer(req, res, s);
}

}  // namespace

bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    const auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);  // If-None-Match uses weak comparison
    if (item == "*" || item == etag) return true;
  }
  return false;
}

void register_tracking_api(http::Router& router, ServiceContext& ctx) {
  router.get(R"(/v1/tracking/([^/]+))",
             [&ctx](const http::Request& q, http::Response& r) { handle_tracking(q, r, ctx); });
  router.options(R"(/v1/tracking/([^/]+))", [](const http::Request&, http::Response& r) {
    cors(r);
    r.set_header("Access-Control-Allow-Methods", "GET, OPTIONS");
    r.set_header("Access-Control-Allow-Headers", "If-None-Match");
    r.set_header("Access-Control-Max-Age", "600");
    r.status = 204;
  });
}

}  // namespace idv::demo
