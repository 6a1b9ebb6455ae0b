#pragma once
// HTML of the customer portal, rendered on the server: no scripts at all, so the pages work
// under a strict CSP, on any phone browser, and with assistive technology out of the box.
// Every visible string comes from the message catalogue; every value is HTML-escaped.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/i18n.hpp"

namespace idv::demo {

struct FieldError {
  std::string field;    // the input's id/name
  std::string message;  // already localised, not yet escaped
};

struct PortalPage {
  const Catalogue& catalogue;
  std::string lang;
  std::string ref = {};
  bool lang_explicit = false;                      // keep ?lang= in links and form actions
  std::map<std::string, std::string> values = {};  // previous input, re-shown after an error
  std::vector<FieldError> errors = {};
  std::string max_upload_text = "5 MB";  // upload_limit_text(--max-upload-bytes)
  // Photo slots ("front", "back", "selfie") already stored for this session: the form says
  // so and does not ask for them again (a failed text field must not cost the photos).
  std::set<std::string> received = {};
  // First page only (consent): whose checkout this is, and the match code the widget shows
  // there, so a customer sent here by a page that relayed someone else's QR notices.
  std::string merchant_name = {};
  std::string match_code = {};
};

// ISO 3166-1 alpha-2 codes the nationality list offers (and the server accepts); each has a
// catalogue text "country.<code>" (names from the iso-codes project, per language).
const std::vector<std::string>& country_codes();
bool known_country(const std::string& code);

std::string render_consent(const PortalPage& p);
std::string render_details(const PortalPage& p);
std::string render_document(const PortalPage& p);
std::string render_selfie(const PortalPage& p);
// Where the customer goes after the last step, and (seed 003, identification webhooks) what
// the shop answered to the automatic callback: a shop that does not answer 200 means the
// customer sees the failed-identification page, with a link to the invite's errorUrl.
struct DoneState {
  enum class Callback { not_awaited, waiting, accepted, refused };
  Callback callback = Callback::not_awaited;
  std::string return_url;   // the invite's returnUrl (may be empty)
  std::string success_url;  // the invite's successUrl, preferred over returnUrl when accepted
  std::string error_url;    // the invite's errorUrl, preferred over returnUrl when refused
};
std::string render_done(const PortalPage& p, const DoneState& done);
// {public base}/code: the short code from under the checkout page's QR, for a phone whose
// camera cannot scan it (handoff_codes.hpp).
struct CodeEntryPage {
  const Catalogue& catalogue;
  std::string lang;
  bool lang_explicit = false;  // keep ?lang= in the form action
  std::string typed;           // what was sent, shown again after an error
  std::string field_error;     // localised: not a code, or no open verification has it
  std::string notice;          // localised: too many wrong codes, wait (no field to blame)
};
std::string render_code_entry(const CodeEntryPage& p);

// A page without a form: heading + text keys (expired, closed, not found, gone).
std::string render_message(const Catalogue& c, const std::string& lang,
                           const std::string& heading_key, const std::string& text_key);

}  // namespace idv::demo
