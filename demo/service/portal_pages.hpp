#pragma once
// HTML of the customer portal, rendered on the server: no scripts at all, so the pages work
// under a strict CSP, on any phone browser, and with assistive technology out of the box.
// Every visible string comes from the message catalogue; every value is HTML-escaped.
#include <map>
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
  std::string ref;
  bool lang_explicit = false;                 // keep ?lang= in links and form actions
  std::map<std::string, std::string> values;  // previous input, re-shown after an error
  std::vector<FieldError> errors;
  std::int64_t max_upload_mb = 5;
};

std::string render_consent(const PortalPage& p);
std::string render_details(const PortalPage& p);
std::string render_document(const PortalPage& p);
std::string render_selfie(const PortalPage& p);
std::string render_done(const PortalPage& p, const std::string& return_url);
// A page without a form: heading + text keys (expired, closed, not found, gone).
std::string render_message(const Catalogue& c, const std::string& lang,
                           const std::string& heading_key, const std::string& text_key);

}  // namespace idv::demo
