#include "completion/decision.hpp"

namespace idv::completion {

std::string_view to_string(DecisionOutcome o) {
  switch (o) {
    case DecisionOutcome::pending: return "pending";
    case DecisionOutcome::needs_review: return "needs_review";
    case DecisionOutcome::approved: return "approved";
    case DecisionOutcome::rejected: return "rejected";
    case DecisionOutcome::expired: return "expired";
    case DecisionOutcome::cancelled: return "cancelled";
    case DecisionOutcome::unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(RiskLevel r) {
  switch (r) {
    case RiskLevel::unknown: return "unknown";
    case RiskLevel::low: return "low";
    case RiskLevel::medium: return "medium";
    case RiskLevel::high: return "high";
  }
  return "unknown";
}

std::string_view to_string(Reviewer r) {
  switch (r) {
    case Reviewer::automatic: return "automatic";
    case Reviewer::manual: return "manual";
    case Reviewer::unspecified: return "unspecified";
  }
  return "unspecified";
}

std::string_view to_string(SourceFormat f) {
  switch (f) {
    case SourceFormat::risk_assessment_updated: return "risk_assessment_updated";
    case SourceFormat::identification_callback: return "identification_callback";
    case SourceFormat::identification_status: return "identification_status";
  }
  return "unknown";
}

RiskLevel parse_risk_level(std::string_view t) {
  if (t == "LOW" || t == "low") return RiskLevel::low;
  if (t == "MEDIUM" || t == "medium") return RiskLevel::medium;
  if (t == "HIGH" || t == "high") return RiskLevel::high;
  return RiskLevel::unknown;
}

bool is_decided(DecisionOutcome o) {
  return o != DecisionOutcome::pending && o != DecisionOutcome::unknown;
}

std::string summary(const VerificationDecision& d) {
  std::string s = "ref=" + d.reference;
  if (!d.merchant_reference.empty()) s += " merchant_ref=" + d.merchant_reference;
  s += " outcome=" + std::string(to_string(d.outcome));
  s += " risk=" + std::string(to_string(d.risk));
  s += " reviewer=" + std::string(to_string(d.reviewer));
  s += d.final ? " final" : " not-final";
  if (!d.sender_status.empty()) s += " status=" + d.sender_status;
  return s;
}

}  // namespace idv::completion
