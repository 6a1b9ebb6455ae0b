#include "tracking/tracking_status.hpp"

namespace idv {

TrackingStatus trackingStatusFromString(std::string_view s) {
  if (s == "PENDING") return TrackingStatus::Pending;
  if (s == "IN_PROGRESS") return TrackingStatus::InProgress;
  if (s == "COMPLETED") return TrackingStatus::Completed;
  if (s == "EXPIRED") return TrackingStatus::Expired;
  if (s == "CANCELLED") return TrackingStatus::Cancelled;
  if (s == "FAILED") return TrackingStatus::Failed;
  return TrackingStatus::Unknown;
}

std::string_view toString(TrackingStatus s) {
  switch (s) {
    case TrackingStatus::Pending: return "PENDING";
    case TrackingStatus::InProgress: return "IN_PROGRESS";
    case TrackingStatus::Completed: return "COMPLETED";
    case TrackingStatus::Expired: return "EXPIRED";
    case TrackingStatus::Cancelled: return "CANCELLED";
    case TrackingStatus::Failed: return "FAILED";
    case TrackingStatus::Unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

bool isTerminal(TrackingStatus s) {
  return s == TrackingStatus::Completed || s == TrackingStatus::Expired ||
         s == TrackingStatus::Cancelled || s == TrackingStatus::Failed;
}

}  // namespace idv
