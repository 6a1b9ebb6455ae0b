#include "service/code_entry.hpp"

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "service/handoff_codes.hpp"
#include "service/portal.hpp"
#include "service/portal_pages.hpp"

namespace idv::demo {
namespace {

void send_page(http::Response& res, int status, std::string html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

class CodeEntry {
 public:
  explicit CodeEntry(ServiceContext& ctx) : ctx_(ctx) {}

  void show(const http::Request& req, http::Response& res) const {
    set_security_headers(res, kPortalCsp);
    send_page(res, 200, render_code_entry(page_for(req)));
  }

  void submit(const http::Request& req, http::Response& res) {
    set_security_headers(res, kPortalCsp);
    CodeEntryPage page = page_for(req);
    // Same-origin forms only, as in the portal: another page must not drive the look-up.
    const std::string origin = req.get_header_value("Origin");
    if (!origin.empty() && origin != ctx_.config.public_base)
      return send_page(res, 403,
                       render_message(ctx_.catalogue, page.lang, "state.forbidden.heading",
                                      "state.forbidden.text"));
    const std::string& client = req.remote_addr;  // as the tracking endpoint's rate limit
    const std::int64_t now = now_ms();
    // Checked before the code is looked at: while refused, a right code is refused too.
    if (const std::int64_t wait_s = ctx_.code_attempts.wait_s(client, now)) {
      res.set_header("Retry-After", std::to_string(wait_s));
      page.notice = ctx_.catalogue.format(page.lang, "code.wait",
                                          {{"minutes", std::to_string((wait_s + 59) / 60)}});
      return send_page(res, 429, render_code_entry(page));
    }
    page.typed = req.get_param_value("code");
    const auto code = normalize_short_code(page.typed);
    if (!code) {
      // Not counted: a malformed code tells a guesser nothing, and typos should not lock out.
      page.field_error = ctx_.catalogue.text(page.lang, "error.codeFormat");
      return send_page(res, 400, render_code_entry(page));
    }
    const auto ref = ctx_.sessions.find_open_by_short_code(*code, now);
    if (!ref) {
      ctx_.code_attempts.failed(client, now);
      log_line("code", "no open session has the code sent from " + client);
      page.field_error = ctx_.catalogue.text(page.lang, "error.codeUnknown");
      return send_page(res, 404, render_code_entry(page));
    }
    log_line("code", "code led to " + short_ref(*ref));
    res.status = 303;
    res.set_header("Location",
                   "/p/" + *ref + (page.lang_explicit ? "?lang=" + page.lang : std::string()));
  }

 private:
  CodeEntryPage page_for(const http::Request& req) const {
    const std::string explicit_lang = req.has_param("lang") ? req.get_param_value("lang") : "";
    return {ctx_.catalogue,
            ctx_.catalogue.choose(explicit_lang, "", req.get_header_value("Accept-Language")),
            ctx_.catalogue.supports(explicit_lang),
            {},
            {},
            {}};
  }

  ServiceContext& ctx_;
};

}  // namespace

void register_code_entry(http::Router& router, ServiceContext& ctx) {
  auto entry = std::make_shared<CodeEntry>(ctx);
  router.get("/code", [entry](const http::Request& q, http::Response& r) { entry->show(q, r); });
  // A database read: on the server's blocking threads, like the portal's pages.
  router.post("/code", [entry](const http::Request& q, http::Response& r) {
    r.offload = [entry, &q](http::Response& out) { entry->submit(q, out); };
  });
}

}  // namespace idv::demo
