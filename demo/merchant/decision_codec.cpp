#include "merchant/decision_codec.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace idv::demo {
namespace {

using json = nlohmann::json;
namespace cw = idv::completion;

// Enumerations by their library names; toString is the single spelling.
template <typename E, std::size_t N>
std::optional<E> by_name(const json& obj, const char* key, const std::array<E, N>& values) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  for (const E v : values)
    if (cw::toString(v) == it->get_ref<const std::string&>()) return v;
  return std::nullopt;
}

constexpr std::array kOutcomes = {cw::DecisionOutcome::Pending,  cw::DecisionOutcome::NeedsReview,
                                  cw::DecisionOutcome::Approved, cw::DecisionOutcome::Rejected,
                                  cw::DecisionOutcome::Expired,  cw::DecisionOutcome::Cancelled,
                                  cw::DecisionOutcome::Unknown};
constexpr std::array kRisks = {cw::RiskLevel::Unknown, cw::RiskLevel::Low, cw::RiskLevel::Medium,
                               cw::RiskLevel::High};
constexpr std::array kReviewers = {cw::Reviewer::Automatic, cw::Reviewer::Manual,
                                   cw::Reviewer::Unspecified};
constexpr std::array kSources = {cw::SourceFormat::RiskAssessmentUpdated,
                                 cw::SourceFormat::IdentificationCallback,
                                 cw::SourceFormat::IdentificationStatus};

std::string str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string encode_decision(const cw::VerificationDecision& d) {
  json j = {{"reference", d.reference},
            {"merchantReference", d.merchantReference},
            {"outcome", cw::toString(d.outcome)},
            {"risk", cw::toString(d.risk)},
            {"reviewer", cw::toString(d.reviewer)},
            {"final", d.final},
            {"source", cw::toString(d.source)},
            {"senderStatus", d.senderStatus},
            {"messageId", d.messageId},
            {"receivedAt", d.receivedAt}};
  j["decidedAt"] = d.decidedAt ? json(*d.decidedAt) : json(nullptr);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<cw::VerificationDecision> decode_decision(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  const auto outcome = by_name(j, "outcome", kOutcomes);
  const auto risk = by_name(j, "risk", kRisks);
  const auto reviewer = by_name(j, "reviewer", kReviewers);
  const auto source = by_name(j, "source", kSources);
  const auto fin = j.find("final");
  if (!outcome || !risk || !reviewer || !source || fin == j.end() || !fin->is_boolean())
    return std::nullopt;
  cw::VerificationDecision d;
  d.reference = str(j, "reference");
  d.merchantReference = str(j, "merchantReference");
  d.outcome = *outcome;
  d.risk = *risk;
  d.reviewer = *reviewer;
  d.final = fin->get<bool>();
  d.source = *source;
  d.senderStatus = str(j, "senderStatus");
  d.messageId = str(j, "messageId");
  if (const auto it = j.find("decidedAt"); it != j.end() && it->is_number_integer())
    d.decidedAt = it->get<std::int64_t>();
  if (const auto it = j.find("receivedAt"); it != j.end() && it->is_number_integer())
    d.receivedAt = it->get<std::int64_t>();
  return d;
}

}  // namespace idv::demo
