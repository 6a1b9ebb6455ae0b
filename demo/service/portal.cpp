#include "service/portal.hpp"

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
#include "service/data_entry.hpp"
#include "service/identifications_api.hpp"
#include "service/portal_pages.hpp"
#include "service/uploads.hpp"

namespace idv::demo {
namespace {

using json = nlohmann::json;

// Per-request view of the session, with the language chosen for this customer.
struct Visit {
  Session session;
  std::string lang;
  bool lang_explicit = false;
  json details;
};

// A plain form field, whether the form came urlencoded or as multipart.
std::string field(const http::Request& req, const std::string& name) {
  if (req.has_param(name)) return req.get_param_value(name);
  if (const auto* part = req.file(name)) return part->content;
  return {};
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void send_html(http::Response& res, int status, std::string html) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

void redirect(http::Response& res, const Visit& v) {
  res.status = 303;
  res.set_header("Location", "/p/" + v.session.ref + (v.lang_explicit ? "?lang=" + v.lang : ""));
}

class Portal {
 public:
  explicit Portal(ServiceContext& ctx) : ctx_(ctx) {}

  // Loads the session; answers with an error page (false) when it cannot be used.
  bool open(const http::Request& req, http::Response& res, Visit& v) {
    set_security_headers(res, kPortalCsp);
    const std::string ref = req.matches[1];
    const std::string explicit_lang = req.has_param("lang") ? req.get_param_value("lang") : "";
    const std::string accept = req.get_header_value("Accept-Language");
    const auto s = is_uuid(ref) ? ctx_.sessions.find(ref) : std::nullopt;
    v.lang = ctx_.catalogue.choose(explicit_lang, s ? s->locale : "", accept);
    v.lang_explicit = ctx_.catalogue.supports(explicit_lang);
    if (!s) {
      send_html(
          res, 404,
          render_message(ctx_.catalogue, v.lang, "state.notFound.heading", "state.notFound.text"));
      return false;
    }
    if (s->deleted) {
      send_html(res, 410,
                render_message(ctx_.catalogue, v.lang, "state.gone.heading", "state.gone.text"));
      return false;
    }
    if (s->status == "EXPIRED" || (s->expires_ms <= now_ms() && s->status != "COMPLETED")) {
      send_html(
          res, 410,
          render_message(ctx_.catalogue, v.lang, "state.expired.heading", "state.expired.text"));
      return false;
    }
    if (s->status == "CANCELLED" || s->status == "FAILED") {
      send_html(
          res, 409,
          render_message(ctx_.catalogue, v.lang, "state.closed.heading", "state.closed.text"));
      return false;
    }
    // Forms are same-origin only: a foreign page must not drive someone's verification.
    if (req.method == "POST") {
      const std::string origin = req.get_header_value("Origin");
      if (!origin.empty() && origin != ctx_.config.public_base) {
        send_html(res, 403,
                  render_message(ctx_.catalogue, v.lang, "state.forbidden.heading",
                                 "state.forbidden.text"));
        return false;
      }
    }
    v.session = *s;
    v.details = json::parse(s->details, nullptr, false);
    if (!v.details.is_object()) v.details = json::object();
    return true;
  }

  PortalPage page(const Visit& v) const {
    PortalPage p{ctx_.catalogue,
                 v.lang,
                 v.session.ref,
                 v.lang_explicit,
                 {},
                 {},
                 upload_limit_text(ctx_.config.max_upload_bytes),
                 {},
                 ctx_.config.merchant_name,
                 v.session.match_code};
    for (const char* k : {"firstName", "lastName", "dateOfBirth", "documentType", "documentNumber",
                          "nationality", "documentExpiry"})
      if (v.details.contains(k) && v.details[k].is_string())
        p.values[k] = v.details[k].get<std::string>();
    refresh_received(v, p);
    return p;
  }

  static void refresh_received(const Visit& v, PortalPage& p) {
    p.received.clear();
    if (const auto it = v.details.find("files"); it != v.details.end() && it->is_object())
      for (const auto& [slot, file] : it->items())
        if (file.is_string()) p.received.insert(slot);
  }

  std::string render_step(const Visit& v, const PortalPage& p) const {
    const std::string& step = v.session.portal_step;
    if (step == "details") return render_details(p);
    if (step == "document") return render_document(p);
    if (step == "selfie") return render_selfie(p);
    if (step == "done") return render_done(p, done_state(v));
    return render_consent(p);
  }

  DoneState done_state(const Visit& v) const {
    DoneState d;
    d.return_url = v.session.return_url;
    d.success_url = v.session.success_url;
    d.error_url = v.session.error_url;
    // Seed 003: with identification callbacks the shop must answer the automatic callback
    // with 200, or the customer sees the failed-identification page.
    if (v.session.webhook_format == "identification") {
      switch (ctx_.outbox.first_delivery_outcome(v.session.ref)) {
        case DeliveryOutcome::not_queued:
        case DeliveryOutcome::not_attempted: d.callback = DoneState::Callback::waiting; break;
        case DeliveryOutcome::answered_200: d.callback = DoneState::Callback::accepted; break;
        case DeliveryOutcome::refused: d.callback = DoneState::Callback::refused; break;
      }
    }
    return d;
  }

  void show(const http::Request& req, http::Response& res) {
    Visit v;
    if (!open(req, res, v)) return;
    if (v.session.status == "PENDING") {
      const std::int64_t now = now_ms();
      if (ctx_.sessions.transition(v.session.ref, {"PENDING"}, "IN_PROGRESS", now)) {
        ctx_.sessions.record_start(v.session.ref, now);
        ctx_.events.add(v.session.ref, now, "portal.opened", "customer opened the portal");
        log_line("portal", short_ref(v.session.ref) + " opened");
      }
    }
    send_html(res, 200, render_step(v, page(v)));
  }

  void submit(const http::Request& req, http::Response& res, const std::string& step) {
    Visit v;
    if (!open(req, res, v)) return;
    if (v.session.portal_step != step) return redirect(res, v);  // back button, double submit
    PortalPage p = page(v);
    const auto err = [&](const std::string& f, const std::string& key,
                         std::map<std::string, std::string> params = {}) {
      p.errors.push_back({f, ctx_.catalogue.format(v.lang, key, params)});
    };
    std::string next;
    if (step == "consent") {
      if (field(req, "consent") != "yes") err("consent", "error.consent");
      v.details["consentAtMs"] = now_ms();
      next = "details";
    } else if (step == "details") {
      for (const char* k : {"firstName", "lastName", "dateOfBirth"})
        p.values[k] = trim(field(req, k));
      for (const char* k : {"firstName", "lastName"}) {
        if (p.values[k].empty())
          err(k, "error.required",
              {{"field", ctx_.catalogue.text(v.lang, std::string("details.") + k)}});
        else if (characters(p.values[k]) > 100)
          err(k, "error.tooLong", {{"max", "100"}});
      }
      if (!valid_date(p.values["dateOfBirth"]) || p.values["dateOfBirth"] > today())
        err("dateOfBirth", "error.date");
      for (const char* k : {"firstName", "lastName", "dateOfBirth"}) v.details[k] = p.values[k];
      next = "document";
    } else if (step == "document") {
      const json before = v.details;  // what was saved: a failed try keeps only its photos
      p.values["documentType"] = field(req, "documentType");
      p.values["documentNumber"] = trim(field(req, "documentNumber"));
      const std::string& type = p.values["documentType"];
      if (type != "PASSPORT" && type != "ID_CARD" && type != "DRIVER_LICENSE")
        p.values["documentType"] = "PASSPORT";
      if (!valid_document_number(p.values["documentNumber"]))
        err("documentNumber", "error.documentNumber");
      // A country from the list (the form offers only those) or nothing; anything else is an
      // error, never cut to shape.
      p.values["nationality"] = upper(trim(field(req, "nationality")));
      p.values["documentExpiry"] = trim(field(req, "documentExpiry"));
      if (!p.values["nationality"].empty() && !known_country(p.values["nationality"]))
        err("nationality", "error.nationality");
      if (!p.values["documentExpiry"].empty()) {
        if (!valid_date(p.values["documentExpiry"]))
          err("documentExpiry", "error.expiry");
        else if (p.values["documentExpiry"] < today())  // valid through its expiry day
          err("documentExpiry", "error.expired");
      }
      v.details["documentType"] = p.values["documentType"];
      v.details["documentNumber"] = p.values["documentNumber"];
      v.details["nationality"] = p.values["nationality"];
      v.details["documentExpiry"] = p.values["documentExpiry"];
      // Photos are stored even when a text field failed: a valid upload stays with the
      // session, so the customer does not have to choose (or on a phone: take) it again.
      const bool front_changed = store_file(req, v, p, "front", true);
      const bool back_changed = store_file(req, v, p, "back", false);
      if (p.errors.empty() && unreadable(p.values["documentNumber"])) {
        // Demo rule: a number ending in 999 stands for a photo the checks cannot read. Each
        // try is an attempt; the last one FAILS the session, which sends the seed-003
        // "maximum attempts" callback at once (identifications_api.hpp). The front photo
        // must be taken again, so it no longer counts as received.
        const auto& prev = v.details["failedAttempts"];
        const std::int64_t attempts = (prev.is_number_integer() ? prev.get<std::int64_t>() : 0) + 1;
        v.details["failedAttempts"] = attempts;
        v.details["files"].erase("front");
        ctx_.sessions.save_step(v.session.ref, step, v.details.dump(), now_ms());
        ctx_.events.add(v.session.ref, now_ms(), "portal.attempt_failed",
                        "document unreadable (attempt " + std::to_string(attempts) + " of " +
                            std::to_string(ctx_.config.max_attempts) + ")");
        if (attempts >= ctx_.config.max_attempts) {
          fail_session(ctx_, v.session.ref, "max_attempts");
          return redirect(res, v);  // the portal now shows its "closed" page
        }
        err("front", "error.unreadable",
            {{"n", std::to_string(attempts)}, {"max", std::to_string(ctx_.config.max_attempts)}});
      } else if (!p.errors.empty() && (front_changed || back_changed)) {
        json keep = before;
        keep["files"] = v.details["files"];
        ctx_.sessions.save_step(v.session.ref, step, keep.dump(), now_ms());
      }
      next = "selfie";
    } else if (step == "selfie") {
      store_file(req, v, p, "selfie", true);
      next = "done";
    }
    if (!p.errors.empty()) {
      refresh_received(v, p);
      return send_html(res, 422, render_step(v, p));
    }

    if (next == "done") {
      // The same end of Phase 1 as a wallet presentation's (data_entry.hpp).
      complete_data_entry(ctx_, v.session.ref, v.details.dump(), req.get_header_value("User-Agent"),
                          VerificationMethod::document);
    } else {
      ctx_.sessions.save_step(v.session.ref, next, v.details.dump(), now_ms());
    }
    redirect(res, v);
  }

 private:
  static std::string upper(std::string s) {
    for (char& c : s)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
  }

  static bool unreadable(const std::string& number) { return number.ends_with("999"); }

  // Characters, not bytes: a name limit must not punish accents or other scripts.
  static std::size_t characters(const std::string& s) {
    std::size_t n = 0;
    for (const char c : s)
      if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
  }

  static std::string today() { return rfc3339(now_ms()).substr(0, 10); }

  // A calendar date YYYY-MM-DD from 1900 on (31 February is not one).
  static bool valid_date(const std::string& d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
      if (d[i] < '0' || d[i] > '9') return false;
    const int year = std::stoi(d.substr(0, 4));
    const int month = (d[5] - '0') * 10 + (d[6] - '0');
    const int day = (d[8] - '0') * 10 + (d[9] - '0');
    if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  }

  static bool valid_document_number(const std::string& n) {
    if (n.size() < 5 || n.size() > 20) return false;
    for (const char c : n)
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
        return false;
    return true;
  }

  // Stores the photo sent for slot name. Nothing sent keeps an earlier valid photo (required
  // only when there is none); a photo that fails replaces nothing and must be chosen again.
  // True when the session's files changed.
  bool store_file(const http::Request& req, Visit& v, PortalPage& p, const std::string& name,
                  bool required) {
    const std::string label =
        ctx_.catalogue.text(v.lang, name == "selfie" ? "selfie.photo" : "document." + name);
    const auto* part = req.file(name);
    const std::string content = part ? part->content : "";
    const bool had = v.details.contains("files") && v.details["files"].contains(name);
    if (content.empty() && (had || !required)) return false;
    const auto stored = store_upload(ctx_.uploads_dir(), v.session.ref, name, content,
                                     ctx_.config.max_upload_bytes);
    const auto size = upload_limit_text(ctx_.config.max_upload_bytes);
    switch (stored.problem) {
      case UploadProblem::none: v.details["files"][name] = stored.filename; return true;
      case UploadProblem::missing:
        p.errors.push_back(
            {name, ctx_.catalogue.format(v.lang, "error.fileMissing", {{"field", label}})});
        return false;
      case UploadProblem::too_large:
        p.errors.push_back({name, ctx_.catalogue.format(v.lang, "error.fileSize",
                                                        {{"field", label}, {"size", size}})});
        break;
      case UploadProblem::wrong_type:
        p.errors.push_back(
            {name, ctx_.catalogue.format(v.lang, "error.fileType", {{"field", label}})});
        break;
      case UploadProblem::storage:
        p.errors.push_back({name, ctx_.catalogue.format(v.lang, "error.storage", {})});
        break;
    }
    // The customer chose a new photo and it failed: the error names it, and an older photo
    // in this slot no longer counts (the form asks for this one again, not silently the old).
    if (!had) return false;
    v.details["files"].erase(name);
    return true;
  }

  ServiceContext& ctx_;
};

}  // namespace

void register_portal(http::Router& router, ServiceContext& ctx) {
  auto portal = std::make_shared<Portal>(ctx);
  // Portal pages write (a step, an upload with fsync): on the server's blocking threads.
  router.get(R"(/p/([^/]+))", [portal](const http::Request& q, http::Response& r) {
    r.offload = [portal, &q](http::Response& out) { portal->show(q, out); };
  });
  // Body limits per step: the text forms are small; the photo steps carry up to two
  // uploads of --max-upload-bytes each plus the form around them.
  const auto upload_limit = static_cast<std::size_t>(2 * ctx.config.max_upload_bytes + 64 * 1024);
  for (const std::string step : {"consent", "details", "document", "selfie"}) {
    const bool photos = step == "document" || step == "selfie";
    router.post(R"(/p/([^/]+)/)" + step,
                [portal, step](const http::Request& q, http::Response& r) {
                  r.offload = [portal, step, &q](http::Response& out) {
                    portal->submit(q, out, step);
                  };
                },
                photos ? upload_limit : http::Router::kDefaultBodyLimit);
  }
  // Browsers ask for it on every first visit; "no content" keeps their consoles clean.
  router.get("/favicon.ico", [](const http::Request&, http::Response& r) { r.status = 204; });
  router.get("/static/portal.css", [&ctx](const http::Request&, http::Response& r) {
    set_security_headers(r, kPortalCsp);
    if (!send_file(r, ctx.config.assets_dir + "/static/portal.css", "text/css; charset=utf-8"))
      r.status = 404;
  });
}

}  // namespace idv::demo
