#pragma once
// A fake host for a WidgetSession (Tracker + DecisionRelay): it plays the JS runtime's part (one
// fetch slot, one timer, callbacks recorded) on a fake clock, so tests read like a story of what a
// browser would see.
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recorded_commands.hpp"
#include "session/widget_session.hpp"

namespace idv::test {

// A WidgetSession whose events return the commands they produced, as the bridge returns its
// JSON: what a test inspects, and what FakeHost carries out.
class RecordedSession {
 public:
  explicit RecordedSession(WidgetConfig config) : session_(std::move(config)) {}

  Commands start(Millis now) { return record(&WidgetSession::start, now); }
  Commands onResponse(Millis now, RequestId id, const HttpResponse& response) {
    return record(&WidgetSession::onResponse, now, id, response);
  }
  Commands onFailure(Millis now, RequestId id, FailureKind kind) {
    return record(&WidgetSession::onFailure, now, id, kind);
  }
  Commands onTimer(Millis now) { return record(&WidgetSession::onTimer, now); }
  Commands onVisibility(Millis now, bool visible) {
    return record(&WidgetSession::onVisibility, now, visible);
  }
  Commands onConnectivity(Millis now, bool online) {
    return record(&WidgetSession::onConnectivity, now, online);
  }
  Commands refresh(Millis now) { return record(&WidgetSession::refresh, now); }
  Commands restart(Millis now) { return record(&WidgetSession::restart, now); }
  Commands onRenewed(Millis now, std::optional<std::string_view> newReference,
                     std::string_view failure) {
    return record(&WidgetSession::onRenewed, now, newReference, failure);
  }
  Commands useWallet(Millis now) { return record(&WidgetSession::useWallet, now); }
  Commands onWalletReport(Millis now, const WalletReport& report) {
    return record(&WidgetSession::onWalletReport, now, report);
  }

  Phase1State state() const { return session_.state(); }
  DecisionPhase decisionPhase() const { return session_.decisionPhase(); }
  const ViewModel& view() const { return session_.view(); }
  std::int64_t lastVersion() const { return session_.lastVersion(); }

 private:
  template <typename... Params, typename... Args>
  Commands record(void (WidgetSession::*event)(CommandSink&, Params...), Args&&... args) {
    CommandRecorder out;
    (session_.*event)(out, std::forward<Args>(args)...);
    return std::move(out.commands);
  }

  WidgetSession session_;
};

inline constexpr const char* kRef = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
inline constexpr const char* kApi = "https://verify.example.com";
inline constexpr Millis kT0 = 1'795'000'000'000;  // 2026-11-18

inline std::string portalUrlFor(const std::string& ref = kRef) {
  return std::string(kApi) + "/p/" + ref;
}

// A well-formed tracking body; pieces can be overridden.
inline std::string trackingBody(const std::string& status, long long version,
                                const std::string& portal = portalUrlFor(),
                                const std::string& extra = "", const std::string& ref = kRef) {
  return R"({"trackingReference":")" + ref + R"(","status":")" + status + R"(","version":)" +
         std::to_string(version) + R"(,"portalUrl":")" + portal +
         R"(","expiresAt":"2026-11-19T10:00:00Z","updatedAt":"2026-11-18T09:31:07Z")" + extra + "}";
}

inline WidgetConfig defaultConfig() {
  WidgetConfig c;
  c.tracker.trackingReference = kRef;
  c.tracker.apiBase = kApi;
  c.tracker.randomSeed = 42;
  return c;
}

class FakeHost {
 public:
  explicit FakeHost(WidgetConfig config = defaultConfig(), Millis start = kT0)
      : session(std::move(config)), now(start) {}

  RecordedSession session;
  Millis now;

  std::optional<FetchCommand> inFlight;
  std::optional<Millis> wakeAt;
  std::vector<FetchCommand> fetches;
  std::vector<Millis> fetchTimes;
  std::vector<StatusChangedEvent> statusChanges;
  std::vector<DataEntrySubmittedEvent> successes;
  std::vector<ExpiredEvent> expirations;
  std::vector<ErrorEvent> errors;
  std::vector<DiagnosticEvent> diagnostics;
  std::vector<DecisionRelayedEvent> decisions;
  std::vector<RenewCommand> renewals;
  std::vector<WalletCommand> walletExchanges;
  std::vector<RequestId> aborts;
  std::vector<ViewModel> renders;

  void apply(const Commands& commands) {
    for (const auto& command : commands) std::visit([this](const auto& c) { handle(c); }, command);
  }

  void start() { apply(session.start(now)); }

  // Answer the request in flight.
  void respond(int status, const std::string& body, std::optional<std::string> retryAfter = {},
               std::optional<std::string> etag = {}) {
    ASSERT_TRUE(inFlight.has_value()) << "no request in flight";
    const RequestId id = inFlight->requestId;
    inFlight.reset();
    HttpResponse r;
    r.status = status;
    r.body = body;
    if (retryAfter) r.retryAfter = *retryAfter;
    if (etag) r.etag = *etag;
    apply(session.onResponse(now, id, r));
  }
  void respondOk(const std::string& status, long long version) {
    respond(200, trackingBody(status, version));
  }
  void fail(FailureKind kind) {
    ASSERT_TRUE(inFlight.has_value());
    const RequestId id = inFlight->requestId;
    inFlight.reset();
    apply(session.onFailure(now, id, kind));
  }

  // Let time pass; fires the timer whenever it is due.
  void advance(Millis duration) {
    const Millis end = now + duration;
    while (wakeAt && *wakeAt <= end) {
      now = std::max(now, *wakeAt);
      wakeAt.reset();
      apply(session.onTimer(now));
    }
    now = end;
  }
  // Run the clock until the next request goes out; returns how long that took. A request
  // must go out: otherwise "took 0 ms" would satisfy every EXPECT_LE on the gap, so the
  // test fails here instead. For "maybe nothing is fetched any more", use runTimers.
  Millis untilNextFetch(Millis limit = 24 * 3600 * kSecond) {
    const Millis took = runTimers(limit);
    EXPECT_TRUE(inFlight.has_value())
        << "no request went out (no timer armed, or none within " << limit << " ms)";
    return took;
  }
  // Fires due timers until a request is in flight, no timer is armed or `limit` would pass;
  // returns the time that passed.
  Millis runTimers(Millis limit = 24 * 3600 * kSecond) {
    const Millis began = now;
    while (!inFlight && wakeAt && *wakeAt - began <= limit) advance(*wakeAt - now);
    return now - began;
  }

  void setVisible(bool v) { apply(session.onVisibility(now, v)); }
  void setOnline(bool v) { apply(session.onConnectivity(now, v)); }
  void refresh() { apply(session.refresh(now)); }
  void renewed(std::optional<std::string> ref, const std::string& failure = "") {
    apply(session.onRenewed(now, ref ? std::optional<std::string_view>(*ref) : std::nullopt,
                            failure));
  }

  void useWallet() { apply(session.useWallet(now)); }
  void walletReport(WalletStage stage, int httpStatus, const std::string& code = "") {
    apply(session.onWalletReport(now, WalletReport{stage, httpStatus, code}));
  }

  const ViewModel& view() const { return session.view(); }

 private:
  void handle(const FetchCommand& c) {
    EXPECT_FALSE(inFlight.has_value()) << "two requests in flight";
    inFlight = c;
    fetches.push_back(c);
    fetchTimes.push_back(now);
  }
  void handle(const AbortCommand& c) {
    aborts.push_back(c.requestId);
    if (inFlight && inFlight->requestId == c.requestId) inFlight.reset();
  }
  void handle(const WakeCommand& c) { wakeAt = c.atMs; }
  void handle(const CancelWakeCommand&) { wakeAt.reset(); }
  void handle(const RenderCommand& c) { renders.push_back(c.view); }
  void handle(const StatusChangedEvent& e) { statusChanges.push_back(e); }
  void handle(const DataEntrySubmittedEvent& e) { successes.push_back(e); }
  void handle(const ExpiredEvent& e) { expirations.push_back(e); }
  void handle(const ErrorEvent& e) { errors.push_back(e); }
  void handle(const DiagnosticEvent& e) { diagnostics.push_back(e); }
  void handle(const DecisionRelayedEvent& e) { decisions.push_back(e); }
  void handle(const RenewCommand& c) { renewals.push_back(c); }
  void handle(const WalletCommand& c) { walletExchanges.push_back(c); }
};

}  // namespace idv::test
