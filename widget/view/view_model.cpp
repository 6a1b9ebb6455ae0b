#include "view/view_model.hpp"

#include "tracking/handoff_codes.hpp"

namespace idv {

ViewModel buildView(const ViewInputs& in) {
  ViewModel v;
  v.state = in.state;
  v.messageKey = "status." + std::string(toString(in.state));
  v.detailKey = in.detailKey;
  v.params = in.params;
  v.busy = in.state == Phase1State::Loading;
  v.terminal = isTerminal(in.state);
  // The QR and the link only while nobody has opened the portal: once someone is on it, a QR
  // that stays scannable invites a second device — or a relayed QR's victim. It collapses to
  // "continuing on your phone", with "Not you? Start again" when the page can renew.
  const bool portalUseful = in.state == Phase1State::AwaitingScan;
  if (portalUseful && in.approvedPortalUrl) {
    v.portalUrl = *in.approvedPortalUrl;
    if (in.qr) v.qr = *in.qr;
    v.showLink = v.qr.has_value();
    if (in.shortCode && in.shortCodeAddress) {
      v.shortCode = displayShortCode(*in.shortCode);
      v.shortCodeAddress = *in.shortCodeAddress;
    }
  }
  const bool comparing = (portalUseful && v.portalUrl) || in.state == Phase1State::CustomerActive;
  if (comparing && in.matchCode) v.matchCode = *in.matchCode;
  v.showWallet = in.showWallet && in.state == Phase1State::AwaitingScan;
  v.walletBusy = v.showWallet && in.walletBusy;
  v.showRetry = in.state == Phase1State::Error && in.retryable;
  v.showRestart = in.state == Phase1State::CustomerActive && in.canRestart;
  // Phase 2 only ever shows after Phase 1 ended with a submission, and only as the merchant's
  // backend relays it: "checking" while waiting, "decided" once it has been told.
  v.decision = in.decision;
  if (in.state == Phase1State::Submitted) {
    if (in.decision == DecisionPhase::Checking) v.detailKey = "detail.checking";
    if (in.decision == DecisionPhase::Decided) v.messageKey = "status.decided";
  }
  return v;
}

}  // namespace idv
