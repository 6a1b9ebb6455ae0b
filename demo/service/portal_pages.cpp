#include "service/portal_pages.hpp"

#include "common/http_util.hpp"

namespace idv::demo {
namespace {

constexpr int kSteps = 4;

std::string t(const Catalogue& c, const std::string& lang, const std::string& key,
              const std::map<std::string, std::string>& params = {}) {
  return html_escape(c.format(lang, key, params));
}

std::string layout(const Catalogue& c, const std::string& lang, const std::string& title,
                   const std::string& body, const std::string& lang_links,
                   int refresh_seconds = 0) {
  const std::string refresh = refresh_seconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" +
                                                        std::to_string(refresh_seconds) + "\">\n"
                                                  : "";
  const bool rtl = lang == "ar" || lang == "he";
  return "<!doctype html>\n<html lang=\"" + html_escape(lang) + (rtl ? "\" dir=\"rtl" : "") +
         "\">\n<head>\n<meta charset=\"utf-8\">\n" + refresh +
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" +
         title + " · " + t(c, lang, "portal.brand") +
         "</title>\n"
         "<link rel=\"stylesheet\" href=\"/static/portal.css\">\n</head>\n<body>\n"
         "<header class=\"top\"><p class=\"brand\">" +
         t(c, lang, "portal.brand") + "</p>" + lang_links + "</header>\n<main id=\"main\">\n" +
         body + "</main>\n</body>\n</html>\n";
}

std::string query(const PortalPage& p) {
  return p.lang_explicit ? "?lang=" + html_escape(p.lang) : "";
}

std::string language_links(const PortalPage& p) {
  std::string out =
      "<nav class=\"langs\" aria-label=\"" + t(p.catalogue, p.lang, "portal.language") + "\"><ul>";
  for (const auto& l : p.catalogue.languages()) {
    const std::string name = t(p.catalogue, l, "language.name");
    if (l == p.lang) {
      out += "<li><a href=\"/p/" + p.ref + "?lang=" + l + "\" aria-current=\"true\" lang=\"" + l +
             "\">" + name + "</a></li>";
    } else {
      out += "<li><a href=\"/p/" + p.ref + "?lang=" + l + "\" lang=\"" + l + "\" hreflang=\"" + l +
             "\">" + name + "</a></li>";
    }
  }
  return out + "</ul></nav>";
}

std::string progress(const PortalPage& p, int step) {
  static const char* keys[] = {"step.consent", "step.details", "step.document", "step.selfie"};
  std::string out = "<p class=\"step-count\">" +
                    t(p.catalogue, p.lang, "portal.step",
                      {{"n", std::to_string(step)}, {"total", std::to_string(kSteps)}}) +
                    "</p>\n<ol class=\"progress\" aria-label=\"" +
                    t(p.catalogue, p.lang, "portal.progress") + "\">";
  for (int i = 0; i < kSteps; ++i) {
    const bool current = i + 1 == step;
    out += std::string("<li") +
           (current ? " aria-current=\"step\" class=\"current\""
                    : (i + 1 < step ? " class=\"done\"" : "")) +
           ">" + t(p.catalogue, p.lang, keys[i]) + "</li>";
  }
  return out + "</ol>\n";
}

const FieldError* error_for(const PortalPage& p, const std::string& field) {
  for (const auto& e : p.errors)
    if (e.field == field) return &e;
  return nullptr;
}

// A summary at the top (role=alert, so screen readers announce it) linking to each field.
std::string error_summary(const PortalPage& p) {
  if (p.errors.empty()) return "";
  std::string out =
      "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-title\">"
      "<h2 id=\"error-title\">" +
      t(p.catalogue, p.lang, "error.heading") + "</h2><ul>";
  for (const auto& e : p.errors)
    out += "<li><a href=\"#" + e.field + "\">" + html_escape(e.message) + "</a></li>";
  return out + "</ul></div>\n";
}

std::string value_of(const PortalPage& p, const std::string& field) {
  const auto it = p.values.find(field);
  return it == p.values.end() ? "" : html_escape(it->second);
}

// label + input + hint + inline error, wired with aria-describedby / aria-invalid.
std::string input(const PortalPage& p, const std::string& id, const std::string& label_key,
                  const std::string& attrs, const std::string& hint_key = "",
                  const std::map<std::string, std::string>& hint_params = {}) {
  const FieldError* err = error_for(p, id);
  std::string described;
  std::string out = "<div class=\"field" + std::string(err ? " has-error" : "") +
                    "\">\n<label for=\"" + id + "\">" + t(p.catalogue, p.lang, label_key) +
                    "</label>\n";
  if (!hint_key.empty()) {
    out += "<p class=\"hint\" id=\"" + id + "-hint\">" +
           t(p.catalogue, p.lang, hint_key, hint_params) + "</p>\n";
    described += id + "-hint";
  }
  if (err) {
    out += "<p class=\"error\" id=\"" + id + "-error\">" + html_escape(err->message) + "</p>\n";
    described += (described.empty() ? "" : " ") + id + "-error";
  }
  out += "<input id=\"" + id + "\" name=\"" + id + "\" " + attrs +
         (described.empty() ? "" : " aria-describedby=\"" + described + "\"") +
         (err ? " aria-invalid=\"true\"" : "") + ">\n</div>\n";
  return out;
}

std::string form(const PortalPage& p, const std::string& action, bool multipart,
                 const std::string& fields, const std::string& button_key) {
  return "<form method=\"post\" action=\"/p/" + p.ref + "/" + action + query(p) + "\"" +
         (multipart ? " enctype=\"multipart/form-data\"" : "") + " novalidate>\n" + fields +
         "<button type=\"submit\" class=\"primary\">" + t(p.catalogue, p.lang, button_key) +
         "</button>\n</form>\n";
}

std::string page(const PortalPage& p, int step, const std::string& heading_key,
                 const std::string& intro_key, const std::string& form_html) {
  const std::string heading = t(p.catalogue, p.lang, heading_key);
  const std::string body =
      progress(p, step) + "<h1>" + heading + "</h1>\n" + error_summary(p) +
      (intro_key.empty() ? "" : "<p>" + t(p.catalogue, p.lang, intro_key) + "</p>\n") + form_html;
  return layout(p.catalogue, p.lang, heading, body, language_links(p));
}

std::string file_accept() {
  return "accept=\"image/jpeg,image/png,image/webp\"";
}

}  // namespace

std::string render_consent(const PortalPage& p) {
  const FieldError* err = error_for(p, "consent");
  std::string fields =
      "<div class=\"field checkbox" + std::string(err ? " has-error" : "") + "\">\n";
  if (err)
    fields += "<p class=\"error\" id=\"consent-error\">" + html_escape(err->message) + "</p>\n";
  fields += "<input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"yes\" required" +
            std::string(err ? " aria-invalid=\"true\" aria-describedby=\"consent-error\"" : "") +
            ">\n"
            "<label for=\"consent\">" +
            t(p.catalogue, p.lang, "consent.checkbox") + "</label>\n</div>\n";
  return page(p, 1, "consent.heading", "consent.text",
              form(p, "consent", false, fields, "button.continue"));
}

std::string render_details(const PortalPage& p) {
  const std::string fields =
      input(p, "firstName", "details.firstName",
            "type=\"text\" autocomplete=\"given-name\" maxlength=\"100\" required value=\"" +
                value_of(p, "firstName") + "\"") +
      input(p, "lastName", "details.lastName",
            "type=\"text\" autocomplete=\"family-name\" maxlength=\"100\" required value=\"" +
                value_of(p, "lastName") + "\"") +
      input(p, "dateOfBirth", "details.dateOfBirth",
            "type=\"date\" autocomplete=\"bday\" required value=\"" + value_of(p, "dateOfBirth") +
                "\"",
            "details.dateHint");
  return page(p, 2, "details.heading", "details.text",
              form(p, "details", false, fields, "button.continue"));
}

std::string render_document(const PortalPage& p) {
  const std::string& size = p.max_upload_text;
  std::string select = "<div class=\"field\">\n<label for=\"documentType\">" +
                       t(p.catalogue, p.lang, "document.type") +
                       "</label>\n<select id=\"documentType\" name=\"documentType\">\n";
  for (const char* type : {"PASSPORT", "ID_CARD", "DRIVER_LICENSE"}) {
    const bool sel = value_of(p, "documentType") == type;
    select += std::string("<option value=\"") + type + "\"" + (sel ? " selected" : "") + ">" +
              t(p.catalogue, p.lang, std::string("document.type.") + type) + "</option>\n";
  }
  select += "</select>\n</div>\n";
  const std::string fields =
      select +
      input(p, "documentNumber", "document.number",
            "type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\" maxlength=\"20\" "
            "required value=\"" +
                value_of(p, "documentNumber") + "\"",
            "document.numberHint") +
      input(p, "nationality", "document.nationality",
            "type=\"text\" autocomplete=\"country\" autocapitalize=\"characters\" maxlength=\"2\" "
            "value=\"" +
                value_of(p, "nationality") + "\"",
            "document.nationalityHint") +
      input(p, "documentExpiry", "document.expiry",
            "type=\"date\" value=\"" + value_of(p, "documentExpiry") + "\"",
            "document.expiryHint") +
      input(p, "front", "document.front", "type=\"file\" required " + file_accept(),
            "document.fileHint", {{"size", size}}) +
      input(p, "back", "document.back", "type=\"file\" " + file_accept(), "document.backHint",
            {{"size", size}});
  return page(p, 3, "document.heading", "document.text",
              form(p, "document", true, fields, "button.continue"));
}

std::string render_selfie(const PortalPage& p) {
  const std::string fields =
      input(p, "selfie", "selfie.photo", "type=\"file\" capture=\"user\" required " + file_accept(),
            "document.fileHint", {{"size", p.max_upload_text}});
  return page(p, 4, "selfie.heading", "selfie.text",
              form(p, "selfie", true, fields, "button.submit"));
}

std::string render_done(const PortalPage& p, const DoneState& done) {
  const auto link = [&](const std::string& url, const char* key) {
    return "<p><a class=\"button primary\" href=\"" + html_escape(url) + "\">" +
           t(p.catalogue, p.lang, key) + "</a></p>\n";
  };
  using Callback = DoneState::Callback;
  if (done.callback == Callback::refused) {
    const std::string& target = done.error_url.empty() ? done.return_url : done.error_url;
    std::string body = "<h1>" + t(p.catalogue, p.lang, "failed.heading") +
                       "</h1>\n<p role=\"alert\">" + t(p.catalogue, p.lang, "failed.text") +
                       "</p>\n";
    body += target.empty() ? "<p>" + t(p.catalogue, p.lang, "done.close") + "</p>\n"
                           : link(target, "failed.return");
    return layout(p.catalogue, p.lang, t(p.catalogue, p.lang, "failed.heading"), body,
                  language_links(p));
  }
  std::string body = "<h1>" + t(p.catalogue, p.lang, "done.heading") + "</h1>\n<p>" +
                     t(p.catalogue, p.lang, "done.text") + "</p>\n";
  if (done.callback == Callback::waiting) {
    // Nothing to click yet: the shop has not answered. The page reloads itself (a meta
    // refresh needs no script, so the portal's CSP stays script-free).
    body += "<p role=\"status\">" + t(p.catalogue, p.lang, "done.confirming") + "</p>\n";
    return layout(p.catalogue, p.lang, t(p.catalogue, p.lang, "done.heading"), body,
                  language_links(p), 3);
  }
  const std::string& target = done.success_url.empty() ? done.return_url : done.success_url;
  body += target.empty() ? "<p>" + t(p.catalogue, p.lang, "done.close") + "</p>\n"
                         : link(target, "done.return");
  return layout(p.catalogue, p.lang, t(p.catalogue, p.lang, "done.heading"), body,
                language_links(p));
}

std::string render_message(const Catalogue& c, const std::string& lang,
                           const std::string& heading_key, const std::string& text_key) {
  const std::string heading = t(c, lang, heading_key);
  return layout(c, lang, heading, "<h1>" + heading + "</h1>\n<p>" + t(c, lang, text_key) + "</p>\n",
                "");
}

}  // namespace idv::demo
