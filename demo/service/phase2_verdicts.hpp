#pragma once
// What the simulated Phase 2 decides for a session, in the words of each webhook format.
//
// The outcome rule (outcome_rule.hpp) decides; this file says it in the chosen format, so the
// same customer gets the same outcome whatever the merchant asked for:
//
//   rule        risk-assessment / thin              identification (always automatic, then manual)
//   sanctions   COMPLETED HIGH     -> REJECTED      SUSPECTED (AML_SUSPECTION) -> DENIED
//   review      IN_REVIEW, then COMPLETED MEDIUM    REVIEWING                  -> SUSPECTED
//               -> REVIEWING, then NEEDS_REVIEW
//   minor       COMPLETED HIGH     -> REJECTED      DENIED                     -> DENIED
//   clear       COMPLETED LOW      -> APPROVED      APPROVED                   -> APPROVED
//
// Sessions that end without data entry follow seed 003's timing rules (a callback at once for
// FAILED, and only on expiry otherwise):
//   FAILED      FAILED HIGH        -> REJECTED      DENIED (AUTO_UNVERIFIABLE or DEV_TOOLS_OPENED)
//                                                   -> DENIED
//   EXPIRED     nothing (today's contract 2)        EXPIRED (automatic, final: nothing follows)
//               -> EXPIRED
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/outcome_rule.hpp"
#include "service/webhook_format.hpp"

namespace idv::demo {

struct Phase2Verdict {
  bool manual = false;  // a reviewer's verdict (the second identification callback)
  bool final = true;    // nothing follows it
  std::string reason;   // for the timeline
  // RISK_ASSESSMENT_UPDATED
  std::string assessment_status, risk_level;
  // identification callback (seed 003)
  std::string overall;
  std::optional<std::string> auto_document, auto_face, manual_document, manual_face;
  std::vector<std::string> suspicion_reasons;
  bool aml_suspected = false;
  // status document (thin): APPROVED REJECTED NEEDS_REVIEW REVIEWING EXPIRED
  std::string doc_status;
};

// status: COMPLETED, FAILED or EXPIRED; close_reason: max_attempts / terminated for FAILED.
// today is "YYYY-MM-DD" (UTC), a parameter so the rules are testable.
std::vector<Phase2Verdict> phase2_verdicts(WebhookFormat format, std::string_view status,
                                           std::string_view close_reason, const CustomerData& c,
                                           std::string_view today);

}  // namespace idv::demo
