#pragma once
// What the widget session asks its host (the JS runtime, or a test) to do. The host carries these
// out in order and reports back through WidgetSession's event methods. See docs/bridge.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "time/millis.hpp"
#include "tracking/phase1_state.hpp"
#include "view/view_model.hpp"

namespace idv {

using RequestId = std::int32_t;

// One counter per widget, shared by the tracker and the decision relay: ids are unique across
// both, so a response reported by the host finds its one owner. Wraps to 1, never 0.
class RequestIds {
 public:
  RequestId take() {
    const RequestId id = next_;
    next_ = next_ == INT32_MAX ? 1 : next_ + 1;
    return id;
  }

 private:
  RequestId next_ = 1;
};

// Machine-readable reasons for onError. Transient ones keep the widget polling.
enum class ErrorCode {
  InvalidConfig,      // apiBase/portalOrigin unusable (fatal)
  InvalidReference,   // the tracking reference is malformed (fatal, no request made)
  NotFound,           // 404 several times in a row (fatal, retryable by refresh)
  Gone,               // 410 (fatal)
  Forbidden,          // 401/403 (fatal)
  HttpError,          // another 4xx (fatal)
  RateLimited,        // 429 (transient)
  ServerError,        // 5xx (transient)
  NetworkError,       // fetch rejected (transient)
  Timeout,            // no answer in time (transient)
  BadResponse,        // unparseable or inconsistent body (transient)
  PortalUrlRejected,  // portalUrl not on the portal origin: no QR, no link (transient)
  QrFailed,           // the portal URL cannot be encoded (transient)
  DecisionTimeout,    // the decision relay got no final decision in time (non-fatal)
  RestartFailed,      // "start again": the page's renewReference failed (non-fatal)
  WalletRefused,      // the service refused the wallet's presentation (non-fatal; detail: why)
  WalletFailed,       // the wallet exchange broke: network, 5xx, a wallet error (non-fatal)
};

std::string_view toString(ErrorCode c);

// The commands below go to a CommandSink (end of this file) as they happen. Their string_view
// fields point into the core's state or the event's temporaries, valid during the sink call
// only: a sink that keeps a command (a test's recorder) copies them. The ExpiredEvent is kept
// by the core itself (renewal holds it back), so it owns its strings.

struct FetchCommand {
  RequestId requestId;
  std::string url;
  std::optional<std::string> ifNoneMatch;
  Millis timeoutMs;
  // The tracking endpoint is a public capability URL: no cookies. The decision relay asks the
  // merchant's own backend, which knows its customer by session cookie.
  bool sameOriginCredentials = false;
  // The most body bytes the core will read: the host stops reading past it (and passes one
  // byte more, so the core can tell "too large" from "exactly the limit").
  std::size_t maxBodyBytes = 0;
};
struct StatusChangedEvent {
  Phase1State from;
  Phase1State to;
  std::string_view status;  // the endpoint's raw status, "" for local transitions
  std::int64_t version;
};
// Phase 1 is over: the customer finished data entry. NOT a verification result.
struct DataEntrySubmittedEvent {
  std::string_view trackingReference;
  std::int64_t version;
  std::optional<Millis> submittedAt;  // the service's updatedAt
};
struct ExpiredEvent {
  std::string
      reason;  // "status" (service said EXPIRED), "gone" (410), "deadline" (expiresAt passed)
  std::optional<Millis> expiresAt;
  std::string renewalFailure;  // set when the page's renewReference was tried and failed
};
struct ErrorEvent {
  ErrorCode code;
  bool fatal;
  int httpStatus;           // 0 when no HTTP status applies
  std::string_view detail;  // developer-facing detail (never shown to the customer)
};
// Phase 2, as relayed from the MERCHANT's backend (which verified the signed webhook).
// Only produced by DecisionRelay, only after DataEntrySubmittedEvent, at most once.
struct DecisionRelayedEvent {
  std::string_view trackingReference;
  std::string_view outcome;    // as the merchant's backend reports it, e.g. "approved"
  std::string_view riskLevel;  // e.g. "LOW", or "unknown"
  std::optional<Millis> decidedAt;
};
struct DiagnosticEvent {  // onEvent: things a developer may want to log
  std::string_view kind;  // "unknown_status", "stale_response", "recovered", …
  std::string_view value;
};

// The session expired before data entry and the page can renew it: call the merchant's
// renewReference() and report the new tracking reference (or the failure) through
// WidgetSession::onRenewed. onExpired is held back until then, and fires only if it fails.
struct RenewCommand {
  // As in ExpiredEvent, or "restart" (the customer's "Not you? Start again").
  std::string_view reason;
};

// "Use your digital ID" was pressed (wallet/wallet_path.hpp): POST {"protocol"} to requestUrl,
// pass its {protocol, data} to navigator.credentials.get({digital: {requests: [...]}}) and POST
// the credential's {protocol, data} to responseUrl; report where it stopped through
// WidgetSession::onWalletReport. No credentials (cookies) on either request.
struct WalletCommand {
  std::string_view protocol;
  std::string_view requestUrl;
  std::string_view responseUrl;
};

// Where the core puts its commands, one call per command, in the order the host must carry them
// out (the method names are the JSON `type`s of docs/bridge.md). The bridge writes each one
// straight into the JSON it returns (session/command_json.hpp); the native tests record them
// (tests/native/recorded_commands.hpp). A sink rather than a vector of std::variant: the variant's
// construction, moves and visitation were instantiated in every function that produced a command
// and cost the module ~1.4 KB of gzip (the views above another ~0.1 KB).
class CommandSink {
 public:
  virtual void fetch(const FetchCommand& c) = 0;
  virtual void abort(RequestId requestId) = 0;
  virtual void wake(Millis atMs) = 0;  // (re)arm the host's single timer
  virtual void cancelWake() = 0;
  virtual void render(const ViewModel& view) = 0;
  virtual void statusChange(const StatusChangedEvent& e) = 0;
  virtual void success(const DataEntrySubmittedEvent& e) = 0;
  virtual void expired(const ExpiredEvent& e) = 0;
  virtual void error(const ErrorEvent& e) = 0;
  virtual void decision(const DecisionRelayedEvent& e) = 0;
  virtual void renew(const RenewCommand& c) = 0;
  virtual void wallet(const WalletCommand& c) = 0;
  virtual void event(const DiagnosticEvent& e) = 0;

 protected:
  ~CommandSink() = default;
};

}  // namespace idv
