#include "service/invite_request.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "common/destination_policy.hpp"
#include "common/url_check.hpp"

namespace idv::demo {
namespace {

using json = nlohmann::json;

InviteError field_error(std::string code, std::string message, std::string field) {
  return {422, std::move(code), std::move(message), std::move(field)};
}

// Absolute http(s) URL (the core's parser, widget/url/url_origin.hpp); plain http only
// towards loopback (the demo's own merchant) so a production-like setup never sends personal
// data in clear text. With a policy (webhookUrl only: the service itself connects there), an
// IP literal must also be a public address; host names are checked at delivery, on the
// addresses they resolve to.
std::optional<InviteError> check_url(const std::string& value, const char* field,
                                     const DestinationPolicy* policy = nullptr) {
  if (value.size() > kMaxUrl)
    return field_error("field_too_long", std::string(field) + " must be at most 2048 characters",
                       field);
  const auto url = parse_http_url(value);
  if (!url)
    return field_error(
        "invalid_url",
        std::string(field) + " must be an absolute http(s) URL without credentials or fragment",
        field);
  if (url->scheme == "http" && !is_loopback_host(url->host))
    return field_error(
        "insecure_url",
        std::string(field) + " must use https (plain http is accepted for loopback hosts only)",
        field);
  if (policy != nullptr)
    if (const auto why = policy->check_host(url->host))
      return field_error("insecure_url",
                         std::string(field) +
                             " must point at a public address, not a loopback, private, "
                             "link-local or multicast one (" +
                             *why + ")",
                         field);
  return std::nullopt;
}

bool has_control_chars(const std::string& s) {
  for (const char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return true;
  return false;
}

}  // namespace

std::variant<InviteRequest, InviteError> parse_invite(std::string_view content_type,
                                                      std::string_view body,
                                                      const std::vector<std::string>& locales,
                                                      const InviteOptions& options) {
  if (!content_type.starts_with("application/json"))
    return InviteError{415, "unsupported_media_type", "send the body as application/json", ""};
  if (body.size() > kMaxInviteBody)
    return InviteError{413, "payload_too_large", "the request body must be at most 16 KiB", ""};
  const json doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded())
    return InviteError{400, "invalid_json", "the request body is not valid JSON", ""};
  if (!doc.is_object())
    return InviteError{400, "invalid_body", "the request body must be a JSON object", ""};

  static const std::vector<std::string> known = {"referenceData", "webhookUrl",   "returnUrl",
                                                 "successUrl",    "errorUrl",     "locale",
                                                 "metadata",      "webhookFormat"};
  for (const auto& [key, _] : doc.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end())
      return field_error("unknown_field",
                         "unknown field \"" + key.substr(0, 64) +
                             "\"; allowed: referenceData, webhookUrl, returnUrl, successUrl, "
                             "errorUrl, locale, metadata, webhookFormat",
                         key.substr(0, 64));
  }

  InviteRequest r;
  const auto string_field = [&](const char* name, bool required,
                                std::string& out) -> std::optional<InviteError> {
    const auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) {
      if (required) return field_error("missing_field", std::string(name) + " is required", name);
      return std::nullopt;
    }
    if (!it->is_string())
      return field_error("invalid_type", std::string(name) + " must be a string", name);
    out = it->get<std::string>();
    if (required && out.empty())
      return field_error("missing_field", std::string(name) + " must not be empty", name);
    return std::nullopt;
  };

  for (const auto& [name, required, out] :
       {std::tuple{"referenceData", true, &r.reference_data},
        std::tuple{"webhookUrl", true, &r.webhook_url},
        std::tuple{"returnUrl", false, &r.return_url},
        std::tuple{"successUrl", false, &r.success_url},
        std::tuple{"errorUrl", false, &r.error_url}, std::tuple{"locale", false, &r.locale}}) {
    if (auto e = string_field(name, required, *out)) return *e;
  }
  if (r.reference_data.size() > kMaxReferenceData)
    return field_error("field_too_long", "referenceData must be at most 128 characters",
                       "referenceData");
  if (has_control_chars(r.reference_data))
    return field_error("invalid_field", "referenceData must not contain control characters",
                       "referenceData");
  const DestinationPolicy policy(options.allow_private_webhooks);
  if (auto e = check_url(r.webhook_url, "webhookUrl", &policy)) return *e;
  for (const auto& [value, name] :
       {std::pair{&r.return_url, "returnUrl"}, std::pair{&r.success_url, "successUrl"},
        std::pair{&r.error_url, "errorUrl"}}) {
    if (!value->empty())
      if (auto e = check_url(*value, name)) return *e;
  }
  if (r.locale.empty()) r.locale = locales.empty() ? "en" : locales.front();
  if (std::find(locales.begin(), locales.end(), r.locale) == locales.end()) {
    std::string list;
    for (const auto& l : locales) list += (list.empty() ? "" : ", ") + l;
    return field_error("unsupported_locale", "locale must be one of: " + list, "locale");
  }
  std::string format;
  if (auto e = string_field("webhookFormat", false, format)) return *e;
  if (const auto it = doc.find("webhookFormat"); it != doc.end() && !it->is_null()) {
    const auto f = parse_webhook_format(format);
    if (!f)
      return field_error("unsupported_webhook_format",
                         "webhookFormat must be one of: " + std::string(kWebhookFormatNames),
                         "webhookFormat");
    r.webhook_format = *f;
  }
  // Checked here, not when the callback is built: a clientId the receiver's parser must refuse
  // would make every callback of the session undeliverable.
  if (r.webhook_format == WebhookFormat::identification && r.reference_data.size() > kMaxClientId)
    return field_error(
        "field_too_long",
        "referenceData must be at most 100 characters with webhookFormat identification "
        "(it is sent as clientId)",
        "referenceData");
  r.metadata = "{}";
  if (const auto it = doc.find("metadata"); it != doc.end() && !it->is_null()) {
    if (!it->is_object())
      return field_error("invalid_type", "metadata must be a JSON object", "metadata");
    r.metadata = it->dump(-1, ' ', false, json::error_handler_t::replace);
    if (r.metadata.size() > kMaxMetadata)
      return field_error("field_too_long", "metadata must be at most 4096 bytes as JSON",
                         "metadata");
  }
  return r;
}

}  // namespace idv::demo
