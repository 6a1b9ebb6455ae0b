#pragma once
// From each sender format to the one VerificationDecision (docs/merchant.md has the tables).
//
//   RISK_ASSESSMENT_UPDATED   assessmentStatus COMPLETED -> outcome by the RiskPolicy below;
//                             IN_REVIEW/PENDING/PROCESSING/IN_PROGRESS -> pending;
//                             EXPIRED -> expired; CANCELLED -> cancelled;
//                             FAILED/REJECTED/DENIED -> rejected; anything else -> unknown.
//                             final:false -> automatic; final:true -> reviewer unspecified.
//   identification callback   overall APPROVED -> approved, DENIED -> rejected,
//                             SUSPECTED -> needs_review, REVIEWING/ACTIVE -> pending,
//                             EXPIRED -> expired, DELETED/ARCHIVED -> cancelled.
//                             Manual (a manual verdict or manuallyDataChanged) -> final;
//                             automatic -> final only for expired/cancelled (no review follows).
//   status document (thin)    status APPROVED/REJECTED/NEEDS_REVIEW/EXPIRED/CANCELLED map by
//                             name, the rest -> pending; `final` as sent, else decided => final.
// In every format a pending or unknown outcome is never final: only a decision can close a case.
#include <cstdint>
#include <string_view>

#include "completion/decision.hpp"
#include "completion/identification_callback.hpp"
#include "completion/risk_assessment.hpp"
#include "completion/thin_webhook.hpp"

namespace idv::completion {

// What the webhook envelope (not the body) tells: the webhook-id header and the receive time.
struct Delivery {
  std::string_view messageId;
  std::int64_t receivedAt = 0;  // unix seconds; the caller's clock
};

// RISK_ASSESSMENT_UPDATED gives a risk level, not a verdict: the merchant's policy turns one into
// the other. The default is the conservative reading; pass your own to change it.
struct RiskPolicy {
  DecisionOutcome low = DecisionOutcome::Approved;
  DecisionOutcome medium = DecisionOutcome::NeedsReview;
  DecisionOutcome high = DecisionOutcome::Rejected;
  DecisionOutcome unknown = DecisionOutcome::NeedsReview;
};

VerificationDecision toDecision(const RiskAssessmentUpdated& event, const Delivery& delivery,
                                const RiskPolicy& policy = {});
VerificationDecision toDecision(const IdentificationCallback& callback, const Delivery& delivery);
VerificationDecision toDecision(const IdentificationStatusDocument& document,
                                const Delivery& delivery);

DecisionOutcome outcomeOf(OverallStatus status);

}  // namespace idv::completion
