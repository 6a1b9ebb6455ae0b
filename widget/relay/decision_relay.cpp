#include "relay/decision_relay.hpp"

#include "json/flat_object.hpp"
#include "time/rfc_time.hpp"

namespace idv {
namespace {

constexpr std::size_t kMaxRelayBody = 16 * 1024;
constexpr std::size_t kMaxWordLength = 64;

std::optional<std::string> shortString(const json::FlatObject& doc, const char* key) {
  const json::Value* v = doc.find(key);
  if (!v || v->kind != json::Value::Kind::String || v->text.size() > kMaxWordLength)
    return std::nullopt;
  return v->text;
}

PollPolicy withInterval(PollPolicy policy, Millis interval) {
  policy.interval = interval;
  return policy;
}

}  // namespace

DecisionRelay::DecisionRelay(DecisionRelayConfig config, PollPolicy policy, std::uint64_t seed)
    : config_(std::move(config)),
      scheduler_(withInterval(policy, config_.interval), seed ^ 0xD1CE) {
  if (config_.url.empty()) phase_ = DecisionPhase::Off;
}

Millis DecisionRelay::start(Millis now) {
  phase_ = DecisionPhase::Checking;
  deadline_ = now + config_.timeout;
  // Phase 2 takes minutes; the first answer would be "not yet" anyway.
  return now + config_.interval;
}

bool DecisionRelay::dueCheck(Commands& out, Millis now) {
  if (phase_ != DecisionPhase::Checking) return false;
  if (now < deadline_) return true;
  phase_ = DecisionPhase::TimedOut;
  out.push_back(ErrorEvent{ErrorCode::DecisionTimeout, false, 0,
                           "no decision from the merchant backend in time"});
  return false;
}

std::optional<Millis> DecisionRelay::onResponse(Commands& out, Millis now,
                                                const HttpResponse& response,
                                                const std::string& trackingReference,
                                                bool visible) {
  const auto again = [&] { return now + scheduler_.delayAfterSuccess(visible); };
  if (response.status == 404) return again();  // the merchant has not heard anything yet
  if (response.status != 200) return onFailure(out, now, visible);

  auto parsed = response.body.size() <= kMaxRelayBody ? json::FlatObject::parse(response.body)
                                                      : json::FlatObjectError::MalformedJson;
  const auto* doc = std::get_if<json::FlatObject>(&parsed);
  const json::Value* decided = doc ? doc->find("decided") : nullptr;
  if (!decided || decided->kind != json::Value::Kind::Boolean) {
    if (!reportedProblem_) {
      reportedProblem_ = true;
      out.push_back(ErrorEvent{ErrorCode::BadResponse, false, 200,
                               "decision endpoint: expected {\"decided\": true|false, …}"});
    }
    return onFailure(out, now, visible);
  }
  if (!decided->boolean) return again();

  const json::Value* final = doc->find("final");
  const bool isFinal = !final || final->kind != json::Value::Kind::Boolean || final->boolean;
  const auto outcome = shortString(*doc, "outcome");
  if (!isFinal) {
    if (!reportedPending_) {
      reportedPending_ = true;
      out.push_back(DiagnosticEvent{"decision_not_final", outcome.value_or("")});
    }
    return again();
  }
  std::optional<Millis> decidedAt;
  if (const auto text = shortString(*doc, "decidedAt")) decidedAt = parseRfc3339(*text);
  phase_ = DecisionPhase::Decided;
  out.push_back(DecisionRelayedEvent{trackingReference, outcome.value_or("unknown"),
                                     shortString(*doc, "riskLevel").value_or("unknown"),
                                     decidedAt});
  return std::nullopt;
}

std::optional<Millis> DecisionRelay::onFailure(Commands&, Millis now, bool visible) {
  return now + scheduler_.delayAfterFailure(visible, std::nullopt);
}

}  // namespace idv
