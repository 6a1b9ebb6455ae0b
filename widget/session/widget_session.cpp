#include "session/widget_session.hpp"

#include <algorithm>

namespace idv {

WidgetSession::WidgetSession(WidgetConfig config)
    : tracker_(config.tracker, ids_),
      relay_(std::move(config.decision), config.tracker.poll, config.tracker.randomSeed,
             config.tracker.trackingReference, ids_) {}

Commands WidgetSession::start(Millis now) {
  Commands out;
  if (!relay_.urlAcceptable())
    tracker_.refuseConfig(out, "decision.url must be an absolute https URL (http on loopback)");
  else
    tracker_.start(out, now);
  return finish(std::move(out), now);
}

Commands WidgetSession::onResponse(Millis now, RequestId id, const HttpResponse& response) {
  Commands out;
  if (tracker_.owns(id))
    tracker_.onResponse(out, now, id, response);
  else if (relay_.owns(id))
    relay_.onResponse(out, now, id, response);
  else
    return out;  // aborted or superseded: nothing changes
  return finish(std::move(out), now);
}

Commands WidgetSession::onFailure(Millis now, RequestId id, FailureKind kind) {
  Commands out;
  if (tracker_.owns(id))
    tracker_.onFailure(out, now, id, kind);
  else if (relay_.owns(id))
    relay_.onFailure(now, id);
  else
    return out;
  return finish(std::move(out), now);
}

Commands WidgetSession::onTimer(Millis now) {
  Commands out;
  armedAt_.reset();  // the host's timer has fired; finish() arms it again if anyone still waits
  relay_.onTimer(out, now);
  tracker_.onTimer(out, now);
  return finish(std::move(out), now);
}

Commands WidgetSession::onVisibility(Millis now, bool visible) {
  Commands out;
  relay_.onVisibility(out, now, visible);
  tracker_.onVisibility(out, now, visible);
  return finish(std::move(out), now);
}

Commands WidgetSession::onConnectivity(Millis now, bool online) {
  Commands out;
  tracker_.onConnectivity(out, now, online);
  return finish(std::move(out), now);
}

Commands WidgetSession::refresh(Millis now) {
  Commands out;
  tracker_.refresh(out, now);
  return finish(std::move(out), now);
}

Commands WidgetSession::finish(Commands out, Millis now) {
  if (tracker_.state() == Phase1State::Submitted) relay_.start(now);

  std::optional<Millis> wake = tracker_.wakeAt();
  if (const auto relayWake = relay_.wakeAt()) wake = wake ? std::min(*wake, *relayWake) : relayWake;
  if (wake != armedAt_) {
    if (wake)
      out.push_back(WakeCommand{*wake});
    else
      out.push_back(CancelWakeCommand{});
    armedAt_ = wake;
  }

  ViewInputs inputs = tracker_.viewInputs();
  inputs.decision = relay_.phase();
  ViewModel next = buildView(inputs);
  const bool firstRender = view_.messageKey.empty();
  if (firstRender || !(next == view_)) {
    view_ = std::move(next);
    out.push_back(RenderCommand{view_});
  }
  return out;
}

}  // namespace idv
