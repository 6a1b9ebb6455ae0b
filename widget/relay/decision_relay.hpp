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

// Sans-I/O like the tracker, and its sibling under WidgetSession: it writes what it wants
// done to `out` and says through wakeAt() when it wants to be woken.
class DecisionRelay {
 public:
  DecisionRelay(DecisionRelayConfig config, PollPolicy policy, std::uint64_t seed,
                std::string trackingReference, RequestIds& ids);

  DecisionPhase phase() const { return phase_; }
  // An empty url (no relay) or an absolute https URL (http on loopback).
  bool urlAcceptable() const;
  bool owns(RequestId id) const { return inFlight_ && *inFlight_ == id; }
  std::optional<Millis> wakeAt() const { return wakeAt_; }

  // The session was renewed before Phase 1 ended: a decision will be for the new reference.
  void retarget(std::string trackingReference) {
    trackingReference_ = std::move(trackingReference);
  }
  // Phase 1 ended with a submission: start asking.
  void start(Millis now);
  void onTimer(CommandSink& out, Millis now);  // wakeAt() is due: check, or give up
  void onResponse(CommandSink& out, Millis now, RequestId id, const HttpResponse& response);
  void onFailure(Millis now, RequestId id);
  void onVisibility(CommandSink& out, Millis now, bool visible);

 private:
  void check(CommandSink& out, Millis now);
  void again(Millis now, bool failed);

  DecisionRelayConfig config_;
  PollScheduler scheduler_;
  std::string trackingReference_;
  RequestIds& ids_;
  DecisionPhase phase_ = DecisionPhase::Waiting;
  Millis deadline_ = 0;
  std::optional<Millis> wakeAt_;
  std::optional<RequestId> inFlight_;
  bool visible_ = true;
  bool reportedPending_ = false;
  bool reportedProblem_ = false;
};

}  // namespace idv
