// The Phase 1 state machine: transitions, callbacks exactly once, and hostile input.
#include <gtest/gtest.h>

#include "tracker_harness.hpp"

namespace idv::test {
namespace {

TEST(Tracker, StartsLoadingAndFetchesTheTrackingUrl) {
  FakeHost host;
  host.start();
  ASSERT_EQ(host.fetches.size(), 1u);
  EXPECT_EQ(host.fetches[0].url, std::string(kApi) + "/v1/tracking/" + kRef);
  EXPECT_FALSE(host.fetches[0].ifNoneMatch.has_value());
  EXPECT_FALSE(host.fetches[0].sameOriginCredentials)
      << "the reference is the capability: no cookies";
  EXPECT_EQ(host.view().state, Phase1State::Loading);
  EXPECT_EQ(host.view().messageKey, "status.loading");
  EXPECT_TRUE(host.view().busy);
  EXPECT_FALSE(host.view().qr.has_value());
}

TEST(Tracker, WalksTheHappyPathWithOneCallbackPerTransition) {
  FakeHost host;
  host.start();
  host.respondOk("PENDING", 1);
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  ASSERT_TRUE(host.view().qr.has_value());
  EXPECT_EQ(host.view().portalUrl, portalUrlFor());

  host.untilNextFetch();
  host.respondOk("IN_PROGRESS", 2);
  EXPECT_EQ(host.view().state, Phase1State::CustomerActive);

  host.untilNextFetch();
  host.respondOk("COMPLETED", 3);
  EXPECT_EQ(host.view().state, Phase1State::Submitted);
  EXPECT_EQ(host.view().messageKey, "status.submitted");
  EXPECT_FALSE(host.view().qr.has_value()) << "no QR once data entry is over";
  EXPECT_TRUE(host.view().terminal);

  ASSERT_EQ(host.statusChanges.size(), 3u);
  EXPECT_EQ(host.statusChanges[0].to, Phase1State::AwaitingScan);
  EXPECT_EQ(host.statusChanges[1].to, Phase1State::CustomerActive);
  EXPECT_EQ(host.statusChanges[2].from, Phase1State::CustomerActive);
  EXPECT_EQ(host.statusChanges[2].to, Phase1State::Submitted);
  EXPECT_EQ(host.statusChanges[2].status, "COMPLETED");
  ASSERT_EQ(host.successes.size(), 1u);
  EXPECT_EQ(host.successes[0].trackingReference, kRef);
  EXPECT_EQ(host.successes[0].version, 3);
  ASSERT_TRUE(host.successes[0].submittedAt.has_value());

  // Terminal: no timer, no request, ever again.
  EXPECT_FALSE(host.wakeAt.has_value());
  host.advance(3600 * kSecond);
  EXPECT_EQ(host.fetches.size(), 3u);
}

TEST(Tracker, DuplicatedCompletedFiresSuccessOnce) {
  FakeHost host;
  host.start();
  host.respondOk("COMPLETED", 5);
  // The host may still deliver late duplicates (e.g. a retried request); feed them directly.
  for (int i = 0; i < 3; ++i) {
    HttpResponse r{200, trackingBody("COMPLETED", 5), {}, {}};
    host.apply(host.session.onResponse(host.now, host.fetches.back().requestId, r));
  }
  host.refresh();
  EXPECT_EQ(host.successes.size(), 1u);
  EXPECT_EQ(host.fetches.size(), 1u);
}

TEST(Tracker, StaleVersionNeverMovesBackwards) {
  FakeHost host;
  host.start();
  host.respondOk("IN_PROGRESS", 7);
  host.untilNextFetch();
  host.respondOk("PENDING", 6);  // from a lagging cache
  EXPECT_EQ(host.view().state, Phase1State::CustomerActive);
  ASSERT_FALSE(host.diagnostics.empty());
  EXPECT_EQ(host.diagnostics.back().kind, "stale_response");
  host.untilNextFetch();
  host.respondOk("IN_PROGRESS", 7);  // duplicate: no new callback
  EXPECT_EQ(host.statusChanges.size(), 1u);
  host.untilNextFetch();
  host.respondOk("COMPLETED", 8);
  host.runTimers();
  EXPECT_FALSE(host.inFlight.has_value()) << "terminal: nothing is fetched again";
  EXPECT_EQ(host.successes.size(), 1u);
}

TEST(Tracker, ResponsesToOldRequestsAreIgnored) {
  FakeHost host;
  host.start();
  const RequestId first = host.fetches[0].requestId;
  host.respondOk("PENDING", 1);
  host.untilNextFetch();
  HttpResponse late{200, trackingBody("COMPLETED", 9), {}, {}};
  EXPECT_TRUE(host.session.onResponse(host.now, first, late).empty());
  EXPECT_TRUE(host.session.onResponse(host.now, 999, late).empty());
  EXPECT_EQ(host.successes.size(), 0u);
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
}

TEST(Tracker, UnknownStatusIsToleratedAndReported) {
  FakeHost host;
  host.start();
  host.respondOk("PENDING", 1);
  host.untilNextFetch();
  host.respondOk("ON_HOLD_FOR_REVIEW", 2);
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  ASSERT_FALSE(host.diagnostics.empty());
  EXPECT_EQ(host.diagnostics.back().kind, "unknown_status");
  EXPECT_EQ(host.diagnostics.back().value, "ON_HOLD_FOR_REVIEW");
  EXPECT_TRUE(host.errors.empty());
  EXPECT_TRUE(host.wakeAt.has_value()) << "still polling";
  host.untilNextFetch();
  host.respondOk("COMPLETED", 3);
  EXPECT_EQ(host.successes.size(), 1u);
}

TEST(Tracker, TerminalStatusesFireTheirCallbacks) {
  struct Case {
    const char* status;
    Phase1State state;
  };
  for (const auto& c :
       {Case{"EXPIRED", Phase1State::Expired}, Case{"CANCELLED", Phase1State::Cancelled},
        Case{"FAILED", Phase1State::Failed}}) {
    FakeHost host;
    host.start();
    host.respondOk("PENDING", 1);
    host.untilNextFetch();
    host.respondOk(c.status, 2);
    EXPECT_EQ(host.view().state, c.state) << c.status;
    EXPECT_TRUE(host.view().terminal);
    EXPECT_FALSE(host.view().qr.has_value());
    EXPECT_FALSE(host.view().portalUrl.has_value());
    EXPECT_TRUE(host.successes.empty()) << c.status;
    EXPECT_EQ(host.expirations.size(), c.state == Phase1State::Expired ? 1u : 0u);
    EXPECT_FALSE(host.wakeAt.has_value());
  }
}

TEST(Tracker, MalformedReferenceFailsFastWithoutARequest) {
  for (const char* ref : {"", "short", "../../etc/passwd", "abc def ghi jkl", "-startsWithDash",
                          "x3f0c9a52?admin=1", "ref%2F..%2Fsecret"}) {
    auto config = defaultConfig();
    config.tracker.trackingReference = ref;
    FakeHost host(config);
    host.start();
    EXPECT_TRUE(host.fetches.empty()) << ref;
    ASSERT_EQ(host.errors.size(), 1u) << ref;
    EXPECT_EQ(host.errors[0].code, ErrorCode::InvalidReference);
    EXPECT_TRUE(host.errors[0].fatal);
    EXPECT_EQ(host.view().state, Phase1State::Error);
    EXPECT_EQ(host.view().detailKey, "detail.invalidReference");
  }
}

TEST(Tracker, InsecureOrMalformedApiBaseIsRejected) {
  for (const char* base : {"http://verify.example.com", "ftp://verify.example.com",
                           "javascript:alert(1)", "https://verify.example.com?x=1", ""}) {
    auto config = defaultConfig();
    config.tracker.apiBase = base;
    FakeHost host(config);
    host.start();
    EXPECT_TRUE(host.fetches.empty()) << base;
    ASSERT_EQ(host.errors.size(), 1u) << base;
    EXPECT_EQ(host.errors[0].code, ErrorCode::InvalidConfig) << base;
  }
}

TEST(Tracker, ApiBaseWithPathAndLoopbackHttpWork) {
  auto config = defaultConfig();
  config.tracker.apiBase = "http://127.0.0.1:8080/api/";
  FakeHost host(config);
  host.start();
  ASSERT_EQ(host.fetches.size(), 1u);
  EXPECT_EQ(host.fetches[0].url, std::string("http://127.0.0.1:8080/api/v1/tracking/") + kRef);
}

TEST(Tracker, HostilePortalUrlsAreNeverShown) {
  const std::vector<std::string> hostile = {
      "https://evil.example/p/x",
      "javascript:alert(document.cookie)",
      "data:text/html,<script>alert(1)</script>",
      "https://verify.example.com@evil.example/p/x",
      "https://verify.example.com.evil.example/p/x",
      "http://verify.example.com/p/x",
      "https://verify.example.com:8443/p/x",
      "//evil.example/p",
  };
  for (const auto& url : hostile) {
    FakeHost host;
    host.start();
    host.respond(200, trackingBody("PENDING", 1, url));
    EXPECT_EQ(host.view().state, Phase1State::AwaitingScan) << url;
    EXPECT_FALSE(host.view().qr.has_value()) << url;
    EXPECT_FALSE(host.view().portalUrl.has_value()) << url;
    EXPECT_EQ(host.view().detailKey, "detail.portalRejected") << url;
    ASSERT_FALSE(host.errors.empty()) << url;
    EXPECT_EQ(host.errors.back().code, ErrorCode::PortalUrlRejected) << url;
    EXPECT_FALSE(host.errors.back().fatal);
  }
}

TEST(Tracker, ATamperedPortalUrlLaterRemovesTheQr) {
  FakeHost host;
  host.start();
  host.respondOk("PENDING", 1);
  ASSERT_TRUE(host.view().qr.has_value());
  host.untilNextFetch();
  host.respond(200, trackingBody("PENDING", 2, "https://evil.example/p/x"));
  EXPECT_FALSE(host.view().qr.has_value());
  EXPECT_FALSE(host.view().portalUrl.has_value());
  // The same rejection is reported once, not on every poll.
  host.untilNextFetch();
  host.respond(200, trackingBody("PENDING", 3, "https://evil.example/p/x"));
  EXPECT_EQ(host.errors.size(), 1u);
  // And a good URL brings it back.
  host.untilNextFetch();
  host.respond(200, trackingBody("PENDING", 4));
  EXPECT_TRUE(host.view().qr.has_value());
  EXPECT_FALSE(host.view().detailKey.has_value());
}

TEST(Tracker, ConfiguredPortalOriginDiffersFromApiBase) {
  auto config = defaultConfig();
  config.tracker.portalOrigin = "https://portal.example.com";
  FakeHost host(config);
  host.start();
  host.respond(200, trackingBody("PENDING", 1, "https://portal.example.com/p/abc"));
  ASSERT_TRUE(host.view().portalUrl.has_value());
  EXPECT_EQ(*host.view().portalUrl, "https://portal.example.com/p/abc");
  host.untilNextFetch();
  host.respond(200, trackingBody("PENDING", 2, portalUrlFor()));  // the API's origin: refused now
  EXPECT_FALSE(host.view().portalUrl.has_value());
}

TEST(Tracker, MismatchedReferenceIsABadResponse) {
  FakeHost host;
  host.start();
  host.respond(200, trackingBody("COMPLETED", 1, portalUrlFor(), "",
                                 "00000000-0000-4000-8000-000000000000"));
  EXPECT_TRUE(host.successes.empty());
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0].code, ErrorCode::BadResponse);
  EXPECT_FALSE(host.errors[0].fatal);
}

TEST(Tracker, NotFoundIsRetriedAFewTimesThenFatalAndRetryable) {
  FakeHost host;
  host.start();
  for (int i = 0; i < Tracker::kNotFoundLimit; ++i) {
    ASSERT_TRUE(host.inFlight.has_value()) << i;
    host.respond(404, R"({"error":"not_found"})");
    host.runTimers();  // retried until the limit, then nothing (checked below)
  }
  EXPECT_EQ(host.view().state, Phase1State::Error);
  EXPECT_EQ(host.view().detailKey, "detail.notFound");
  EXPECT_TRUE(host.view().showRetry);
  EXPECT_FALSE(host.inFlight.has_value());
  EXPECT_FALSE(host.wakeAt.has_value());
  ASSERT_FALSE(host.errors.empty());
  EXPECT_EQ(host.errors.back().code, ErrorCode::NotFound);
  EXPECT_TRUE(host.errors.back().fatal);
  const auto fetchesBefore = host.fetches.size();
  host.advance(3600 * kSecond);
  EXPECT_EQ(host.fetches.size(), fetchesBefore) << "404 must not retry forever";

  host.refresh();  // the retry button
  EXPECT_EQ(host.view().state, Phase1State::Loading);
  ASSERT_TRUE(host.inFlight.has_value());
  host.respondOk("PENDING", 1);
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
}

TEST(Tracker, GoneMeansExpired) {
  FakeHost host;
  host.start();
  host.respondOk("PENDING", 1);
  host.untilNextFetch();
  host.respond(410, "");
  EXPECT_EQ(host.view().state, Phase1State::Expired);
  ASSERT_EQ(host.expirations.size(), 1u);
  EXPECT_EQ(host.expirations[0].reason, "gone");
  EXPECT_FALSE(host.wakeAt.has_value());
}

TEST(Tracker, ForbiddenAndOtherClientErrorsAreFatal) {
  for (int status : {400, 401, 403, 422}) {
    FakeHost host;
    host.start();
    host.respond(status, "{}");
    EXPECT_EQ(host.view().state, Phase1State::Error) << status;
    ASSERT_EQ(host.errors.size(), 1u);
    EXPECT_TRUE(host.errors[0].fatal);
    EXPECT_EQ(host.errors[0].httpStatus, status);
    EXPECT_FALSE(host.view().showRetry);
  }
}

TEST(Tracker, MalformedBodiesAreTransientBadResponses) {
  FakeHost host;
  host.start();
  host.respondOk("PENDING", 1);
  for (const char* body : {"", "not json", "{", "[]", "null", R"({"status":"COMPLETED"})",
                           R"({"trackingReference":1,"status":"COMPLETED","version":2})"}) {
    host.untilNextFetch();
    host.respond(200, body);
    EXPECT_EQ(host.view().state, Phase1State::AwaitingScan) << body;
  }
  EXPECT_TRUE(host.successes.empty());
  ASSERT_EQ(host.errors.size(), 1u) << "one report per run of the same problem";
  EXPECT_EQ(host.errors[0].code, ErrorCode::BadResponse);
  EXPECT_EQ(host.view().detailKey, "detail.badResponse");
  host.untilNextFetch();
  host.respondOk("PENDING", 2);
  EXPECT_FALSE(host.view().detailKey.has_value());
  EXPECT_EQ(host.diagnostics.back().kind, "recovered");
}

TEST(Tracker, EtagIsSentBackAnd304KeepsState) {
  FakeHost host;
  host.start();
  host.respond(200, trackingBody("PENDING", 1), {}, std::string("\"v1\""));
  host.untilNextFetch();
  ASSERT_TRUE(host.inFlight->ifNoneMatch.has_value());
  EXPECT_EQ(*host.inFlight->ifNoneMatch, "\"v1\"");
  host.respond(304, "");
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  EXPECT_TRUE(host.errors.empty());
  EXPECT_TRUE(host.wakeAt.has_value());
}

TEST(Tracker, NoIfNoneMatchWhenConditionalRequestsAreOff) {
  auto config = defaultConfig();
  config.tracker.conditionalRequests =
      false;  // a cross-origin page: avoid a CORS preflight per poll
  FakeHost host(config);
  host.start();
  host.respond(200, trackingBody("PENDING", 1), {}, std::string("\"v1\""));
  host.untilNextFetch();
  EXPECT_FALSE(host.inFlight->ifNoneMatch.has_value());
  host.respondOk("PENDING", 1);  // a full 200 for the same version: a duplicate, nothing fires
  EXPECT_EQ(host.statusChanges.size(), 1u);
}

TEST(Tracker, RendersOnlyWhenTheViewChanges) {
  FakeHost host;
  host.start();
  host.respondOk("PENDING", 1);
  const auto rendersAfterPending = host.renders.size();
  for (int i = 0; i < 5; ++i) {
    host.untilNextFetch();
    host.respondOk("PENDING", 1);
  }
  EXPECT_EQ(host.renders.size(), rendersAfterPending);
}

TEST(Tracker, LongPollingForHoursHoldsNoGrowingState) {
  // A proxy for "bounded memory": hours of real long-polls (each held 25 s by the service),
  // with changes, quiet timeouts and outages mixed in, and every observable thing the tracker
  // owns — the view, the QR, the request it builds — stays the size it had after the first
  // cycle. (The heap itself is measured in bench/ on the real wasm.)
  const std::string far = "2099-01-01T00:00:00Z";  // the session outlives the test
  auto longPollBody = [&](long long version) {
    std::string body =
        trackingBody("PENDING", version, portalUrlFor(), R"(,"longPollMaxWaitSeconds":25)");
    const auto at = body.find("2026-11-19T10:00:00Z");
    return body.replace(at, far.size(), far);
  };
  FakeHost host;
  host.start();
  host.respond(200, longPollBody(1));
  ASSERT_TRUE(host.inFlight.has_value()) << "the advertisement starts a long-poll at once";
  const std::string firstLongPoll = host.inFlight->url;
  ASSERT_NE(firstLongPoll.find("?waitSeconds=25&sinceVersion=1"), std::string::npos)
      << firstLongPoll;
  const auto qrPathSize = host.view().qr->path.size();
  const auto rendersAfterFirst = host.renders.size();

  const Millis began = host.now;
  long long version = 1;
  int longPolls = 0;
  for (int i = 0; i < 2000; ++i) {
    if (!host.inFlight) host.untilNextFetch();  // after an outage: the normal (backoff) poll
    ASSERT_TRUE(host.inFlight.has_value()) << "cycle " << i;
    const std::string& url = host.inFlight->url;
    const bool held = url.find("?waitSeconds=25&sinceVersion=") != std::string::npos;
    longPolls += held;
    // Same reference, same parameters: only the version digits may differ.
    ASSERT_LE(url.size(), firstLongPoll.size() + 3) << url;
    if (i % 50 == 49) {
      host.respond(503, "");  // an outage: falls back to backoff polling, then long-polls again
    } else if (i % 50 == 0 && i > 0) {
      host.respond(200, longPollBody(version));  // the check after the outage, answered at once
    } else if (i % 10 == 9) {
      host.advance(3 * kSecond);  // the customer did something: the hold ends early
      host.respond(200, longPollBody(++version));
    } else {
      ASSERT_TRUE(held) << "cycle " << i << ": " << url;
      host.advance(25 * kSecond);  // nothing changed: the service answers at the end of the hold
      host.respond(200, longPollBody(version));
    }
  }
  EXPECT_GE(host.now - began, 10 * 3600 * kSecond) << "hours of simulated time";
  EXPECT_GE(longPolls, 1900);
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  ASSERT_TRUE(host.view().qr.has_value());
  EXPECT_EQ(host.view().qr->path.size(), qrPathSize);
  EXPECT_LE(host.view().params.size(), 1u);
  EXPECT_EQ(host.expirations.size(), 0u);
  // PENDING with a new version changes nothing visible, and each outage renders its error
  // and its recovery once: renders grow with outages, not with polls.
  EXPECT_LE(host.renders.size() - rendersAfterFirst, 2u * (2000 / 50) + 2);
}

}  // namespace
}  // namespace idv::test
