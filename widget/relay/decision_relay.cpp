#include "relay/decision_relay.hpp"

#include "json/flat_object.hpp"
#include "time/rfc_time.hpp"
#include "url/portal_url_policy.hpp"

namespace idv {
namespace {

constexpr std::size_t kMaxRelayBody = 16 * 1024;
constexpr std::size_t kMaxWordLength = 64;

// A view into `doc`'s text.
std::optional<std::string_view> shortString(const json::FlatObject& doc, const char* key) {
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

DecisionRelay::DecisionRelay(DecisionRelayConfig config, PollPolicy policy, std::uint64_t seed,
                             std::string trackingReference, RequestIds& ids)
    : config_(std::move(config)),
      scheduler_(withInterval(policy, config_.interval), seed ^ 0xD1CE),
      trackingReference_(std::move(trackingReference)),
      ids_(ids) {
  if (config_.url.empty()) phase_ = DecisionPhase::Off;
}

bool DecisionRelay::urlAcceptable() const {
  if (config_.url.empty()) return true;
  const auto url = parseHttpUrl(config_.url);
  return url && isSecureEnough(url->origin);
}

void DecisionRelay::start(Millis now) {
  if (phase_ != DecisionPhase::Waiting) return;
  phase_ = DecisionPhase::Checking;
  deadline_ = now + config_.timeout;
  // Phase 2 takes minutes; the first answer would be "not yet" anyway.
  wakeAt_ = now + config_.interval;
}

void DecisionRelay::onTimer(CommandSink& out, Millis now) {
  if (!wakeAt_ || now < *wakeAt_) return;
  wakeAt_.reset();
  check(out, now);
}

void DecisionRelay::onVisibility(CommandSink& out, Millis now, bool visible) {
  visible_ = visible;
  // The customer looks again: ask the merchant's backend now rather than at the next tick.
  if (visible && phase_ == DecisionPhase::Checking && !inFlight_) {
    wakeAt_.reset();
    check(out, now);
  }
}

void DecisionRelay::check(CommandSink& out, Millis now) {
  if (phase_ != DecisionPhase::Checking) return;
  if (now >= deadline_) {
    phase_ = DecisionPhase::TimedOut;
    out.error(ErrorEvent{ErrorCode::DecisionTimeout, false, 0,
                         "no decision from the merchant backend in time"});
    return;
  }
  inFlight_ = ids_.take();
  out.fetch(FetchCommand{*inFlight_, config_.url, std::nullopt, scheduler_.policy().requestTimeout,
                         /*sameOriginCredentials=*/true, kMaxRelayBody});
}

void DecisionRelay::again(Millis now, bool failed) {
  wakeAt_ = now + (failed ? scheduler_.delayAfterFailure(visible_, std::nullopt)
                          : scheduler_.delayAfterSuccess(visible_));
}

void DecisionRelay::onResponse(CommandSink& out, Millis now, RequestId id,
                               const HttpResponse& response) {
  if (!owns(id)) return;
  inFlight_.reset();
  if (response.status == 404) return again(now, false);  // the merchant has heard nothing yet
  if (response.status != 200) return again(now, true);

  auto parsed = response.body.size() <= kMaxRelayBody ? json::FlatObject::parse(response.body)
                                                      : json::FlatObjectError::MalformedJson;
  const auto* doc = std::get_if<json::FlatObject>(&parsed);
  const json::Value* decided = doc ? doc->find("decided") : nullptr;
  if (!decided || decided->kind != json::Value::Kind::Boolean) {
    if (!reportedProblem_) {
      reportedProblem_ = true;
      out.error(ErrorEvent{ErrorCode::BadResponse, false, 200,
                           "decision endpoint: expected {\"decided\": true|false, …}"});
    }
    return again(now, true);
  }
  if (!decided->boolean) return again(now, false);

  const json::Value* final = doc->find("final");
  const bool isFinal = !final || final->kind != json::Value::Kind::Boolean || final->boolean;
  const auto outcome = shortString(*doc, "outcome");
  if (!isFinal) {
    if (!reportedPending_) {
      reportedPending_ = true;
      out.event(DiagnosticEvent{"decision_not_final", outcome.value_or("")});
    }
    return again(now, false);
  }
  std::optional<Millis> decidedAt;
  if (const auto text = shortString(*doc, "decidedAt")) decidedAt = parseRfc3339(*text);
  phase_ = DecisionPhase::Decided;
  out.decision(DecisionRelayedEvent{trackingReference_, outcome.value_or("unknown"),
                                    shortString(*doc, "riskLevel").value_or("unknown"), decidedAt});
}

void DecisionRelay::onFailure(Millis now, RequestId id) {
  if (!owns(id)) return;
  inFlight_.reset();
  again(now, true);
}

}  // namespace idv
