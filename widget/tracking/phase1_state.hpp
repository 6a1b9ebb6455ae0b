#pragma once
// Where the customer stands in Phase 1 (data entry), as the widget shows it.
//
// `Submitted` is deliberately not called "completed", "verified" or "success": it means the
// customer finished entering data and nothing has been decided. Phase 2's decision is a
// separate type in widget/completion/ and never flows through this enum.
#include <string_view>

namespace idv {

enum class Phase1State {
  Loading,         // nothing known yet
  AwaitingScan,    // PENDING: show the QR and the verify-on-this-device button
  CustomerActive,  // IN_PROGRESS: the customer is in the portal
  Submitted,       // COMPLETED: data entry finished — Phase 1 over, no decision yet
  Expired,
  Cancelled,
  Failed,  // the service ended the session (attempts exhausted, suspected fraud…)
  Error,   // the widget cannot go on (bad config, unknown reference…)
};

constexpr std::string_view toString(Phase1State s) {
  switch (s) {
    case Phase1State::Loading: return "loading";
    case Phase1State::AwaitingScan: return "awaitingScan";
    case Phase1State::CustomerActive: return "customerActive";
    case Phase1State::Submitted: return "submitted";
    case Phase1State::Expired: return "expired";
    case Phase1State::Cancelled: return "cancelled";
    case Phase1State::Failed: return "failed";
    case Phase1State::Error: return "error";
  }
  return "error";
}

constexpr bool isTerminal(Phase1State s) {
  return s == Phase1State::Submitted || s == Phase1State::Expired || s == Phase1State::Cancelled ||
         s == Phase1State::Failed || s == Phase1State::Error;
}

}  // namespace idv
