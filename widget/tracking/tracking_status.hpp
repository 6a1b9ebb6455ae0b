#pragma once
// The `status` field of the tracking endpoint (DESIGN.md, contract 1).
//
// These statuses describe Phase 1 only — the customer's data entry in the portal. COMPLETED
// means "the customer finished entering data", never "the identity was verified": that
// decision exists only in Phase 2's signed webhook (see widget/completion/).
#include <string_view>

namespace idv {

enum class TrackingStatus {
  Pending,     // reference created, portal not opened yet
  InProgress,  // the customer opened the portal
  Completed,   // data entry finished: Phase 1 done, NOT a verification result
  Expired,
  Cancelled,
  Failed,   // e.g. too many failed attempts, session terminated for suspected fraud
  Unknown,  // a value this version does not know: tolerated, reported, non-terminal
};

TrackingStatus trackingStatusFromString(std::string_view s);
std::string_view toString(TrackingStatus s);
bool isTerminal(TrackingStatus s);

}  // namespace idv
