#include "completion/interpret.hpp"

#include "completion/json_fields.hpp"
#include "completion/risk_assessment.hpp"

namespace idv::completion {
namespace {

// The existing RISK_ASSESSMENT_UPDATED parser reports EventParseError; map it onto ParseIssue.
IssueCode issueCode(EventParseError e) {
  switch (e) {
    case EventParseError::None:
    case EventParseError::MalformedJson: return IssueCode::MalformedJson;
    case EventParseError::NotAnObject: return IssueCode::NotAnObject;
    case EventParseError::WrongType: return IssueCode::UnsupportedFormat;
    case EventParseError::MissingField: return IssueCode::MissingField;
    case EventParseError::WrongFieldType: return IssueCode::WrongFieldType;
    case EventParseError::TooLarge: return IssueCode::TooLarge;
  }
  return IssueCode::MalformedJson;
}

}  // namespace

std::string_view toString(WebhookFormat f) {
  switch (f) {
    case WebhookFormat::RiskAssessmentUpdated: return "risk_assessment_updated";
    case WebhookFormat::IdentificationCallback: return "identification_callback";
    case WebhookFormat::Thin: return "thin";
    case WebhookFormat::Unknown: return "unknown";
  }
  return "unknown";
}

WebhookFormat detectFormat(std::string_view body) {
  detail::Diagnostics diag;
  const detail::json doc = detail::parseBounded(body, diag);
  if (diag.error) return WebhookFormat::Unknown;
  if (const auto type = doc.find("type"); type != doc.end()) {
    return type->is_string() && type->get_ref<const std::string&>() == kRiskAssessmentUpdated
               ? WebhookFormat::RiskAssessmentUpdated
               : WebhookFormat::Unknown;
  }
  const auto status = doc.find("status");
  if (doc.contains("scanRef") || (status != doc.end() && status->is_object()))
    return WebhookFormat::IdentificationCallback;
  if (doc.contains("id")) return WebhookFormat::Thin;
  return WebhookFormat::Unknown;
}

WebhookInterpretation interpretWebhook(std::string_view body, const Delivery& delivery,
                                       const RiskPolicy& policy) {
  WebhookInterpretation r;
  r.format = detectFormat(body);
  switch (r.format) {
    case WebhookFormat::RiskAssessmentUpdated: {
      const auto p = parseRiskAssessment(body);
      if (!p.ok())
        r.error = ParseIssue{issueCode(p.error), p.field, std::string(toString(p.error))};
      else
        r.decision = toDecision(p.event, delivery, policy);
      // Unknown levels and statuses are kept (they map to the policy's `unknown` / outcome
      // unknown) but flagged, as in the other formats.
      if (r.decision && r.decision->risk == RiskLevel::Unknown)
        r.warnings.push_back(
            {IssueCode::UnknownEnumValue, "data.riskLevel", detail::printable(p.event.riskLevel)});
      if (r.decision && r.decision->outcome == DecisionOutcome::Unknown)
        r.warnings.push_back({IssueCode::UnknownEnumValue, "data.assessmentStatus",
                              detail::printable(p.event.assessmentStatus)});
      break;
    }
    case WebhookFormat::IdentificationCallback: {
      auto p = parseIdentificationCallback(body);
      r.error = std::move(p.error);
      r.warnings = std::move(p.warnings);
      if (p.callback) r.decision = toDecision(*p.callback, delivery);
      break;
    }
    case WebhookFormat::Thin: {
      auto p = parseThinWebhook(body);
      r.error = std::move(p.error);
      r.warnings = std::move(p.warnings);
      r.fetch = std::move(p.fetch);
      break;
    }
    case WebhookFormat::Unknown: {
      // Say precisely why: size / JSON errors first, then "none of the formats".
      detail::Diagnostics diag;
      detail::parseBounded(body, diag);
      r.error =
          diag.error
              ? *diag.error
              : ParseIssue{
                    IssueCode::UnsupportedFormat, "",
                    "not RISK_ASSESSMENT_UPDATED, an identification callback or a thin webhook"};
      break;
    }
  }
  return r;
}

WebhookInterpretation interpretStatusDocument(std::string_view body, std::string_view expectedId,
                                              const Delivery& delivery) {
  WebhookInterpretation r;
  r.format = WebhookFormat::Thin;
  auto p = parseIdentificationStatus(body, expectedId);
  r.error = std::move(p.error);
  r.warnings = std::move(p.warnings);
  if (p.document) r.decision = toDecision(*p.document, delivery);
  return r;
}

}  // namespace idv::completion
