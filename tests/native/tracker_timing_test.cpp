// Every timing rule of the poll loop, on a fake clock.
#include <gtest/gtest.h>

#include "time/rfc_time.hpp"
#include "tracker_harness.hpp"

namespace idv::test {
namespace {

// The default 2 s cadence with ±20 % jitter.
constexpr Millis kMinPoll = 1600;
constexpr Millis kMaxPoll = 2400;

FakeHost pendingHost(WidgetConfig config = defaultConfig()) {
  FakeHost host(std::move(config));
  host.start();
  host.respondOk("PENDING", 1);
  return host;
}

TEST(TrackerTiming, PollsEveryTwoSecondsWithJitter) {
  FakeHost host = pendingHost();
  std::vector<Millis> gaps;
  for (int i = 0; i < 50; ++i) {
    gaps.push_back(host.untilNextFetch());
    host.respondOk("PENDING", 1);
  }
  for (Millis gap : gaps) {
    EXPECT_GE(gap, kMinPoll);
    EXPECT_LE(gap, kMaxPoll);
  }
  std::sort(gaps.begin(), gaps.end());
  EXPECT_GT(gaps.back() - gaps.front(), 200) << "jitter spreads the polls";
}

TEST(TrackerTiming, ConfiguredIntervalIsUsed) {
  auto config = defaultConfig();
  config.tracker.poll.interval = 500;
  FakeHost host = pendingHost(config);
  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, 400);
  EXPECT_LE(gap, 600);
}

TEST(TrackerTiming, ServerErrorsBackOffExponentiallyCappedThenRecover) {
  FakeHost host = pendingHost();
  std::vector<Millis> gaps;
  host.untilNextFetch();
  for (int i = 0; i < 8; ++i) {
    host.respond(503, "Service Unavailable");
    gaps.push_back(host.untilNextFetch());
  }
  // Equal jitter: delay in [ceiling/2, ceiling], ceiling = 2 s · 2^n capped at 30 s.
  Millis ceiling = 2000;
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    ceiling = std::min<Millis>(ceiling * 2, 30000);
    EXPECT_GE(gaps[i], ceiling / 2) << i;
    EXPECT_LE(gaps[i], ceiling) << i;
  }
  EXPECT_LE(*std::max_element(gaps.begin(), gaps.end()), 30000);
  ASSERT_EQ(host.errors.size(), 1u) << "one onError for a run of failures";
  EXPECT_EQ(host.errors[0].code, ErrorCode::ServerError);
  EXPECT_EQ(host.errors[0].httpStatus, 503);
  EXPECT_FALSE(host.errors[0].fatal);
  EXPECT_EQ(host.view().detailKey, "detail.retrying");
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan) << "errors do not hide progress";

  host.respondOk("IN_PROGRESS", 2);
  EXPECT_FALSE(host.view().detailKey.has_value());
  EXPECT_EQ(host.diagnostics.back().kind, "recovered");
  const Millis gap = host.untilNextFetch();
  EXPECT_LE(gap, kMaxPoll) << "back to the normal cadence";
}

TEST(TrackerTiming, RetryAfterSecondsIsHonoured) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  host.respond(429, "", std::string("17"));
  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, 17 * kSecond);
  EXPECT_LE(gap, 17 * kSecond + 4 * kSecond);
  EXPECT_EQ(host.errors.back().code, ErrorCode::RateLimited);
  EXPECT_EQ(host.view().detailKey, "detail.rateLimited");
}

// One gate for every request: whatever asks for a poll during a Retry-After or a backoff —
// the tab becoming visible, the browser coming back online, refresh(), the timer — the request
// waits for the floor. (Issue 10: switching tabs during a 429 used to send one at once.)
enum class Trigger { Visible, Online, Refresh };

void poke(FakeHost& host, Trigger t) {
  switch (t) {
    case Trigger::Visible:
      host.setVisible(false);
      host.setVisible(true);
      break;
    case Trigger::Online:
      host.setOnline(false);
      host.setOnline(true);
      break;
    case Trigger::Refresh: host.refresh(); break;
  }
}

const char* name(Trigger t) {
  return t == Trigger::Visible ? "visible" : t == Trigger::Online ? "online" : "refresh";
}

TEST(TrackerTiming, EveryTriggerWaitsForRetryAfter) {
  for (const Trigger t : {Trigger::Visible, Trigger::Online, Trigger::Refresh}) {
    FakeHost host = pendingHost();
    host.untilNextFetch();
    const Millis refused = host.now;
    host.respond(429, "", std::string("60"));
    for (int i = 0; i < 5; ++i) {  // poke it five times over the first 50 s
      host.advance(10 * kSecond);
      poke(host, t);
      EXPECT_FALSE(host.inFlight.has_value()) << name(t) << " sent a request at +" << i * 10 + 10;
    }
    host.untilNextFetch();
    EXPECT_GE(host.now - refused, 60 * kSecond) << name(t);
    EXPECT_LE(host.now - refused, 62 * kSecond) << name(t) << " waited past the floor";
  }
}

TEST(TrackerTiming, EveryTriggerWaitsForTheBackoff) {
  for (const Trigger t : {Trigger::Visible, Trigger::Online, Trigger::Refresh}) {
    FakeHost host = pendingHost();
    host.untilNextFetch();
    for (int i = 0; i < 4; ++i) {  // four 503s: the backoff is now 8–30 s
      host.respond(503, "busy");
      if (i < 3) host.untilNextFetch();
    }
    const Millis failedAt = host.now;
    ASSERT_TRUE(host.wakeAt.has_value());
    const Millis floor = *host.wakeAt;
    ASSERT_GE(floor - failedAt, 8 * kSecond);
    host.advance(2 * kSecond);
    poke(host, t);
    EXPECT_FALSE(host.inFlight.has_value()) << name(t) << " skipped the backoff";
    EXPECT_EQ(host.wakeAt, floor) << name(t) << " moved the floor";
    host.untilNextFetch();
    EXPECT_EQ(host.now, floor) << name(t);
  }
}

TEST(TrackerTiming, AfterASuccessTriggersPollAtOnceAgain) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  host.respond(429, "", std::string("5"));
  host.untilNextFetch();
  host.respondOk("PENDING", 1);  // the floor is gone with the success
  host.advance(100);
  host.setVisible(false);
  host.setVisible(true);
  EXPECT_TRUE(host.inFlight.has_value()) << "visible again outside any floor: ask at once";
}

TEST(TrackerTiming, RetryAfterHttpDateIsHonoured) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  // kT0 is 2026-11-18T…; pick a date 45 s after the current fake time.
  const Millis target = (host.now / kSecond + 45) * kSecond;
  const long long secs = target / kSecond;
  const long long days = secs / 86400;
  // Build the IMF-fixdate by hand from the civil date.
  long long z = days + 719468;
  const long long era = z / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long d = doy - (153 * mp + 2) / 5 + 1;
  const long long m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = yoe + era * 400 + (m <= 2);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  static const char* kDays[] = {"Thu", "Fri", "Sat", "Sun",
                                "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  char header[64];
  std::snprintf(header, sizeof header, "%s, %02lld %s %04lld %02lld:%02lld:%02lld GMT",
                kDays[days % 7], d, kMonths[m - 1], y, (secs / 3600) % 24, (secs / 60) % 60,
                secs % 60);
  ASSERT_EQ(parseHttpDate(header), target) << header;

  host.respond(503, "", std::string(header));
  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, target - (host.now - gap));
  EXPECT_GE(gap, 44 * kSecond);
  EXPECT_LE(gap, 50 * kSecond);
}

TEST(TrackerTiming, AbsurdRetryAfterIsCapped) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  host.respond(429, "", std::string("86400"));
  const Millis gap = host.untilNextFetch();
  EXPECT_LE(gap, 10 * kMinute) << "a bogus header must not silence the widget for a day";
  EXPECT_GE(gap, 10 * kMinute - kSecond);
}

TEST(TrackerTiming, GarbageRetryAfterFallsBackToBackoff) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  host.respond(429, "", std::string("soon-ish"));
  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, 2 * kSecond);
  EXPECT_LE(gap, 4 * kSecond);
}

TEST(TrackerTiming, TimeoutIsATransientErrorWithBackoff) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  EXPECT_EQ(host.inFlight->timeoutMs, 15 * kSecond);
  host.fail(FailureKind::Timeout);
  EXPECT_EQ(host.errors.back().code, ErrorCode::Timeout);
  EXPECT_FALSE(host.errors.back().fatal);
  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, 2 * kSecond);
  host.respondOk("COMPLETED", 2);
  EXPECT_EQ(host.successes.size(), 1u);
}

TEST(TrackerTiming, HiddenTabPollsSlowlyAndVisibleChecksAtOnce) {
  FakeHost host = pendingHost();
  host.setVisible(false);
  std::vector<Millis> gaps;
  for (int i = 0; i < 5; ++i) {
    gaps.push_back(host.untilNextFetch());
    host.respondOk("PENDING", 1);
  }
  for (Millis gap : gaps) {
    EXPECT_GE(gap, 24 * kSecond);
    EXPECT_LE(gap, 36 * kSecond);
  }
  host.advance(5 * kSecond);
  const auto before = host.fetches.size();
  host.setVisible(true);
  EXPECT_EQ(host.fetches.size(), before + 1) << "an immediate check on becoming visible";
  host.respondOk("IN_PROGRESS", 2);
  // Visible again: back on the 2 s cadence (untilNextFetch fails if no request goes out).
  const Millis visibleGap = host.untilNextFetch();
  EXPECT_GE(visibleGap, kMinPoll);
  EXPECT_LE(visibleGap, kMaxPoll);
}

TEST(TrackerTiming, HidingPushesAPendingPollBack) {
  FakeHost host = pendingHost();
  ASSERT_TRUE(host.wakeAt.has_value());
  const Millis requestedAt = host.now;
  host.setVisible(false);
  ASSERT_TRUE(host.wakeAt.has_value());
  EXPECT_GE(*host.wakeAt - requestedAt, 30 * kSecond);
}

TEST(TrackerTiming, VisibleWhileARequestIsInFlightSendsNoSecond) {
  FakeHost host = pendingHost();
  host.setVisible(false);
  host.untilNextFetch();
  host.setVisible(true);  // the harness fails the test on two requests in flight
  EXPECT_TRUE(host.inFlight.has_value());
}

TEST(TrackerTiming, OfflineStopsPollingAndOnlineChecksAtOnce) {
  FakeHost host = pendingHost();
  host.setOnline(false);
  EXPECT_FALSE(host.wakeAt.has_value());
  EXPECT_EQ(host.view().detailKey, "detail.offline");
  const auto before = host.fetches.size();
  host.advance(10 * kMinute);
  EXPECT_EQ(host.fetches.size(), before);
  host.setOnline(true);
  EXPECT_EQ(host.fetches.size(), before + 1);
  EXPECT_FALSE(host.view().detailKey.has_value());
}

TEST(TrackerTiming, FailureWhileOfflineWaitsForOnlineWithoutErrors) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  host.setOnline(false);
  host.fail(FailureKind::Network);
  EXPECT_TRUE(host.errors.empty());
  EXPECT_FALSE(host.wakeAt.has_value());
  host.setOnline(true);
  EXPECT_TRUE(host.inFlight.has_value());
}

TEST(TrackerTiming, NetworkErrorsBackOff) {
  FakeHost host = pendingHost();
  host.untilNextFetch();
  host.fail(FailureKind::Network);
  host.untilNextFetch();
  host.fail(FailureKind::Network);
  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, 4 * kSecond);
  EXPECT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0].code, ErrorCode::NetworkError);
}

TEST(TrackerTiming, StopsAtExpiresAtEvenIfTheServiceNeverSaysSo) {
  FakeHost host;
  host.start();
  // expiresAt in the body is 2026-11-19T10:00:00Z; start the clock 10 s before it.
  const Millis expires = *parseRfc3339("2026-11-19T10:00:00Z");
  host.now = expires - 10 * kSecond;
  host.respondOk("PENDING", 1);
  int polls = 0;
  while (host.view().state == Phase1State::AwaitingScan && polls < 1000) {
    host.runTimers();  // the last timer is the deadline, which fetches nothing
    if (host.inFlight) {
      host.respondOk("PENDING", 1);
      ++polls;
    }
  }
  EXPECT_EQ(host.view().state, Phase1State::Expired);
  ASSERT_EQ(host.expirations.size(), 1u);
  EXPECT_EQ(host.expirations[0].reason, "deadline");
  EXPECT_EQ(host.now, expires + Tracker::kExpiryGrace);
  EXPECT_FALSE(host.wakeAt.has_value());
  EXPECT_FALSE(host.inFlight.has_value());
}

TEST(TrackerTiming, LongPollIsUsedWhenAdvertised) {
  FakeHost host;
  host.start();
  host.respond(200, trackingBody("PENDING", 4, portalUrlFor(), R"(,"longPollMaxWaitSeconds":30)"));
  // A new version: the next long-poll goes out at once.
  ASSERT_TRUE(host.inFlight.has_value());
  EXPECT_NE(host.inFlight->url.find("?waitSeconds=25&sinceVersion=4"), std::string::npos)
      << host.inFlight->url;
  EXPECT_EQ(host.inFlight->timeoutMs, 15 * kSecond + 25 * kSecond);
  // The server held it 25 s and nothing changed: ask again immediately.
  host.advance(25 * kSecond);
  host.respond(200, trackingBody("PENDING", 4, portalUrlFor(), R"(,"longPollMaxWaitSeconds":30)"));
  ASSERT_TRUE(host.inFlight.has_value());
  // A server that answers a long-poll at once without news is not trusted: normal cadence.
  host.respond(200, trackingBody("PENDING", 4, portalUrlFor(), R"(,"longPollMaxWaitSeconds":30)"));
  EXPECT_FALSE(host.inFlight.has_value());
  EXPECT_GE(host.untilNextFetch(), kMinPoll);
  // Requests per hour while idle: about 3600/25, far below 3600/2.
}

TEST(TrackerTiming, LongPollNotUsedWhenHiddenOrDisabled) {
  auto config = defaultConfig();
  config.tracker.longPoll = false;
  FakeHost host(config);
  host.start();
  host.respond(200, trackingBody("PENDING", 4, portalUrlFor(), R"(,"longPollMaxWaitSeconds":30)"));
  host.untilNextFetch();
  EXPECT_EQ(host.inFlight->url.find("waitSeconds"), std::string::npos);

  FakeHost hidden;
  hidden.start();
  hidden.setVisible(false);
  hidden.respond(200,
                 trackingBody("PENDING", 4, portalUrlFor(), R"(,"longPollMaxWaitSeconds":30)"));
  hidden.untilNextFetch();
  EXPECT_EQ(hidden.inFlight->url.find("waitSeconds"), std::string::npos);
}

TEST(TrackerTiming, EarlyTimerIsRearmed) {
  FakeHost host = pendingHost();
  const Millis due = *host.wakeAt;
  host.apply(host.session.onTimer(due - 100));
  EXPECT_FALSE(host.inFlight.has_value());
  ASSERT_TRUE(host.wakeAt.has_value());
  EXPECT_EQ(*host.wakeAt, due);
}

}  // namespace
}  // namespace idv::test
