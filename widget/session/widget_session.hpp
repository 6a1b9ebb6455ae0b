#pragma once
// One mounted widget, as the host sees it: Phase 1's Tracker and Phase 2's optional
// DecisionRelay side by side, with the one timer, the one request-id counter and the view
// they share. Neither knows the other; the session starts the relay once the tracker reports
// the customer's submission.
//
// Sans-I/O: every event comes with the current time and returns Commands (docs/bridge.md).
// The host keeps one timer: a WakeCommand (re)arms it, CancelWakeCommand clears it, and when
// it fires the host calls onTimer — early or late, the session sorts it out.
//
// Renewal: when the page can renew (WidgetConfig::renewal) and the session expires before the
// customer submitted, the session sends a RenewCommand instead of the expiry, shows "loading",
// and on onRenewed starts a fresh tracker for the new reference — the same widget, a new QR.
// onExpired fires only when renewal is absent, fails, or was already tried kMaxRenewals times.
#include <optional>

#include "relay/decision_relay.hpp"
#include "session/widget_config.hpp"
#include "tracking/tracker.hpp"
#include "wallet/wallet_path.hpp"

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
  // "Not you? Start again" while someone is on the portal (view.showRestart): a new session
  // through the page's renewReference, the current one followed until it arrives.
  Commands restart(Millis now);
  // The answer to a RenewCommand: the new reference, or nullopt and why it failed.
  Commands onRenewed(Millis now, std::optional<std::string_view> newReference,
                     std::string_view failure);
  // "Use your digital ID" (view.showWallet): a WalletCommand, unless it is not offered now.
  Commands useWallet(Millis now);
  // The host ran the WalletCommand: where it stopped and what it saw.
  Commands onWalletReport(Millis now, const WalletReport& report);

  // Renewals per mounted widget: a merchant backend that keeps handing out dead references
  // must not keep the widget in a loop.
  static constexpr int kMaxRenewals = 3;

  Phase1State state() const { return tracker_->state(); }
  DecisionPhase decisionPhase() const { return relay_.phase(); }
  const ViewModel& view() const { return view_; }
  std::int64_t lastVersion() const { return tracker_->lastVersion(); }

 private:
  // After every event: Phase 2 starts once Phase 1 is submitted, the timer is armed for the
  // earlier of the two wishes, and the view is rendered if it changed.
  Commands finish(Commands out, Millis now);
  // With renewal, an expiry becomes a RenewCommand (or, past kMaxRenewals, the ExpiredEvent).
  void holdExpiryForRenewal(Commands& out);
  std::optional<std::string> walletProtocol() const;  // the button's protocol, when offered

  WidgetConfig config_;
  RequestIds ids_;
  std::optional<Tracker> tracker_;  // replaced by a fresh one on renewal
  DecisionRelay relay_;
  WalletPath wallet_;
  bool visible_ = true;  // replayed into a renewed tracker
  bool online_ = true;
  std::optional<ExpiredEvent> heldExpiry_;  // while the page renews
  bool expiryHandled_ = false;
  bool restartPending_ = false;  // a RenewCommand{"restart"} is out              // this tracker's
                                 // expiry: renewal asked or reported
  int renewals_ = 0;
  std::optional<Millis> armedAt_;  // what the host's timer is set to
  ViewModel view_;
};

}  // namespace idv
