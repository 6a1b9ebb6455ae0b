#include "service/webhook_format.hpp"

namespace idv::demo {

std::optional<WebhookFormat> parse_webhook_format(std::string_view name) {
  if (name == "risk-assessment") return WebhookFormat::risk_assessment;
  if (name == "identification") return WebhookFormat::identification;
  if (name == "thin") return WebhookFormat::thin;
  return std::nullopt;
}

std::string_view to_string(WebhookFormat f) {
  switch (f) {
    case WebhookFormat::risk_assessment: return "risk-assessment";
    case WebhookFormat::identification: return "identification";
    case WebhookFormat::thin: return "thin";
  }
  return "risk-assessment";
}

}  // namespace idv::demo
