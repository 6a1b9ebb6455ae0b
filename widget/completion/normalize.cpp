#include "completion/normalize.hpp"

#include "time/rfc_time.hpp"

namespace idv::completion {
namespace {

std::optional<std::int64_t> unixSeconds(std::string_view rfc3339) {
  const auto ms = idv::parseRfc3339(rfc3339);
  if (!ms) return std::nullopt;
  return *ms / 1000;
}

DecisionOutcome byRisk(RiskLevel level, const RiskPolicy& p) {
  switch (level) {
    case RiskLevel::Low: return p.low;
    case RiskLevel::Medium: return p.medium;
    case RiskLevel::High: return p.high;
    case RiskLevel::Unknown: return p.unknown;
  }
  return p.unknown;
}

DecisionOutcome assessmentOutcome(std::string_view s, RiskLevel level, const RiskPolicy& p) {
  if (s == "COMPLETED") return byRisk(level, p);
  if (s == "IN_REVIEW" || s == "PENDING" || s == "PROCESSING" || s == "IN_PROGRESS")
    return DecisionOutcome::Pending;
  if (s == "EXPIRED") return DecisionOutcome::Expired;
  if (s == "CANCELLED") return DecisionOutcome::Cancelled;
  if (s == "FAILED" || s == "REJECTED" || s == "DENIED") return DecisionOutcome::Rejected;
  return DecisionOutcome::Unknown;
}

DecisionOutcome documentOutcome(std::string_view s) {
  if (s == "APPROVED") return DecisionOutcome::Approved;
  if (s == "REJECTED") return DecisionOutcome::Rejected;
  if (s == "NEEDS_REVIEW") return DecisionOutcome::NeedsReview;
  if (s == "EXPIRED") return DecisionOutcome::Expired;
  if (s == "CANCELLED") return DecisionOutcome::Cancelled;
  if (s == "PENDING" || s == "IN_PROGRESS" || s == "PROCESSING" || s == "REVIEWING")
    return DecisionOutcome::Pending;
  return DecisionOutcome::Unknown;
}

}  // namespace

DecisionOutcome outcomeOf(OverallStatus status) {
  switch (status) {
    case OverallStatus::Approved: return DecisionOutcome::Approved;
    case OverallStatus::Denied: return DecisionOutcome::Rejected;
    case OverallStatus::Suspected: return DecisionOutcome::NeedsReview;
    case OverallStatus::Reviewing:
    case OverallStatus::Active: return DecisionOutcome::Pending;
    case OverallStatus::Expired: return DecisionOutcome::Expired;
    case OverallStatus::Deleted:
    case OverallStatus::Archived: return DecisionOutcome::Cancelled;
    case OverallStatus::Unknown: return DecisionOutcome::Unknown;
  }
  return DecisionOutcome::Unknown;
}

VerificationDecision toDecision(const RiskAssessmentUpdated& e, const Delivery& delivery,
                                const RiskPolicy& policy) {
  VerificationDecision d;
  d.reference = e.trackingReference;
  d.merchantReference = e.referenceData;
  d.risk = parseRiskLevel(e.riskLevel);
  d.outcome = assessmentOutcome(e.assessmentStatus, d.risk, policy);
  d.final = e.final && isDecided(d.outcome);
  // final:false announces a later (manual) verdict, so this one is the automatic one.
  d.reviewer = e.final ? Reviewer::Unspecified : Reviewer::Automatic;
  d.source = SourceFormat::RiskAssessmentUpdated;
  d.senderStatus = e.assessmentStatus;
  d.messageId = std::string(delivery.messageId);
  d.decidedAt = unixSeconds(e.timestamp);
  d.receivedAt = delivery.receivedAt;
  return d;
}

VerificationDecision toDecision(const IdentificationCallback& cb, const Delivery& delivery) {
  VerificationDecision d;
  d.reference = cb.scanRef;
  d.merchantReference = cb.clientId.value_or("");
  d.outcome = outcomeOf(cb.status.overallStatus);
  d.risk = RiskLevel::Unknown;  // the format has no risk level; see suspicion reasons / aml
  d.reviewer = cb.reviewer();
  const bool noReviewFollows =
      d.outcome == DecisionOutcome::Expired || d.outcome == DecisionOutcome::Cancelled;
  d.final = isDecided(d.outcome) && (d.reviewer == Reviewer::Manual || noReviewFollows);
  d.source = SourceFormat::IdentificationCallback;
  d.senderStatus = cb.status.overall;
  d.messageId = std::string(delivery.messageId);
  d.decidedAt = cb.finishTime;
  d.receivedAt = delivery.receivedAt;
  return d;
}

VerificationDecision toDecision(const IdentificationStatusDocument& doc, const Delivery& delivery) {
  VerificationDecision d;
  d.reference = doc.id;
  d.merchantReference = doc.referenceData.value_or("");
  d.outcome = documentOutcome(doc.status);
  d.risk = parseRiskLevel(doc.riskLevel.value_or(""));
  d.reviewer = doc.reviewer == "manual"      ? Reviewer::Manual
               : doc.reviewer == "automatic" ? Reviewer::Automatic
                                             : Reviewer::Unspecified;
  d.final = doc.final.value_or(true) && isDecided(d.outcome);
  d.source = SourceFormat::IdentificationStatus;
  d.senderStatus = doc.status;
  d.messageId = std::string(delivery.messageId);
  if (doc.updatedAt) d.decidedAt = unixSeconds(*doc.updatedAt);
  d.receivedAt = delivery.receivedAt;
  return d;
}

}  // namespace idv::completion
