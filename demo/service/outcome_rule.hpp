#pragma once
// The demo's deterministic stand-in for Phase 2 (documents, biometrics, PEP/sanctions, risk).
// Rules, first match wins (documented in docs/demo.md):
//   1. first + last name on the built-in sanctions list (case/diacritics-insensitive on ASCII
//      letters, extra spaces ignored)              -> riskLevel HIGH, COMPLETED, final
//   2. document number ending in "000"              -> automatic verdict IN_REVIEW / MEDIUM
//      (final:false), then after a manual review    -> COMPLETED / MEDIUM (final:true)
//   3. age under 18 from dateOfBirth (YYYY-MM-DD), or a wallet's issuer-signed
//      age_over_18 = false                          -> riskLevel HIGH, COMPLETED, final
//   4. otherwise                                    -> riskLevel LOW, COMPLETED, final
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idv::demo {

struct CustomerData {
  std::string first_name, last_name, date_of_birth, document_number;
  // A digital-ID wallet's issuer-signed age_over_18 / age_equal_or_over.18, when it said so.
  std::optional<bool> age_over_18 = std::nullopt;
  // Data from a verified wallet credential rather than from the portal's documents and selfie:
  // the checks are the same, the words of the verdicts say what stood for the photos.
  bool wallet = false;
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
