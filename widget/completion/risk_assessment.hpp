#pragma once
// The RISK_ASSESSMENT_UPDATED webhook event (DESIGN.md contract 2): the end of Phase 2 and
// the only signal that a verification decision exists.
//
//   {"type":"RISK_ASSESSMENT_UPDATED","timestamp":"2026-11-22T09:33:12Z",
//    "data":{"trackingReference":"…","referenceData":"order-1042","assessmentStatus":"COMPLETED",
//            "riskLevel":"LOW","customerName":"…","final":true}}
//
// The parser never throws: receivers feed it untrusted bytes.
#include <string>
#include <string_view>

namespace idv::completion {

inline constexpr std::string_view kRiskAssessmentUpdated = "RISK_ASSESSMENT_UPDATED";

struct RiskAssessmentUpdated {
  std::string timestamp;          // RFC 3339 UTC, when the assessment changed
  std::string trackingReference;  // the Phase 1 reference it belongs to
  std::string referenceData;      // the merchant's own reference from the invite (may be empty)
  std::string assessmentStatus;   // e.g. COMPLETED, IN_REVIEW; unknown values are kept as-is
  std::string riskLevel;          // e.g. LOW, MEDIUM, HIGH; unknown values are kept as-is
  std::string customerName;       // may be empty
  bool final = true;              // false: an automatic verdict a manual review may still change

  bool operator==(const RiskAssessmentUpdated&) const = default;
};

// The webhook body, compact JSON with keys in a stable order.
std::string toJson(const RiskAssessmentUpdated& event);

enum class EventParseError {
  None,
  MalformedJson,   // not JSON at all
  NotAnObject,     // JSON, but not an object (or "data" is not an object)
  WrongType,       // "type" is missing or another event type
  MissingField,    // a required field is absent
  WrongFieldType,  // a field has the wrong JSON type
  TooLarge         // over kMaxWebhookBodyBytes or nested deeper than kMaxJsonDepth
};
std::string_view toString(EventParseError e);

struct RiskAssessmentParse {
  EventParseError error = EventParseError::None;
  std::string field;  // the offending field, for error messages and logs
  RiskAssessmentUpdated event;
  bool ok() const { return error == EventParseError::None; }
};

// Bounded: bodies over kMaxWebhookBodyBytes (parse_issue.hpp) are TooLarge, unread.
// Required: type, data.trackingReference, data.assessmentStatus, data.riskLevel.
// Optional: timestamp, data.referenceData, data.customerName (strings or null), data.final
// (boolean, default true). Unknown fields are ignored so the sender can grow the event.
RiskAssessmentParse parseRiskAssessment(std::string_view body);

}  // namespace idv::completion
