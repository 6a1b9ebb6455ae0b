#pragma once
// Which of the three seed formats a session's Phase 2 webhooks use, chosen per invite
// (`webhookFormat`): risk-assessment (DESIGN.md contract 2, the default), identification
// (seed 003: automatic then manual callback) or thin (seed 000: only the id; fetch the rest).
#include <optional>
#include <string_view>

namespace idv::demo {

enum class WebhookFormat { risk_assessment, identification, thin };

inline constexpr std::string_view kWebhookFormatNames = "risk-assessment, identification, thin";

std::optional<WebhookFormat> parse_webhook_format(std::string_view name);
std::string_view to_string(WebhookFormat f);

}  // namespace idv::demo
