#pragma once
// One mounted widget, as the host sees it: Phase 1's Tracker and Phase 2's optional
// DecisionRelay side by side, with the one timer, the one request-id counter and the view
// they share. Neither knows the other; the session starts the relay once the tracker reports
// the customer's submission.
//
// Sans-I/O: every event comes with the current time and writes what the host must do to a
// CommandSink (tracking/commands.hpp, docs/bridge.md). An event that changes nothing (a
// response nobody waits for) writes nothing.
// The host keeps one timer: `wake` (re)arms it, `cancelWake` clears it, and when it fires the host
// calls onTimer — early or late, the session sorts it out.
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

  void start(CommandSink& out, Millis now);
  void onResponse(CommandSink& out, Millis now, RequestId id, const HttpResponse& response);
  void onFailure(CommandSink& out, Millis now, RequestId id, FailureKind kind);
  void onTimer(CommandSink& out, Millis now);
  void onVisibility(CommandSink& out, Millis now, bool visible);
  void onConnectivity(CommandSink& out, Millis now, bool online);
  void refresh(CommandSink& out, Millis now);  // "check now", and the retry button
  // "Not you? Start again" while someone is on the portal (view.showRestart): a new session
  // through the page's renewReference, the current one followed until it arrives.
  void restart(CommandSink& out, Millis now);
  // The answer to a RenewCommand: the new reference, or nullopt and why it failed.
  void onRenewed(CommandSink& out, Millis now, std::optional<std::string_view> newReference,
                 std::string_view failure);
  // "Use your digital ID" (view.showWallet): a WalletCommand, unless it is not offered now.
  void useWallet(CommandSink& out, Millis now);
  // The host ran the WalletCommand: where it stopped and what it saw.
  void onWalletReport(CommandSink& out, Millis now, const WalletReport& report);

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
  void finish(CommandSink& out, Millis now);
  // With renewal, an expiry becomes a RenewCommand (or, past kMaxRenewals, the ExpiredEvent).
  void holdExpiryForRenewal(CommandSink& out);
  std::optional<std::string_view> walletProtocol() const;  // the button's protocol, when offered

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
