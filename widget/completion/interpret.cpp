#include "completion/interpret.hpp"

#include "completion/json_fields.hpp"
#include "completion/risk_assessment.hpp"

namespace idv::completion {
namespace {

// The existing RISK_ASSESSMENT_UPDATED parser reports EventParseError; map it onto ParseIssue.
IssueCode issue_code(EventParseError e) {
  switch (e) {
    case EventParseError::none:
    case EventParseError::malformed_json: return IssueCode::malformed_json;
    case EventParseError::not_an_object: return IssueCode::not_an_object;
    case EventParseError::wrong_type: return IssueCode::unsupported_format;
    case EventParseError::missing_field: return IssueCode::missing_field;
    case EventParseError::wrong_field_type: return IssueCode::wrong_field_type;
    case EventParseError::too_large: return IssueCode::too_large;
  }
  return IssueCode::malformed_json;
}

}  // namespace

std::string_view to_string(WebhookFormat f) {
  switch (f) {
    case WebhookFormat::risk_assessment_updated: return "risk_assessment_updated";
    case WebhookFormat::identification_callback: return "identification_callback";
    case WebhookFormat::thin: return "thin";
    case WebhookFormat::unknown: return "unknown";
  }
  return "unknown";
}

WebhookFormat detect_format(std::string_view body) {
  detail::Diagnostics diag;
  const detail::json doc = detail::parse_bounded(body, diag);
  if (diag.error) return WebhookFormat::unknown;
  if (const auto type = doc.find("type"); type != doc.end()) {
    return type->is_string() && type->get_ref<const std::string&>() == kRiskAssessmentUpdated
               ? WebhookFormat::risk_assessment_updated
               : WebhookFormat::unknown;
  }
  const auto status = doc.find("status");
  if (doc.contains("scanRef") || (status != doc.end() && status->is_object()))
    return WebhookFormat::identification_callback;
  if (doc.contains("id")) return WebhookFormat::thin;
  return WebhookFormat::unknown;
}

WebhookInterpretation interpret_webhook(std::string_view body, const Delivery& delivery,
                                        const RiskPolicy& policy) {
  WebhookInterpretation r;
  r.format = detect_format(body);
  switch (r.format) {
    case WebhookFormat::risk_assessment_updated: {
      const auto p = parse_risk_assessment(body);
      if (!p.ok())
        r.error = ParseIssue{issue_code(p.error), p.field, std::string(to_string(p.error))};
      else
        r.decision = to_decision(p.event, delivery, policy);
      // Unknown levels and statuses are kept (they map to the policy's `unknown` / outcome
      // unknown) but flagged, as in the other formats.
      if (r.decision && r.decision->risk == RiskLevel::unknown)
        r.warnings.push_back({IssueCode::unknown_enum_value, "data.riskLevel",
                              detail::printable(p.event.risk_level)});
      if (r.decision && r.decision->outcome == DecisionOutcome::unknown)
        r.warnings.push_back({IssueCode::unknown_enum_value, "data.assessmentStatus",
                              detail::printable(p.event.assessment_status)});
      break;
    }
    case WebhookFormat::identification_callback: {
      auto p = parse_identification_callback(body);
      r.error = std::move(p.error);
      r.warnings = std::move(p.warnings);
      if (p.callback) r.decision = to_decision(*p.callback, delivery);
      break;
    }
    case WebhookFormat::thin: {
      auto p = parse_thin_webhook(body);
      r.error = std::move(p.error);
      r.warnings = std::move(p.warnings);
      r.fetch = std::move(p.fetch);
      break;
    }
    case WebhookFormat::unknown: {
      // Say precisely why: size / JSON errors first, then "none of the formats".
      detail::Diagnostics diag;
      detail::parse_bounded(body, diag);
      r.error =
          diag.error
              ? *diag.error
              : ParseIssue{
                    IssueCode::unsupported_format, "",
                    "not RISK_ASSESSMENT_UPDATED, an identification callback or a thin webhook"};
      break;
    }
  }
  return r;
}

WebhookInterpretation interpret_status_document(std::string_view body, std::string_view expected_id,
                                                const Delivery& delivery) {
  WebhookInterpretation r;
  r.format = WebhookFormat::thin;
  auto p = parse_identification_status(body, expected_id);
  r.error = std::move(p.error);
  r.warnings = std::move(p.warnings);
  if (p.document) r.decision = to_decision(*p.document, delivery);
  return r;
}

}  // namespace idv::completion
