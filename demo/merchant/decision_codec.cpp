#include "merchant/decision_codec.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace idv::demo {
namespace {

using json = nlohmann::json;
namespace cw = idv::completion;

// Enumerations by their library names; to_string is the single spelling.
template <typename E, std::size_t N>
std::optional<E> by_name(const json& obj, const char* key, const std::array<E, N>& values) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  for (const E v : values)
    if (cw::to_string(v) == it->get_ref<const std::string&>()) return v;
  return std::nullopt;
}

constexpr std::array kOutcomes = {cw::DecisionOutcome::pending,  cw::DecisionOutcome::needs_review,
                                  cw::DecisionOutcome::approved, cw::DecisionOutcome::rejected,
                                  cw::DecisionOutcome::expired,  cw::DecisionOutcome::cancelled,
                                  cw::DecisionOutcome::unknown};
constexpr std::array kRisks = {cw::RiskLevel::unknown, cw::RiskLevel::low, cw::RiskLevel::medium,
                               cw::RiskLevel::high};
constexpr std::array kReviewers = {cw::Reviewer::automatic, cw::Reviewer::manual,
                                   cw::Reviewer::unspecified};
constexpr std::array kSources = {cw::SourceFormat::risk_assessment_updated,
                                 cw::SourceFormat::identification_callback,
                                 cw::SourceFormat::identification_status};

std::string str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string encode_decision(const cw::VerificationDecision& d) {
  json j = {{"reference", d.reference},
            {"merchantReference", d.merchant_reference},
            {"outcome", cw::to_string(d.outcome)},
            {"risk", cw::to_string(d.risk)},
            {"reviewer", cw::to_string(d.reviewer)},
            {"final", d.final},
            {"source", cw::to_string(d.source)},
            {"senderStatus", d.sender_status},
            {"messageId", d.message_id},
            {"receivedAt", d.received_at}};
  j["decidedAt"] = d.decided_at ? json(*d.decided_at) : json(nullptr);
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
  d.merchant_reference = str(j, "merchantReference");
  d.outcome = *outcome;
  d.risk = *risk;
  d.reviewer = *reviewer;
  d.final = fin->get<bool>();
  d.source = *source;
  d.sender_status = str(j, "senderStatus");
  d.message_id = str(j, "messageId");
  if (const auto it = j.find("decidedAt"); it != j.end() && it->is_number_integer())
    d.decided_at = it->get<std::int64_t>();
  if (const auto it = j.find("receivedAt"); it != j.end() && it->is_number_integer())
    d.received_at = it->get<std::int64_t>();
  return d;
}

}  // namespace idv::demo
