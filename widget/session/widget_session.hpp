#pragma once
// One mounted widget, as the host sees it: Phase 1's Tracker and Phase 2's optional
// DecisionRelay side by side, with the one timer, the one request-id counter and the view
// they share. Neither knows the other; the session starts the relay once the tracker reports
// the customer's submission.
//
// Sans-I/O: every event comes with the current time and returns Commands (docs/bridge.md).
// The host keeps one timer: a WakeCommand (re)arms it, CancelWakeCommand clears it, and when
// it fires the host calls onTimer — early or late, the session sorts it out.
#include <optional>

#include "relay/decision_relay.hpp"
#include "session/widget_config.hpp"
#include "tracking/tracker.hpp"

namespace idv {

class WidgetSession {
 public:
  explicit WidgetSession(WidgetConfig config);

  Commands start(Millis now);
  Commands onResponse(Millis now, RequestId id, const HttpResponse& response);
  Commands onFailure(Millis now, RequestId id, FailureKind kind);
  Commands onTimer(Millis now);
  Commands onVisibility(Millis now, bool visible);
  Commands onConnectivity(Millis now, bool online);
  Commands refresh(Millis now);  // "check now", and the retry button

  Phase1State state() const { return tracker_.state(); }
  DecisionPhase decisionPhase() const { return relay_.phase(); }
  const ViewModel& view() const { return view_; }
  std::int64_t lastVersion() const { return tracker_.lastVersion(); }

 private:
  // After every event: Phase 2 starts once Phase 1 is submitted, the timer is armed for the
  // earlier of the two wishes, and the view is rendered if it changed.
  Commands finish(Commands out, Millis now);

  RequestIds ids_;
  Tracker tracker_;
  DecisionRelay relay_;
  std::optional<Millis> armedAt_;  // what the host's timer is set to
  ViewModel view_;
};

}  // namespace idv
