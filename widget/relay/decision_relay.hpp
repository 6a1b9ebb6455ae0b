#pragma once
// The widget's optional Phase 2 relay: after the customer submitted (Phase 1), ask the
// merchant's OWN backend whether it has received a decision, and report it once.
//
// Why the browser never decides on its own: the decision arrives as a signed webhook at the
// merchant's server (Phase 2). A browser can be tampered with, so the widget only relays what
// that server says, from a URL the merchant configures — never the verification service's
// tracking status, which knows nothing about decisions.
//
// The merchant's endpoint answers GET with a flat JSON object:
//   {"decided": false}                                   — nothing yet (404 means the same)
//   {"decided": true, "final": true, "outcome": "approved", "riskLevel": "LOW",
//    "decidedAt": "2026-11-22T09:33:12Z"}
// A decided-but-not-final answer (an automatic verdict awaiting manual review) is reported as
// a diagnostic; onDecision fires once, for the final one.
#include <optional>
#include <string>

#include "relay/decision_phase.hpp"
#include "tracking/commands.hpp"
#include "tracking/http_response.hpp"
#include "tracking/poll_scheduler.hpp"

namespace idv {

struct DecisionRelayConfig {
  std::string url;  // absolute; https, or http on loopback
  Millis interval = 3 * kSecond;
  Millis timeout = 10 * kMinute;
};

class DecisionRelay {
 public:
  DecisionRelay(DecisionRelayConfig config, PollPolicy policy, std::uint64_t seed);

  DecisionPhase phase() const { return phase_; }
  const std::string& url() const { return config_.url; }

  // Phase 1 ended with a submission: returns when to check first.
  Millis start(Millis now);
  // The check is due: true = send the request now; false = the relay has timed out
  // (reported through `out`) and stops.
  bool dueCheck(Commands& out, Millis now);
  // The answer to a check: returns when to check next, or nullopt when done.
  std::optional<Millis> onResponse(Commands& out, Millis now, const HttpResponse& response,
                                   const std::string& trackingReference, bool visible);
  std::optional<Millis> onFailure(Commands& out, Millis now, bool visible);

 private:
  DecisionRelayConfig config_;
  PollScheduler scheduler_;
  DecisionPhase phase_ = DecisionPhase::Waiting;
  Millis deadline_ = 0;
  bool reportedPending_ = false;
  bool reportedProblem_ = false;
};

}  // namespace idv
