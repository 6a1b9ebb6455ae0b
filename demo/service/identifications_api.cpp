#include "service/identifications_api.hpp"

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
#include "service/merchant_api.hpp"
#include "service/status_document.hpp"

namespace idv::demo {
namespace {

void handle_identification(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string id = req.matches[1];
  // The id is the tracking reference; anything else is simply unknown.
  const auto s = is_uuid(id) ? ctx.sessions.find(id) : std::nullopt;
  if (!s) return send_error(res, 404, "not_found", "no such identification");
  if (s->deleted) return send_error(res, 410, "gone", "this identification was deleted");
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_content(status_document_json(*s), "application/json");
}

void handle_file(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  const std::string ref = req.matches[1], token = req.matches[2], file = req.matches[3];
  const auto s = is_uuid(ref) ? ctx.sessions.find(ref) : std::nullopt;
  // One answer for every miss, so the URL space tells nothing about which part was wrong.
  const auto missing = [&] { send_error(res, 404, "not_found", "no such file"); };
  if (!s || s->deleted || s->files_token.empty() || !secrets_equal(token, s->files_token))
    return missing();
  // Only names the portal itself stored (front.png, back.jpg, selfie.webp...).
  const auto details = nlohmann::json::parse(s->details, nullptr, false);
  bool listed = false;
  if (details.is_object() && details.contains("files") && details["files"].is_object()) {
    for (const auto& [slot, name] : details["files"].items())
      if (name.is_string() && name.get<std::string>() == file) listed = true;
  }
  if (!listed) return missing();
  if (!send_file(res, ctx.uploads_dir() + "/" + ref + "/" + file, content_type_for(file)))
    return missing();
  res.set_header("Cache-Control", "private, no-store");
}

void handle_fail(const http::Request& req, http::Response& res, ServiceContext& ctx) {
  if (!authorised(req, res, ctx)) return;
  const std::string ref = req.matches[1];
  const std::string reason =
      req.has_param("reason") ? req.get_param_value("reason") : "max_attempts";
  if (reason != "max_attempts" && reason != "terminated")
    return send_error(res, 422, "invalid_field", "reason must be max_attempts or terminated",
                      "reason");
  const auto s = is_uuid(ref) ? ctx.sessions.find(ref) : std::nullopt;
  if (!s || s->deleted) return send_error(res, 404, "not_found", "no such tracking reference");
  if (!fail_session(ctx, ref, reason))
    return send_error(res, 409, "not_open", "only a PENDING or IN_PROGRESS session can fail");
  send_json(res, 200, {{"trackingReference", ref}, {"status", "FAILED"}, {"reason", reason}});
}

}  // namespace

bool fail_session(ServiceContext& ctx, const std::string& ref, const std::string& reason) {
  const std::int64_t now = now_ms();
  if (!ctx.sessions.close(ref, {"PENDING", "IN_PROGRESS"}, "FAILED", reason, now)) return false;
  ctx.events.add(
      ref, now, "session.failed",
      reason == "terminated" ? "session terminated (suspected fraud)" : "maximum attempts reached");
  log_line("phase2", short_ref(ref) + " failed (" + reason + ")");
  return true;
}

void register_identifications_api(http::Router& router, ServiceContext& ctx) {
  router.get(
      R"(/v1/identifications/([A-Za-z0-9_-]{1,128}))",
      [&ctx](const http::Request& q, http::Response& r) { handle_identification(q, r, ctx); });
  router.get(R"(/v1/files/([0-9a-f-]{36})/([0-9a-f]{32})/([a-z]+\.[a-z]+))",
             [&ctx](const http::Request& q, http::Response& r) { handle_file(q, r, ctx); });
  if (ctx.config.test_hooks) {
    router.post(R"(/v1/test/sessions/([0-9a-f-]{36})/fail)",
                [&ctx](const http::Request& q, http::Response& r) { handle_fail(q, r, ctx); });
  }
}

}  // namespace idv::demo
