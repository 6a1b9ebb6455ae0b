#pragma once
// The one normalized Phase 2 result a merchant's backend acts on, whatever the sender's format.
//
// Why the name: Phase 1 ends with the tracking status COMPLETED / the widget's onSuccess, which
// only means "the customer finished data entry" (submitted). Nothing is verified then. A
// VerificationDecision exists only once a Phase 2 webhook (or the status document a thin
// webhook points at) says so; there is deliberately no "completed" or "submitted" outcome here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace idv::completion {

enum class DecisionOutcome {
  Pending,      // the service has not decided yet (processing, or its own reviewer is looking)
  NeedsReview,  // the service hands the case to the merchant's judgement (suspected, medium risk)
  Approved,
  Rejected,
  Expired,    // the session or token ran out before a decision
  Cancelled,  // withdrawn on the service side (cancelled, deleted, archived): no decision
  Unknown,    // a status this library does not know yet; see the parser's warnings
};

enum class RiskLevel { Unknown, Low, Medium, High };

// Who made the call. The seed-003 service sends an automatic verdict and later a manual one;
// RISK_ASSESSMENT_UPDATED only says whether more may follow (final), so its final events are
// "unspecified".
enum class Reviewer { Automatic, Manual, Unspecified };

enum class SourceFormat {
  RiskAssessmentUpdated,   // DESIGN.md contract 2
  IdentificationCallback,  // seed 003: status.overall, autoFace, manualDocument, ...
  IdentificationStatus,    // seed 000: the document fetched after a thin webhook
};

struct VerificationDecision {
  std::string reference;          // ledger key: trackingReference / scanRef / identification id
  std::string merchantReference;  // the merchant's own id: referenceData / clientId (may be empty)
  DecisionOutcome outcome = DecisionOutcome::Unknown;
  RiskLevel risk = RiskLevel::Unknown;
  Reviewer reviewer = Reviewer::Unspecified;
  bool final = false;  // true: nothing may change this decision any more
  SourceFormat source = SourceFormat::RiskAssessmentUpdated;
  std::string senderStatus;  // the sender's own word (COMPLETED, SUSPECTED, ...), for logs
  std::string messageId;     // webhook-id header: the idempotency key (may be empty)
  std::optional<std::int64_t> decidedAt;  // unix seconds, from the payload when it has one
  std::int64_t receivedAt = 0;            // unix seconds, the receiver's clock (a parameter)

  bool operator==(const VerificationDecision&) const = default;
};

std::string_view toString(DecisionOutcome o);
std::string_view toString(RiskLevel r);
std::string_view toString(Reviewer r);
std::string_view toString(SourceFormat f);

// "LOW"/"low" -> low, ...; anything else -> unknown.
RiskLevel parseRiskLevel(std::string_view text);

// Has the service decided something (approved / rejected / needs_review / expired / cancelled)?
// Only a decided outcome may be final.
bool isDecided(DecisionOutcome o);

// One line for logs and the CLI: "ref=... outcome=approved risk=low reviewer=manual final".
std::string summary(const VerificationDecision& d);

}  // namespace idv::completion
