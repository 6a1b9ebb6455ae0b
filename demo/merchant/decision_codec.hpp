#pragma once
// The merchant stores the library's normalized VerificationDecision (whatever the format) as
// one JSON column, so a restart re-applies the DecisionLedger rules to exactly what was decided.
#include <optional>
#include <string>

#include "completion/decision.hpp"

namespace idv::demo {

std::string encode_decision(const idv::completion::VerificationDecision& d);
// nullopt for anything that is not a decision this codec wrote (never throws).
std::optional<idv::completion::VerificationDecision> decode_decision(const std::string& json_text);

}  // namespace idv::demo
