#include "completion/decision.hpp"

namespace idv::completion {

std::string_view toString(DecisionOutcome o) {
  switch (o) {
    case DecisionOutcome::Pending: return "pending";
    case DecisionOutcome::NeedsReview: return "needs_review";
    case DecisionOutcome::Approved: return "approved";
    case DecisionOutcome::Rejected: return "rejected";
    case DecisionOutcome::Expired: return "expired";
    case DecisionOutcome::Cancelled: return "cancelled";
    case DecisionOutcome::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view toString(RiskLevel r) {
  switch (r) {
    case RiskLevel::Unknown: return "unknown";
    case RiskLevel::Low: return "low";
    case RiskLevel::Medium: return "medium";
    case RiskLevel::High: return "high";
  }
  return "unknown";
}

std::string_view toString(Reviewer r) {
  switch (r) {
    case Reviewer::Automatic: return "automatic";
    case Reviewer::Manual: return "manual";
    case Reviewer::Unspecified: return "unspecified";
  }
  return "unspecified";
}

std::string_view toString(SourceFormat f) {
  switch (f) {
    case SourceFormat::RiskAssessmentUpdated: return "risk_assessment_updated";
    case SourceFormat::IdentificationCallback: return "identification_callback";
    case SourceFormat::IdentificationStatus: return "identification_status";
  }
  return "unknown";
}

RiskLevel parseRiskLevel(std::string_view t) {
  if (t == "LOW" || t == "low") return RiskLevel::Low;
  if (t == "MEDIUM" || t == "medium") return RiskLevel::Medium;
  if (t == "HIGH" || t == "high") return RiskLevel::High;
  return RiskLevel::Unknown;
}

bool isDecided(DecisionOutcome o) {
  return o != DecisionOutcome::Pending && o != DecisionOutcome::Unknown;
}

std::string summary(const VerificationDecision& d) {
  std::string s = "ref=" + d.reference;
  if (!d.merchantReference.empty()) s += " merchant_ref=" + d.merchantReference;
  s += " outcome=" + std::string(toString(d.outcome));
  s += " risk=" + std::string(toString(d.risk));
  s += " reviewer=" + std::string(toString(d.reviewer));
  s += d.final ? " final" : " not-final";
  if (!d.senderStatus.empty()) s += " status=" + d.senderStatus;
  return s;
}

}  // namespace idv::completion
