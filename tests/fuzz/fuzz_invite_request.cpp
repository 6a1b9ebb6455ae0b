// The service's POST /v1/user/invite validation (demo/service/invite_request.hpp).
//
// Input: the JSON body, sent as application/json; an input whose first line starts with
// "Content-Type: " uses that line's value as the content type and the rest as the body.
//
// Each input is validated twice, without and with --allow-private-webhooks.
//
// Properties: nothing crashes or throws; an error has one of the documented statuses, a code
// and a message, and the status matches the rule that produced it; an accepted request obeys
// every documented limit, and written back out as JSON it is accepted again, unchanged;
// allowing private webhooks only ever accepts more (the same request), and what it adds was
// refused as insecure_url.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_check.hpp"
#include "service/invite_request.hpp"

namespace demo = idv::demo;
using json = nlohmann::json;

namespace {

const std::vector<std::string> kLocales = {"en", "nl", "lt"};

bool has_control_chars(std::string_view s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  return false;
}

// Schemes are case-insensitive (RFC 3986 §3.1): "HTTPS://" is a valid webhook URL.
bool looks_like_http_url(std::string_view u) {
  std::string scheme(u.substr(0, u.find(':')));
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return (scheme == "https" || scheme == "http") && u.substr(scheme.size()).starts_with("://");
}

bool same(const demo::InviteRequest& a, const demo::InviteRequest& b) {
  return a.reference_data == b.reference_data && a.webhook_url == b.webhook_url &&
         a.return_url == b.return_url && a.success_url == b.success_url &&
         a.error_url == b.error_url && a.locale == b.locale && a.metadata == b.metadata &&
         a.webhook_format == b.webhook_format;
}

void check_accepted(const demo::InviteRequest& r, const demo::InviteOptions& options) {
  IDV_FUZZ_CHECK(!r.reference_data.empty());
  IDV_FUZZ_CHECK(r.reference_data.size() <= demo::kMaxReferenceData);
  IDV_FUZZ_CHECK(r.webhook_format != demo::WebhookFormat::identification ||
                 r.reference_data.size() <= demo::kMaxClientId);
  IDV_FUZZ_CHECK(!has_control_chars(r.reference_data));
  IDV_FUZZ_CHECK(r.webhook_url.size() <= demo::kMaxUrl && looks_like_http_url(r.webhook_url));
  for (const auto* url : {&r.return_url, &r.success_url, &r.error_url})
    IDV_FUZZ_CHECK(url->empty() || (url->size() <= demo::kMaxUrl && looks_like_http_url(*url)));
  IDV_FUZZ_CHECK(std::find(kLocales.begin(), kLocales.end(), r.locale) != kLocales.end());
  IDV_FUZZ_CHECK(r.metadata.size() <= demo::kMaxMetadata);
  const json metadata = json::parse(r.metadata, nullptr, false);
  IDV_FUZZ_CHECK(!metadata.is_discarded() && metadata.is_object());

  // Written back out the way a merchant would send it: accepted again, unchanged.
  json again = {{"referenceData", r.reference_data},
                {"webhookUrl", r.webhook_url},
                {"locale", r.locale},
                {"metadata", metadata},
                {"webhookFormat", std::string(demo::to_string(r.webhook_format))}};
  if (!r.return_url.empty()) again["returnUrl"] = r.return_url;
  if (!r.success_url.empty()) again["successUrl"] = r.success_url;
  if (!r.error_url.empty()) again["errorUrl"] = r.error_url;
  const auto reparsed =
      demo::parse_invite("application/json", again.dump(-1, ' ', false), kLocales, options);
  IDV_FUZZ_CHECK(std::holds_alternative<demo::InviteRequest>(reparsed));
  IDV_FUZZ_CHECK(same(std::get<demo::InviteRequest>(reparsed), r));
}

void check_error(const demo::InviteError& e, std::string_view content_type, std::string_view body) {
  IDV_FUZZ_CHECK(!e.code.empty() && !e.message.empty());
  IDV_FUZZ_CHECK(e.field.size() <= 64);
  const bool json_type = content_type.starts_with("application/json");
  IDV_FUZZ_CHECK((e.status == 415) == !json_type);
  IDV_FUZZ_CHECK((e.status == 413) == (json_type && body.size() > demo::kMaxInviteBody));
  IDV_FUZZ_CHECK(e.status == 400 || e.status == 413 || e.status == 415 || e.status == 422);
  // Every field rule names its field; only unknown keys may be empty ("" is a key too).
  IDV_FUZZ_CHECK(e.status != 422 || !e.field.empty() || e.code == "unknown_field");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  std::string_view content_type = "application/json";
  constexpr std::string_view kHeader = "Content-Type: ";
  if (body.starts_with(kHeader)) {
    const auto eol = body.find('\n');
    content_type =
        body.substr(kHeader.size(),
                    eol == std::string_view::npos ? std::string_view::npos : eol - kHeader.size());
    body = eol == std::string_view::npos ? std::string_view{} : body.substr(eol + 1);
  }
  const auto strict = demo::parse_invite(content_type, body, kLocales, {});
  const auto lenient =
      demo::parse_invite(content_type, body, kLocales, {.allow_private_webhooks = true});
  for (const auto* r : {&strict, &lenient}) {
    const demo::InviteOptions options{.allow_private_webhooks = r == &lenient};
    if (const auto* accepted = std::get_if<demo::InviteRequest>(r))
      check_accepted(*accepted, options);
    else
      check_error(std::get<demo::InviteError>(*r), content_type, body);
  }
  if (const auto* accepted = std::get_if<demo::InviteRequest>(&strict)) {
    IDV_FUZZ_CHECK(std::holds_alternative<demo::InviteRequest>(lenient));
    IDV_FUZZ_CHECK(same(std::get<demo::InviteRequest>(lenient), *accepted));
  } else if (std::holds_alternative<demo::InviteRequest>(lenient)) {
    const auto& e = std::get<demo::InviteError>(strict);
    IDV_FUZZ_CHECK(e.code == "insecure_url" && e.field == "webhookUrl");
  }
  return 0;
}
