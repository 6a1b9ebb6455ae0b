#pragma once
// The Phase 1 tracker: a sans-I/O state machine that follows one tracking reference until the
// customer has submitted (or the session ends). It knows nothing of Phase 2.
//
// It never performs I/O and never reads a clock. WidgetSession (session/widget_session.hpp)
// feeds it events — each with the current time — and it writes what it wants done to `out`:
// fetch this URL, fire onSuccess. When it wants to be woken it says so through wakeAt(); the
// session owns the one timer and the view. That is what makes every timing rule testable
// without a browser (the h11 / quinn-proto pattern).
//
// Guarantees:
//   * at most one request in flight; responses to anything else are ignored;
//   * responses are ordered by `version`: stale or duplicated ones never move the state back
//     and never repeat a callback, so DataEntrySubmittedEvent (onSuccess) fires at most once;
//   * once terminal, nothing is fetched or scheduled again;
//   * the state is a fixed set of fields: polling for hours allocates nothing that grows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "qr/qr_code.hpp"
#include "tracking/commands.hpp"
#include "tracking/http_response.hpp"
#include "tracking/poll_scheduler.hpp"
#include "tracking/tracking_response.hpp"
#include "url/portal_url_policy.hpp"

namespace idv {

struct TrackerConfig {
  std::string trackingReference;
  std::string apiBase;       // "https://verify.example.com" (a path prefix is allowed)
  std::string portalOrigin;  // empty: apiBase's origin
  PollPolicy poll;
  bool longPoll = true;  // use ?waitSeconds= when the server advertises it
  // Send If-None-Match. A cross-origin page should not: the header makes every poll a
  // non-simple CORS request, and browsers then send a preflight OPTIONS before each GET
  // (measured in bench/: Chromium did not reuse it despite Access-Control-Max-Age), which
  // costs far more than the few hundred bytes a 304 saves.
  bool conditionalRequests = true;
  QrEcc ecc = QrEcc::Medium;
  std::uint64_t randomSeed = 0;  // for poll jitter; the host passes real randomness
  // false: an expiry is only recorded (expiry()), for the session to decide what it means —
  // with the page's renewReference it is not the end (session/widget_session.hpp).
  bool reportExpiry = true;
};

// A reference is the capability in the tracking URL, so it must be URL-path safe.
bool isValidTrackingReference(std::string_view ref);

class Tracker {
 public:
  Tracker(TrackerConfig config, RequestIds& ids);

  void start(CommandSink& out, Millis now);
  // The widget cannot run as configured (a problem found outside Phase 1's own options).
  void refuseConfig(CommandSink& out, std::string_view detail);
  bool owns(RequestId id) const { return inFlight_ && *inFlight_ == id; }
  void onResponse(CommandSink& out, Millis now, RequestId id, const HttpResponse& response);
  void onFailure(CommandSink& out, Millis now, RequestId id, FailureKind kind);
  void onTimer(CommandSink& out, Millis now);  // wakeAt() is due
  void onVisibility(CommandSink& out, Millis now, bool visible);
  void onConnectivity(CommandSink& out, Millis now, bool online);
  void refresh(CommandSink& out, Millis now);  // "check now", and the retry button after an error
  // A new session replaces this one: the request in flight, if any, is the caller's to abort.
  std::optional<RequestId> abandon() { return std::exchange(inFlight_, std::nullopt); }

  Phase1State state() const { return state_; }
  std::optional<Millis> wakeAt() const { return wakeAt_; }
  const std::optional<ExpiredEvent>& expiry() const { return expiry_; }
  ViewInputs viewInputs() const;
  std::int64_t lastVersion() const { return lastVersion_; }
  // What the service offers for this session: wallet protocols (docs/wallet.md), and the URL
  // of one of its per-session endpoints ("" before start() accepted the configuration).
  const std::string& walletProtocols() const { return walletProtocols_; }
  std::string sessionUrl(std::string_view collection, std::string_view leaf) const {
    return apiRoot_.empty() ? std::string()
                            : apiRoot_ + "/v1/" + std::string(collection) + "/" +
                                  config_.trackingReference + "/" + std::string(leaf);
  }

  // After this many 404s in a row the reference is taken to be unknown (fatal).
  static constexpr int kNotFoundLimit = 3;
  // The service, not the browser's clock, decides expiry; past expiresAt plus this grace the
  // widget stops polling on its own, in case the service never says EXPIRED.
  static constexpr Millis kExpiryGrace = kMinute;
  // A long-poll that comes back sooner than this without news is not trusted to hold:
  // the next request waits the normal interval (no hot loop against a misbehaving server).
  static constexpr Millis kMinLongPollHold = kSecond;

 private:
  void sendRequest(CommandSink& out, Millis now);
  void scheduleAt(Millis at);
  void scheduleAfterSuccess(CommandSink& out, Millis now, bool versionChanged);
  void applySnapshot(CommandSink& out, Millis now, const TrackingSnapshot& snap);
  void acceptPortalUrl(CommandSink& out, const std::string& url);
  static std::optional<std::string> acceptCode(CommandSink& out,
                                               const std::optional<std::string>& code,
                                               const char* field, bool (*valid)(std::string_view));
  void transition(CommandSink& out, Phase1State to, std::string_view rawStatus);
  void expire(CommandSink& out, const char* reason);
  void stop(CommandSink& out);
  void failTransient(CommandSink& out, Millis now, ErrorCode code, int httpStatus,
                     std::string_view detail, std::optional<Millis> retryAfter = std::nullopt);
  void failFatal(CommandSink& out, ErrorCode code, int httpStatus, std::string_view detail,
                 bool retryable);
  void recovered(CommandSink& out);
  std::optional<Millis> deadline() const;
  bool canPoll() const { return !isTerminal(state_) && online_ && !inFlight_; }
  void pollSoon(CommandSink& out, Millis now);

  TrackerConfig config_;
  RequestIds& ids_;
  PollScheduler scheduler_;
  std::optional<PortalUrlPolicy> portalPolicy_;
  std::string apiRoot_;          // apiBase's origin and path, without a trailing slash
  std::string trackingUrl_;      // apiRoot_ + "/v1/tracking/" + reference
  std::string walletProtocols_;  // from the latest snapshot; "" when not offered

  Phase1State state_ = Phase1State::Loading;
  std::int64_t lastVersion_ = -1;
  std::string etag_;
  std::optional<Millis> expiresAt_;
  std::optional<ExpiredEvent> expiry_;  // once expired: why
  Millis longPollMaxWait_ = 0;          // what the server offers; 0 = no long-poll

  std::optional<std::string> portalUrl_;    // approved by the policy
  std::optional<std::string> rejectedUrl_;  // last refused, so it is reported once
  std::optional<QrView> qr_;                // for portalUrl_
  std::optional<std::string> shortCode_;    // the hand-off codes, valid ones only
  std::optional<std::string> matchCode_;
  std::string shortCodeAddress_;  // "{portal origin}/code": from the configuration, not the network

  std::optional<RequestId> inFlight_;
  Millis inFlightSince_ = 0;
  bool inFlightLongPoll_ = false;
  std::optional<Millis> wakeAt_;
  Millis lastRequestAt_ = 0;
  // The floor a transient failure set (Retry-After, or the backoff): no trigger — timer, tab
  // visible again, back online, refresh() — sends a request before it. 0 after a success.
  Millis notBefore_ = 0;

  bool visible_ = true;
  bool online_ = true;
  int notFoundStreak_ = 0;
  std::optional<ErrorCode> activeError_;  // the transient problem currently shown
  bool retryable_ = false;
  std::optional<std::string> detailKey_;
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace idv
