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

void WidgetSession::start(CommandSink& out, Millis now) {
  if (!relay_.urlAcceptable())
    tracker_->refuseConfig(out, "decision.url must be an absolute https URL (http on loopback)");
  else
    tracker_->start(out, now);
  finish(out, now);
}

void WidgetSession::onResponse(CommandSink& out, Millis now, RequestId id,
                               const HttpResponse& response) {
  if (tracker_->owns(id))
    tracker_->onResponse(out, now, id, response);
  else if (relay_.owns(id))
    relay_.onResponse(out, now, id, response);
  else
    return;  // aborted or superseded: nothing changes
  finish(out, now);
}

void WidgetSession::onFailure(CommandSink& out, Millis now, RequestId id, FailureKind kind) {
  if (tracker_->owns(id))
    tracker_->onFailure(out, now, id, kind);
  else if (relay_.owns(id))
    relay_.onFailure(now, id);
  else
    return;
  finish(out, now);
}

void WidgetSession::onTimer(CommandSink& out, Millis now) {
  armedAt_.reset();  // the host's timer has fired; finish() arms it again if anyone still waits
  relay_.onTimer(out, now);
  tracker_->onTimer(out, now);
  finish(out, now);
}

void WidgetSession::onVisibility(CommandSink& out, Millis now, bool visible) {
  visible_ = visible;
  relay_.onVisibility(out, now, visible);
  tracker_->onVisibility(out, now, visible);
  finish(out, now);
}

void WidgetSession::onConnectivity(CommandSink& out, Millis now, bool online) {
  online_ = online;
  tracker_->onConnectivity(out, now, online);
  finish(out, now);
}

void WidgetSession::refresh(CommandSink& out, Millis now) {
  tracker_->refresh(out, now);
  finish(out, now);
}

void WidgetSession::restart(CommandSink& out, Millis now) {
  if (tracker_->state() != Phase1State::CustomerActive || !config_.renewal || heldExpiry_ ||
      restartPending_ || renewals_ >= kMaxRenewals)
    return;
  restartPending_ = true;
  ++renewals_;
  out.renew(RenewCommand{"restart"});
  finish(out, now);
}

void WidgetSession::onRenewed(CommandSink& out, Millis now,
                              std::optional<std::string_view> newReference,
                              std::string_view failure) {
  if (!heldExpiry_ && !restartPending_) return;  // nothing asked (or already answered)
  const bool valid = newReference && isValidTrackingReference(*newReference);
  const std::string why = newReference      ? "renewReference returned an invalid reference"
                          : failure.empty() ? "failed"
                                            : std::string(failure);
  if (restartPending_ && !valid) {  // the current session goes on as it was
    restartPending_ = false;
    out.error(ErrorEvent{ErrorCode::RestartFailed, false, 0, why});
  } else if (valid && tracker_->state() == Phase1State::Submitted) {
    // "Start again" came too late: the customer on the phone finished meanwhile.
    restartPending_ = false;
    out.event(DiagnosticEvent{"restart_ignored", "submitted"});
  } else if (valid) {
    heldExpiry_.reset();
    restartPending_ = false;
    if (const auto id = tracker_->abandon()) out.abort(*id);
    config_.tracker.trackingReference = std::string(*newReference);
    tracker_.emplace(config_.tracker, ids_);
    expiryHandled_ = false;
    relay_.retarget(config_.tracker.trackingReference);
    wallet_.reset();
    out.event(DiagnosticEvent{"renewed", config_.tracker.trackingReference});
    tracker_->start(out, now);
    if (!visible_) tracker_->onVisibility(out, now, false);
    if (!online_) tracker_->onConnectivity(out, now, false);
  } else {
    ExpiredEvent expiry = std::move(*heldExpiry_);
    heldExpiry_.reset();
    renewals_ = kMaxRenewals;  // the page could not renew: this expiry is final
    expiry.renewalFailure = why;
    out.expired(expiry);
  }
  finish(out, now);
}

// The wallet is a way to *submit* while the QR waits; once anyone is on the portal, or the
// session ended, it is no longer offered.
std::optional<std::string_view> WidgetSession::walletProtocol() const {
  if (heldExpiry_ || tracker_->state() != Phase1State::AwaitingScan) return std::nullopt;
  return wallet_.protocolFor(tracker_->walletProtocols());
}

void WidgetSession::useWallet(CommandSink& out, Millis now) {
  const auto protocol = walletProtocol();
  if (!protocol) return;
  wallet_.start(out, WalletCommand{*protocol, tracker_->sessionUrl("wallet", "request"),
                                   tracker_->sessionUrl("wallet", "response")});
  finish(out, now);
}

void WidgetSession::onWalletReport(CommandSink& out, Millis now, const WalletReport& report) {
  // Accepted (or the session closed meanwhile): the status says what happened, at once.
  if (wallet_.onReport(out, report)) tracker_->refresh(out, now);
  finish(out, now);
}

void WidgetSession::holdExpiryForRenewal(CommandSink& out) {
  if (!config_.renewal || expiryHandled_ || !tracker_->expiry()) return;
  expiryHandled_ = true;
  if (restartPending_) {  // the page is already asked for a new reference: it serves both
    restartPending_ = false;
    heldExpiry_ = tracker_->expiry();
    return;
  }
  if (renewals_ >= kMaxRenewals) {
    out.expired(*tracker_->expiry());  // the page's renewals keep expiring: this is the end
    return;
  }
  ++renewals_;
  heldExpiry_ = tracker_->expiry();
  out.renew(RenewCommand{heldExpiry_->reason});
}

void WidgetSession::finish(CommandSink& out, Millis now) {
  holdExpiryForRenewal(out);
  if (tracker_->state() == Phase1State::Submitted) relay_.start(now);

  std::optional<Millis> wake = tracker_->wakeAt();
  if (const auto relayWake = relay_.wakeAt()) wake = wake ? std::min(*wake, *relayWake) : relayWake;
  if (wake != armedAt_) {
    if (wake)
      out.wake(*wake);
    else
      out.cancelWake();
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
    out.render(view_);
  }
}

}  // namespace idv
