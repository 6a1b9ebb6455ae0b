#include "session/widget_session.hpp"

#include <algorithm>
#include <string>

namespace idv {

namespace {
WidgetConfig withRenewal(WidgetConfig c) {
  c.tracker.reportExpiry = !c.renewal;  // with renewal, the session reports (or renews)
  return c;
}
}  // namespace

WidgetSession::WidgetSession(WidgetConfig config)
    : config_(withRenewal(std::move(config))),
      tracker_(std::in_place, config_.tracker, ids_),
      relay_(config_.decision, config_.tracker.poll, config_.tracker.randomSeed,
             config_.tracker.trackingReference, ids_),
      wallet_(config_.wallet) {}

Commands WidgetSession::start(Millis now) {
  Commands out;
  if (!relay_.urlAcceptable())
    tracker_->refuseConfig(out, "decision.url must be an absolute https URL (http on loopback)");
  else
    tracker_->start(out, now);
  return finish(std::move(out), now);
}

Commands WidgetSession::onResponse(Millis now, RequestId id, const HttpResponse& response) {
  Commands out;
  if (tracker_->owns(id))
    tracker_->onResponse(out, now, id, response);
  else if (relay_.owns(id))
    relay_.onResponse(out, now, id, response);
  else
    return out;  // aborted or superseded: nothing changes
  return finish(std::move(out), now);
}

Commands WidgetSession::onFailure(Millis now, RequestId id, FailureKind kind) {
  Commands out;
  if (tracker_->owns(id))
    tracker_->onFailure(out, now, id, kind);
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
  tracker_->onTimer(out, now);
  return finish(std::move(out), now);
}

Commands WidgetSession::onVisibility(Millis now, bool visible) {
  Commands out;
  visible_ = visible;
  relay_.onVisibility(out, now, visible);
  tracker_->onVisibility(out, now, visible);
  return finish(std::move(out), now);
}

Commands WidgetSession::onConnectivity(Millis now, bool online) {
  Commands out;
  online_ = online;
  tracker_->onConnectivity(out, now, online);
  return finish(std::move(out), now);
}

Commands WidgetSession::refresh(Millis now) {
  Commands out;
  tracker_->refresh(out, now);
  return finish(std::move(out), now);
}

Commands WidgetSession::restart(Millis now) {
  Commands out;
  if (tracker_->state() != Phase1State::CustomerActive || !config_.renewal || heldExpiry_ ||
      restartPending_ || renewals_ >= kMaxRenewals)
    return out;
  restartPending_ = true;
  ++renewals_;
  out.push_back(RenewCommand{"restart"});
  return finish(std::move(out), now);
}

Commands WidgetSession::onRenewed(Millis now, std::optional<std::string_view> newReference,
                                  std::string_view failure) {
  Commands out;
  if (!heldExpiry_ && !restartPending_) return out;  // nothing asked (or already answered)
  const bool valid = newReference && isValidTrackingReference(*newReference);
  const std::string why = newReference      ? "renewReference returned an invalid reference"
                          : failure.empty() ? "failed"
                                            : std::string(failure);
  if (restartPending_ && !valid) {  // the current session goes on as it was
    restartPending_ = false;
    out.push_back(ErrorEvent{ErrorCode::RestartFailed, false, 0, why});
    return finish(std::move(out), now);
  }
  if (valid && tracker_->state() == Phase1State::Submitted) {
    // "Start again" came too late: the customer on the phone finished meanwhile.
    restartPending_ = false;
    out.push_back(DiagnosticEvent{"restart_ignored", "submitted"});
    return finish(std::move(out), now);
  }
  if (valid) {
    heldExpiry_.reset();
    restartPending_ = false;
    if (const auto id = tracker_->abandon()) out.push_back(AbortCommand{*id});
    config_.tracker.trackingReference = std::string(*newReference);
    tracker_.emplace(config_.tracker, ids_);
    expiryHandled_ = false;
    relay_.retarget(config_.tracker.trackingReference);
    wallet_.reset();
    out.push_back(DiagnosticEvent{"renewed", config_.tracker.trackingReference});
    tracker_->start(out, now);
    if (!visible_) tracker_->onVisibility(out, now, false);
    if (!online_) tracker_->onConnectivity(out, now, false);
  } else {
    ExpiredEvent expiry = std::move(*heldExpiry_);
    heldExpiry_.reset();
    renewals_ = kMaxRenewals;  // the page could not renew: this expiry is final
    expiry.renewalFailure = why;
    out.push_back(std::move(expiry));
  }
  return finish(std::move(out), now);
}

// The wallet is a way to *submit* while the QR waits; once anyone is on the portal, or the
// session ended, it is no longer offered.
std::optional<std::string> WidgetSession::walletProtocol() const {
  if (heldExpiry_ || tracker_->state() != Phase1State::AwaitingScan) return std::nullopt;
  return wallet_.protocolFor(tracker_->walletProtocols());
}

Commands WidgetSession::useWallet(Millis now) {
  Commands out;
  auto protocol = walletProtocol();
  if (!protocol) return out;
  if (auto command = wallet_.start(std::move(*protocol), tracker_->sessionUrl("wallet", "request"),
                                   tracker_->sessionUrl("wallet", "response")))
    out.push_back(std::move(*command));
  return finish(std::move(out), now);
}

Commands WidgetSession::onWalletReport(Millis now, const WalletReport& report) {
  Commands out;
  // Accepted (or the session closed meanwhile): the status says what happened, at once.
  if (wallet_.onReport(out, report)) tracker_->refresh(out, now);
  return finish(std::move(out), now);
}

void WidgetSession::holdExpiryForRenewal(Commands& out) {
  if (!config_.renewal || expiryHandled_ || !tracker_->expiry()) return;
  expiryHandled_ = true;
  if (restartPending_) {  // the page is already asked for a new reference: it serves both
    restartPending_ = false;
    heldExpiry_ = tracker_->expiry();
    return;
  }
  if (renewals_ >= kMaxRenewals) {
    out.push_back(*tracker_->expiry());  // the page's renewals keep expiring: this is the end
    return;
  }
  ++renewals_;
  heldExpiry_ = tracker_->expiry();
  out.push_back(RenewCommand{heldExpiry_->reason});
}

Commands WidgetSession::finish(Commands out, Millis now) {
  holdExpiryForRenewal(out);
  if (tracker_->state() == Phase1State::Submitted) relay_.start(now);

  std::optional<Millis> wake = tracker_->wakeAt();
  if (const auto relayWake = relay_.wakeAt()) wake = wake ? std::min(*wake, *relayWake) : relayWake;
  if (wake != armedAt_) {
    if (wake)
      out.push_back(WakeCommand{*wake});
    else
      out.push_back(CancelWakeCommand{});
    armedAt_ = wake;
  }

  // While the page renews, the widget shows "loading" rather than a dead end.
  ViewInputs inputs = heldExpiry_ ? ViewInputs{} : tracker_->viewInputs();
  inputs.canRestart = config_.renewal && !restartPending_ && renewals_ < kMaxRenewals;
  inputs.decision = relay_.phase();
  inputs.showWallet = walletProtocol().has_value();
  inputs.walletBusy = wallet_.busy();
  if (!inputs.detailKey && inputs.state == Phase1State::AwaitingScan)
    inputs.detailKey = wallet_.detailKey();
  ViewModel next = buildView(inputs);
  const bool firstRender = view_.messageKey.empty();
  if (firstRender || !(next == view_)) {
    view_ = std::move(next);
    out.push_back(RenderCommand{view_});
  }
  return out;
}

}  // namespace idv
