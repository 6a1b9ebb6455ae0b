#include "completion/normalize.hpp"

#include "time/rfc_time.hpp"

namespace idv::completion {
namespace {

std::optional<std::int64_t> unix_seconds(std::string_view rfc3339) {
  const auto ms = idv::parseRfc3339(rfc3339);
  if (!ms) return std::nullopt;
  return *ms / 1000;
}

DecisionOutcome by_risk(RiskLevel level, const RiskPolicy& p) {
  switch (level) {
    case RiskLevel::low: return p.low;
    case RiskLevel::medium: return p.medium;
    case RiskLevel::high: return p.high;
    case RiskLevel::unknown: return p.unknown;
  }
  return p.unknown;
}

DecisionOutcome assessment_outcome(std::string_view s, RiskLevel level, const RiskPolicy& p) {
  if (s == "COMPLETED") return by_risk(level, p);
  if (s == "IN_REVIEW" || s == "PENDING" || s == "PROCESSING" || s == "IN_PROGRESS")
    return DecisionOutcome::pending;
  if (s == "EXPIRED") return DecisionOutcome::expired;
  if (s == "CANCELLED") return DecisionOutcome::cancelled;
  if (s == "FAILED" || s == "REJECTED" || s == "DENIED") return DecisionOutcome::rejected;
  return DecisionOutcome::unknown;
}

DecisionOutcome document_outcome(std::string_view s) {
  if (s == "APPROVED") return DecisionOutcome::approved;
  if (s == "REJECTED") return DecisionOutcome::rejected;
  if (s == "NEEDS_REVIEW") return DecisionOutcome::needs_review;
  if (s == "EXPIRED") return DecisionOutcome::expired;
  if (s == "CANCELLED") return DecisionOutcome::cancelled;
  if (s == "PENDING" || s == "IN_PROGRESS" || s == "PROCESSING" || s == "REVIEWING")
    return DecisionOutcome::pending;
  return DecisionOutcome::unknown;
}

}  // namespace

DecisionOutcome outcome_of(OverallStatus status) {
  switch (status) {
    case OverallStatus::approved: return DecisionOutcome::approved;
    case OverallStatus::denied: return DecisionOutcome::rejected;
    case OverallStatus::suspected: return DecisionOutcome::needs_review;
    case OverallStatus::reviewing:
    case OverallStatus::active: return DecisionOutcome::pending;
    case OverallStatus::expired: return DecisionOutcome::expired;
    case OverallStatus::deleted:
    case OverallStatus::archived: return DecisionOutcome::cancelled;
    case OverallStatus::unknown: return DecisionOutcome::unknown;
  }
  return DecisionOutcome::unknown;
}

VerificationDecision to_decision(const RiskAssessmentUpdated& e, const Delivery& delivery,
                                 const RiskPolicy& policy) {
  VerificationDecision d;
  d.reference = e.tracking_reference;
  d.merchant_reference = e.reference_data;
  d.risk = parse_risk_level(e.risk_level);
  d.outcome = assessment_outcome(e.assessment_status, d.risk, policy);
  d.final = e.final && is_decided(d.outcome);
  // final:false announces a later (manual) verdict, so this one is the automatic one.
  d.reviewer = e.final ? Reviewer::unspecified : Reviewer::automatic;
  d.source = SourceFormat::risk_assessment_updated;
  d.sender_status = e.assessment_status;
  d.message_id = std::string(delivery.message_id);
  d.decided_at = unix_seconds(e.timestamp);
  d.received_at = delivery.received_at;
  return d;
}

VerificationDecision to_decision(const IdentificationCallback& cb, const Delivery& delivery) {
  VerificationDecision d;
  d.reference = cb.scan_ref;
  d.merchant_reference = cb.client_id.value_or("");
  d.outcome = outcome_of(cb.status.overall_status);
  d.risk = RiskLevel::unknown;  // the format has no risk level; see suspicion reasons / aml
  d.reviewer = cb.reviewer();
  const bool no_review_follows =
      d.outcome == DecisionOutcome::expired || d.outcome == DecisionOutcome::cancelled;
  d.final = is_decided(d.outcome) && (d.reviewer == Reviewer::manual || no_review_follows);
  d.source = SourceFormat::identification_callback;
  d.sender_status = cb.status.overall;
  d.message_id = std::string(delivery.message_id);
  d.decided_at = cb.finish_time;
  d.received_at = delivery.received_at;
  return d;
}

VerificationDecision to_decision(const IdentificationStatusDocument& doc,
                                 const Delivery& delivery) {
  VerificationDecision d;
  d.reference = doc.id;
  d.merchant_reference = doc.reference_data.value_or("");
  d.outcome = document_outcome(doc.status);
  d.risk = parse_risk_level(doc.risk_level.value_or(""));
  d.reviewer = doc.reviewer == "manual"      ? Reviewer::manual
               : doc.reviewer == "automatic" ? Reviewer::automatic
                                             : Reviewer::unspecified;
  d.final = doc.final.value_or(true) && is_decided(d.outcome);
  d.source = SourceFormat::identification_status;
  d.sender_status = doc.status;
  d.message_id = std::string(delivery.message_id);
  if (doc.updated_at) d.decided_at = unix_seconds(*doc.updated_at);
  d.received_at = delivery.received_at;
  return d;
}

}  // namespace idv::completion
