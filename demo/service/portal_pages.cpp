#include "service/portal_pages.hpp"

#include <algorithm>
#include <utility>

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

// The same page (`path`) in each language.
std::string language_links(const Catalogue& c, const std::string& lang, const std::string& path) {
  std::string out =
      "<nav class=\"langs\" aria-label=\"" + t(c, lang, "portal.language") + "\"><ul>";
  for (const auto& l : c.languages()) {
    const std::string name = t(c, l, "language.name");
    if (l == lang) {
      out += "<li><a href=\"" + path + "?lang=" + l + "\" aria-current=\"true\" lang=\"" + l +
             "\">" + name + "</a></li>";
    } else {
      out += "<li><a href=\"" + path + "?lang=" + l + "\" lang=\"" + l + "\" hreflang=\"" + l +
             "\">" + name + "</a></li>";
    }
  }
  return out + "</ul></nav>";
}

std::string language_links(const PortalPage& p) {
  return language_links(p.catalogue, p.lang, "/p/" + p.ref);
}

// A catalogue sentence with one value set in <strong class="…">: the sentence is escaped,
// then the (escaped) value goes where its placeholder was.
std::string with_emphasis(const Catalogue& c, const std::string& lang, const std::string& key,
                          const std::string& param, const std::string& value,
                          const std::string& css_class) {
  static constexpr std::string_view kMark = "\x01";  // in no catalogue text; kept by escaping
  std::string out = html_escape(c.format(lang, key, {{param, std::string(kMark)}}));
  const std::string strong =
      "<strong class=\"" + css_class + "\">" + html_escape(value) + "</strong>";
  if (const auto at = out.find(kMark); at != std::string::npos)
    out.replace(at, kMark.size(), strong);
  return out;
}

// The first page's safeguard against a relayed QR: whose checkout, and its match code.
std::string handoff_check(const PortalPage& p) {
  if (p.merchant_name.empty() && p.match_code.empty()) return "";
  std::string out = "<section class=\"handoff-check\">\n";
  if (!p.merchant_name.empty())
    out += "<p class=\"merchant-line\">" +
           with_emphasis(p.catalogue, p.lang, "consent.merchant", "merchant", p.merchant_name,
                         "merchant-name") +
           "</p>\n";
  if (!p.match_code.empty())
    out += "<p class=\"match-line\">" +
           with_emphasis(p.catalogue, p.lang, "consent.matchCode", "code", p.match_code,
                         "match-code") +
           "</p>\n<p class=\"match-stop\">" + t(p.catalogue, p.lang, "consent.matchStop") +
           "</p>\n";
  return out + "</section>\n";
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
// note: an already escaped status line shown above the hint (a photo already received).
std::string input(const PortalPage& p, const std::string& id, const std::string& label_key,
                  const std::string& attrs, const std::string& hint_key = "",
                  const std::map<std::string, std::string>& hint_params = {},
                  const std::string& note = "") {
  const FieldError* err = error_for(p, id);
  std::string described;
  std::string out = "<div class=\"field" + std::string(err ? " has-error" : "") +
                    "\">\n<label for=\"" + id + "\">" + t(p.catalogue, p.lang, label_key) +
                    "</label>\n";
  if (!note.empty()) {
    out += "<p class=\"received\" id=\"" + id + "-received\">" + note + "</p>\n";
    described += id + "-received";
  }
  if (!hint_key.empty()) {
    out += "<p class=\"hint\" id=\"" + id + "-hint\">" +
           t(p.catalogue, p.lang, hint_key, hint_params) + "</p>\n";
    described += (described.empty() ? "" : " ") + id + "-hint";
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

// A photo input: required until the session holds a valid photo for the slot; after that the
// form says it was received and a new choice only replaces it. A slot with an error is asked
// for again (the error names it), never shown as received.
std::string photo(const PortalPage& p, const std::string& id, const std::string& label_key,
                  const std::string& extra_attrs, bool required, const std::string& hint_key) {
  const bool received = p.received.contains(id) && !error_for(p, id);
  const std::string note = received ? t(p.catalogue, p.lang, "document.received",
                                        {{"field", p.catalogue.text(p.lang, label_key)}})
                                    : "";
  return input(
      p, id, label_key,
      "type=\"file\" " + extra_attrs + (required && !received ? "required " : "") + file_accept(),
      hint_key, {{"size", p.max_upload_text}}, note);
}

// A sort key for country names: case and the Latin diacritics (U+00C0..U+017F) folded, so
// "Österreich" sorts with the O's and "Åland" with the A's; other scripts keep code point order.
std::string sort_key(const std::string& name) {
  static constexpr std::string_view kFold =
      "aaaaaaaceeeeiiiidnoooooxouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuytyaaaaaaccccccccddddeeeeeeeeee"
      "gggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyy"
      "yzzzzzzs";
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if ((c == 0xC3 || c == 0xC4 || c == 0xC5) && i + 1 < name.size()) {
      const unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3Fu);
      if (cp >= 0xC0 && cp < 0x180) {
        out += kFold[cp - 0xC0];
        ++i;
      } else {
        out += name[i];
      }
    } else {
      out += name[i];
    }
  }
  return out;
}

std::string nationality_select(const PortalPage& p) {
  const FieldError* err = error_for(p, "nationality");
  const std::string current = value_of(p, "nationality");
  std::vector<std::pair<std::string, std::string>> countries;  // sort key, code
  for (const auto& code : country_codes())
    countries.emplace_back(sort_key(p.catalogue.text(p.lang, "country." + code)), code);
  std::sort(countries.begin(), countries.end());
  std::string out = "<div class=\"field" + std::string(err ? " has-error" : "") +
                    "\">\n<label for=\"nationality\">" +
                    t(p.catalogue, p.lang, "document.nationality") +
                    "</label>\n<p class=\"hint\" id=\"nationality-hint\">" +
                    t(p.catalogue, p.lang, "document.nationalityHint") + "</p>\n";
  if (err)
    out += "<p class=\"error\" id=\"nationality-error\">" + html_escape(err->message) + "</p>\n";
  out +=
      "<select id=\"nationality\" name=\"nationality\" autocomplete=\"country\" "
      "aria-describedby=\"nationality-hint" +
      std::string(err ? " nationality-error\" aria-invalid=\"true" : "") + "\">\n" +
      "<option value=\"\"" + (current.empty() ? " selected" : "") + ">" +
      t(p.catalogue, p.lang, "document.nationalityNone") + "</option>\n";
  for (const auto& [key, code] : countries)
    out += "<option value=\"" + code + "\"" + (current == code ? " selected" : "") + ">" +
           t(p.catalogue, p.lang, "country." + code) + "</option>\n";
  return out + "</select>\n</div>\n";
}

}  // namespace

const std::vector<std::string>& country_codes() {
  // ISO 3166-1 alpha-2, sorted (known_country searches it), two letters each.
  static constexpr std::string_view kCodes =
      "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCD"
      "CFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGF"
      "GGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKN"
      "KPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNA"
      "NCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSI"
      "SJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI"
      "VNVUWFWSYEYTZAZMZW";
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> out;
    for (std::size_t i = 0; i + 1 < kCodes.size(); i += 2) out.emplace_back(kCodes.substr(i, 2));
    return out;
  }();
  return codes;
}

bool known_country(const std::string& code) {
  const auto& codes = country_codes();
  return std::binary_search(codes.begin(), codes.end(), code);
}

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
              handoff_check(p) + form(p, "consent", false, fields, "button.continue"));
}

std::string render_details(const PortalPage& p) {
  const std::string fields = input(p, "firstName", "details.firstName",
                                   "type=\"text\" autocomplete=\"given-name\" required value=\"" +
                                       value_of(p, "firstName") + "\"") +
                             input(p, "lastName", "details.lastName",
                                   "type=\"text\" autocomplete=\"family-name\" required value=\"" +
                                       value_of(p, "lastName") + "\"") +
                             input(p, "dateOfBirth", "details.dateOfBirth",
                                   "type=\"date\" autocomplete=\"bday\" required value=\"" +
                                       value_of(p, "dateOfBirth") + "\"",
                                   "details.dateHint");
  return page(p, 2, "details.heading", "details.text",
              form(p, "details", false, fields, "button.continue"));
}

std::string render_document(const PortalPage& p) {
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
            "type=\"text\" autocomplete=\"off\" autocapitalize=\"characters\" required value=\"" +
                value_of(p, "documentNumber") + "\"",
            "document.numberHint") +
      nationality_select(p) +
      input(p, "documentExpiry", "document.expiry",
            "type=\"date\" value=\"" + value_of(p, "documentExpiry") + "\"",
            "document.expiryHint") +
      photo(p, "front", "document.front", "", true, "document.fileHint") +
      photo(p, "back", "document.back", "", false, "document.backHint");
  return page(p, 3, "document.heading", "document.text",
              form(p, "document", true, fields, "button.continue"));
}

std::string render_selfie(const PortalPage& p) {
  const std::string fields =
      photo(p, "selfie", "selfie.photo", "capture=\"user\" ", true, "document.fileHint");
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

std::string render_code_entry(const CodeEntryPage& p) {
  // The portal's field helpers, on a page of no session.
  PortalPage fields{p.catalogue, p.lang};
  fields.lang_explicit = p.lang_explicit;
  fields.values["code"] = p.typed;
  if (!p.field_error.empty()) fields.errors.push_back({"code", p.field_error});
  const std::string heading = t(p.catalogue, p.lang, "code.heading");
  std::string body = "<h1>" + heading + "</h1>\n" + error_summary(fields);
  if (!p.notice.empty())
    body +=
        "<div class=\"error-summary\" role=\"alert\"><p>" + html_escape(p.notice) + "</p></div>\n";
  // Hyphens and spaces are welcome (the widget shows the code in two groups), hence a
  // maxlength above 8; the server reads the code out of what was typed.
  body += "<p>" + t(p.catalogue, p.lang, "code.text") +
          "</p>\n<form method=\"post\" action=\"/code" + query(fields) + "\" novalidate>\n" +
          input(fields, "code", "code.label",
                "type=\"text\" inputmode=\"text\" autocomplete=\"off\" "
                "autocapitalize=\"characters\" autocorrect=\"off\" spellcheck=\"false\" "
                "maxlength=\"24\" required value=\"" +
                    value_of(fields, "code") + "\"",
                "code.hint") +
          "<button type=\"submit\" class=\"primary\">" + t(p.catalogue, p.lang, "button.continue") +
          "</button>\n</form>\n";
  return layout(p.catalogue, p.lang, heading, body, language_links(p.catalogue, p.lang, "/code"));
}

std::string render_message(const Catalogue& c, const std::string& lang,
                           const std::string& heading_key, const std::string& text_key) {
  const std::string heading = t(c, lang, heading_key);
  return layout(c, lang, heading, "<h1>" + heading + "</h1>\n<p>" + t(c, lang, text_key) + "</p>\n",
                "");
}

}  // namespace idv::demo
