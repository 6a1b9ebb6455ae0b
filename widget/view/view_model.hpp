#pragma once
// What the widget shows, as data. The JS side renders exactly this — it makes no decisions —
// so every wording rule is tested here, natively, and localised there via message keys.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "relay/decision_phase.hpp"
#include "tracking/phase1_state.hpp"

namespace idv {

struct QrView {
  int size = 0;  // modules per side, quiet zone included (the SVG viewBox)
  int quietZone = 0;
  std::string path;  // SVG path data of the dark modules
  friend bool operator==(const QrView&, const QrView&) = default;
};

struct ViewModel {
  Phase1State state = Phase1State::Loading;
  std::string messageKey;                                   // e.g. "status.awaitingScan"
  std::optional<std::string> detailKey;                     // e.g. "detail.retrying"
  std::vector<std::pair<std::string, std::string>> params;  // {placeholder} values
  bool busy = true;
  bool terminal = false;
  std::optional<QrView> qr;              // only with a policy-approved portal URL
  std::optional<std::string> portalUrl;  // the verify-on-this-device link, same rule
  // The link written out under the QR ("Can't scan? Open …"): the QR's text alternative, so
  // only beside a QR. Without one (too long to encode) the verify button alone carries the URL.
  bool showLink = false;
  bool showRetry = false;
  // "Not you? Start again": someone is on the portal, and the page can renew the session.
  bool showRestart = false;
  // The hand-off codes (tracking/handoff_codes.hpp): the short code, display form "K7QM-3XPA",
  // and where to type it, only beside the QR; the match code also while the customer is on
  // the portal, since that is when they compare it with their phone.
  std::optional<std::string> shortCode;
  std::optional<std::string> shortCodeAddress;
  std::optional<std::string> matchCode;
  // "Use your digital ID": offered while the QR waits, disabled while an exchange runs.
  bool showWallet = false;
  bool walletBusy = false;
  DecisionPhase decision = DecisionPhase::Off;  // the optional Phase 2 relay
  friend bool operator==(const ViewModel&, const ViewModel&) = default;
};

// What the tracker knows that affects the picture; buildView turns it into a ViewModel.
struct ViewInputs {
  Phase1State state = Phase1State::Loading;
  const std::string* approvedPortalUrl = nullptr;  // null: none approved
  const QrView* qr = nullptr;
  std::optional<std::string> detailKey;
  std::vector<std::pair<std::string, std::string>> params;
  bool retryable = false;
  DecisionPhase decision = DecisionPhase::Off;
  bool canRestart = false;  // the page has renewReference (and no renewal is under way)
  const std::string* shortCode = nullptr;  // valid codes only; null: none
  const std::string* shortCodeAddress = nullptr;
  const std::string* matchCode = nullptr;
  bool showWallet = false;
  bool walletBusy = false;
};

ViewModel buildView(const ViewInputs& in);

}  // namespace idv
