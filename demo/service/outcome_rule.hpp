#pragma once
// The demo's deterministic stand-in for Phase 2 (documents, biometrics, PEP/sanctions, risk).
// Rules, first match wins (documented in docs/demo.md):
//   1. first + last name on the built-in sanctions list (case/diacritics-insensitive on ASCII
//      letters, extra spaces ignored)              -> riskLevel HIGH, COMPLETED, final
//   2. document number ending in "000"              -> automatic verdict IN_REVIEW / MEDIUM
//      (final:false), then after a manual review    -> COMPLETED / MEDIUM (final:true)
//   3. age under 18 from dateOfBirth (YYYY-MM-DD)   -> riskLevel HIGH, COMPLETED, final
//   4. otherwise                                    -> riskLevel LOW, COMPLETED, final
#include <string>
#include <string_view>
#include <vector>

namespace idv::demo {

struct CustomerData {
  std::string first_name, last_name, date_of_birth, document_number;
};

// Which rule matched: the identification format words each one differently (phase2_verdicts).
enum class Rule { sanctions, review, minor, clear };

struct Verdict {
  std::string assessment_status;  // COMPLETED or IN_REVIEW
  std::string risk_level;         // LOW MEDIUM HIGH
  bool final = true;
  std::string reason;  // for the timeline: which rule matched
  Rule rule = Rule::clear;
};

// The verdicts to send, in order (one, or two when a manual review follows).
// today is "YYYY-MM-DD" (UTC) — a parameter so the rule is testable.
std::vector<Verdict> assess(const CustomerData& c, std::string_view today);

const std::vector<std::string>& sanctions_list();

}  // namespace idv::demo
