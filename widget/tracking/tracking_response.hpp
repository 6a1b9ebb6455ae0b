#pragma once
// Parsing the tracking endpoint's JSON body (DESIGN.md, contract 1) into a typed snapshot.
//
// Network input is hostile until proven otherwise: every failure — too large, not JSON, wrong
// types, missing fields, absurd lengths — becomes a ParseError value. Nothing here throws
// (exceptions abort the wasm module) and nothing is guessed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "time/millis.hpp"
#include "tracking/tracking_status.hpp"

namespace idv {

inline constexpr std::size_t kMaxTrackingBodyBytes = 64 * 1024;

struct TrackingSnapshot {
  std::string trackingReference;
  TrackingStatus status = TrackingStatus::Unknown;
  std::string rawStatus;     // as sent, so an unknown value can be reported
  std::int64_t version = 0;  // grows with every change; orders responses
  std::string portalUrl;     // unchecked here: see PortalUrlPolicy
  std::optional<Millis> expiresAt;
  std::optional<Millis> updatedAt;
  Millis longPollMaxWait = 0;  // > 0 when the server offers ?waitSeconds=&sinceVersion=
  // The hand-off codes (tracking/handoff_codes.hpp), while the session is open. Optional
  // extras: absent → nullopt; present but not a short string → "" (the tracker refuses it and
  // says so) rather than failing the whole response over what is only shown beside the QR.
  std::optional<std::string> shortCode;
  std::optional<std::string> matchCode;
  // Space-separated wallet protocols the service takes for this session (docs/wallet.md).
  std::optional<std::string> walletProtocols;
};

enum class ParseErrorKind {
  TooLarge,  // over kMaxTrackingBodyBytes
  MalformedJson,
  NotAnObject,
  MissingField,
  WrongType,
  InvalidValue,  // right type, impossible value (negative version, 10 kB status, bad date…)
};

struct ParseError {
  ParseErrorKind kind;
  std::string field;  // which field, when one is to blame
};

std::string_view toString(ParseErrorKind k);

std::variant<TrackingSnapshot, ParseError> parseTrackingResponse(std::string_view body);

}  // namespace idv
