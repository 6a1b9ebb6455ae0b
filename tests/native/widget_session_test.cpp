// WidgetSession: Phase 1's tracker and Phase 2's relay side by side, sharing one host timer and
// one request-id counter. What the host can rely on, whatever the two ask for.
#include <gtest/gtest.h>

#include <set>

#include "tracker_harness.hpp"

namespace idv::test {
namespace {

WidgetConfig withRelay() {
  auto c = defaultConfig();
  c.decision.url = "https://shop.example.com/orders/1042/decision";
  return c;
}

int count(const Commands& commands, std::size_t index) {
  int n = 0;
  for (const auto& c : commands) n += c.index() == index ? 1 : 0;
  return n;
}

TEST(WidgetSession, RequestIdsAreUniqueAcrossPhaseOneAndPhaseTwo) {
  FakeHost host(withRelay());
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  host.untilNextFetch();
  host.respondOk("COMPLETED", 2);
  for (int i = 0; i < 5; ++i) {
    host.untilNextFetch();
    host.respond(200, R"({"decided":false})");
  }
  std::set<RequestId> ids;
  for (const auto& f : host.fetches) ids.insert(f.requestId);
  EXPECT_EQ(ids.size(), host.fetches.size()) << "an id was handed out twice";
  EXPECT_GE(host.fetches.size(), 7u);
}

TEST(WidgetSession, AtMostOneWakePerEventAndTheTimerFollowsTheEarliestWish) {
  FakeHost host(withRelay());
  const auto first = host.session.start(host.now);
  EXPECT_LE(count(first, 2), 1);  // WakeCommand
  host.apply(first);
  host.respondOk("PENDING", 1);
  ASSERT_TRUE(host.wakeAt.has_value());
  const Millis due = *host.wakeAt;
  // The host's timer fires early (a throttled tab, a clock jump): the session arms it again
  // for the same moment and sends nothing.
  const auto early = host.session.onTimer(due - 500);
  EXPECT_EQ(count(early, 0), 0);  // FetchCommand
  ASSERT_EQ(count(early, 2), 1);
  EXPECT_EQ(std::get<WakeCommand>(early.front()).atMs, due);
}

TEST(WidgetSession, AResponseNobodyAskedForChangesNothing) {
  FakeHost host(withRelay());
  host.start();
  HttpResponse r;
  r.status = 200;
  r.body = R"({"decided":true,"outcome":"approved"})";
  EXPECT_TRUE(host.session.onResponse(host.now, 4242, r).empty());
  EXPECT_TRUE(host.session.onFailure(host.now, 4242, FailureKind::Network).empty());
  EXPECT_TRUE(host.decisions.empty());
}

TEST(WidgetSession, PhaseTwoStartsOnlyAfterTheSubmissionAndOnlyOnce) {
  FakeHost host(withRelay());
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  EXPECT_EQ(host.view().decision, DecisionPhase::Waiting);
  host.untilNextFetch();
  host.respondOk("COMPLETED", 2);
  EXPECT_EQ(host.view().decision, DecisionPhase::Checking);
  host.untilNextFetch();
  host.respond(200, R"({"decided":true,"outcome":"approved"})");
  EXPECT_EQ(host.view().decision, DecisionPhase::Decided);
  host.refresh();  // the tracker is done; nothing restarts the relay
  host.advance(3600 * kSecond);
  EXPECT_EQ(host.decisions.size(), 1u);
  EXPECT_EQ(host.view().decision, DecisionPhase::Decided);
}

WidgetConfig renewable() {
  auto c = defaultConfig();
  c.renewal = true;
  return c;
}

constexpr const char* kNewRef = "9b1d7e40-renewed-0001";

TEST(WidgetSessionRenewal, AnExpiryBeforeSubmissionAsksForANewReferenceAndCarriesOn) {
  FakeHost host(renewable());
  host.start();
  host.respondOk("PENDING", 1);
  host.untilNextFetch();
  host.respondOk("EXPIRED", 2);
  ASSERT_EQ(host.renewals.size(), 1u);
  EXPECT_EQ(host.renewals[0].reason, "status");
  EXPECT_TRUE(host.expirations.empty()) << "onExpired waits for the renewal";
  EXPECT_EQ(host.view().state, Phase1State::Loading);
  EXPECT_TRUE(host.view().busy);

  host.renewed(std::string(kNewRef));
  ASSERT_TRUE(host.inFlight.has_value());
  EXPECT_EQ(host.inFlight->url, std::string(kApi) + "/v1/tracking/" + kNewRef);
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(kNewRef), "", kNewRef));
  EXPECT_EQ(host.view().state, Phase1State::AwaitingScan);
  ASSERT_TRUE(host.view().qr.has_value()) << "a new QR, without a re-mount";
  EXPECT_EQ(host.view().portalUrl, portalUrlFor(kNewRef));
  host.untilNextFetch();
  host.respond(200, trackingBody("COMPLETED", 2, portalUrlFor(kNewRef), "", kNewRef));
  ASSERT_EQ(host.successes.size(), 1u);
  EXPECT_EQ(host.successes[0].trackingReference, kNewRef);
  EXPECT_TRUE(host.expirations.empty());
}

TEST(WidgetSessionRenewal, AFailedRenewalFiresOnExpiredWithTheReason) {
  FakeHost host(renewable());
  host.start();
  host.respondOk("PENDING", 1);
  host.untilNextFetch();
  host.respond(410, "");
  ASSERT_EQ(host.renewals.size(), 1u);
  host.renewed(std::nullopt, "backend said 500");
  ASSERT_EQ(host.expirations.size(), 1u);
  EXPECT_EQ(host.expirations[0].reason, "gone");
  EXPECT_EQ(host.expirations[0].renewalFailure, "backend said 500");
  EXPECT_EQ(host.view().state, Phase1State::Expired);
  host.renewed(std::string(kNewRef));  // a late answer changes nothing
  EXPECT_FALSE(host.inFlight.has_value());
}

TEST(WidgetSessionRenewal, AnInvalidReferenceFromThePageIsAFailure) {
  FakeHost host(renewable());
  host.start();
  host.respondOk("EXPIRED", 1);
  host.renewed(std::string("../../etc"));
  ASSERT_EQ(host.expirations.size(), 1u);
  EXPECT_FALSE(host.expirations[0].renewalFailure.empty());
  EXPECT_EQ(host.fetches.size(), 1u) << "no request for a reference the core refuses";
}

TEST(WidgetSessionRenewal, NoRenewalWithoutThePagesCallbackAndAtMostThreePerWidget) {
  FakeHost plain;
  plain.start();
  plain.respondOk("EXPIRED", 1);
  EXPECT_TRUE(plain.renewals.empty());
  EXPECT_EQ(plain.expirations.size(), 1u);

  FakeHost host(renewable());
  host.start();
  for (int i = 0; i < WidgetSession::kMaxRenewals; ++i) {
    host.respond(200, trackingBody("EXPIRED", 1, portalUrlFor(), "",
                                   i == 0 ? kRef : "renewed-ref-000" + std::to_string(i)));
    ASSERT_EQ(host.renewals.size(), static_cast<std::size_t>(i + 1));
    host.renewed("renewed-ref-000" + std::to_string(i + 1));
  }
  host.respond(200, trackingBody("EXPIRED", 1, portalUrlFor(), "", "renewed-ref-0003"));
  EXPECT_EQ(host.renewals.size(), 3u) << "a backend handing out dead references: no loop";
  EXPECT_EQ(host.expirations.size(), 1u);
}

TEST(WidgetSessionRestart, NotYouStartAgainGivesANewSessionAndDropsTheOld) {
  FakeHost host(renewable());
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  EXPECT_FALSE(host.view().qr.has_value()) << "collapsed once someone is on the portal";
  EXPECT_TRUE(host.view().showRestart);
  host.untilNextFetch();
  const RequestId oldPoll = host.inFlight->requestId;
  host.apply(host.session.restart(host.now));
  ASSERT_EQ(host.renewals.size(), 1u);
  EXPECT_EQ(host.renewals[0].reason, "restart");
  EXPECT_FALSE(host.view().showRestart) << "once asked, not again until answered";
  host.renewed(std::string(kNewRef));
  ASSERT_FALSE(host.aborts.empty());
  EXPECT_EQ(host.aborts.back(), oldPoll) << "the old session's poll is dropped";
  ASSERT_TRUE(host.inFlight.has_value());
  EXPECT_EQ(host.inFlight->url, std::string(kApi) + "/v1/tracking/" + kNewRef);
  host.respond(200, trackingBody("PENDING", 1, portalUrlFor(kNewRef), "", kNewRef));
  EXPECT_TRUE(host.view().qr.has_value()) << "a fresh QR";
  EXPECT_TRUE(host.expirations.empty());
}

TEST(WidgetSessionRestart, AFailedRestartKeepsTheCurrentSession) {
  FakeHost host(renewable());
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  host.apply(host.session.restart(host.now));
  host.renewed(std::nullopt, "backend down");
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0].code, ErrorCode::RestartFailed);
  EXPECT_FALSE(host.errors[0].fatal);
  EXPECT_EQ(host.view().state, Phase1State::CustomerActive);
  host.untilNextFetch();
  EXPECT_EQ(host.inFlight->url, std::string(kApi) + "/v1/tracking/" + kRef);
}

TEST(WidgetSessionRestart, ALateAnswerNeverReplacesASubmittedSession) {
  FakeHost host(renewable());
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  host.apply(host.session.restart(host.now));
  host.untilNextFetch();
  host.respondOk("COMPLETED", 2);
  ASSERT_EQ(host.successes.size(), 1u);
  const auto fetches = host.fetches.size();
  host.renewed(std::string(kNewRef));
  EXPECT_EQ(host.fetches.size(), fetches);
  EXPECT_EQ(host.view().state, Phase1State::Submitted);
}

TEST(WidgetSessionRestart, NotOfferedWithoutRenewal) {
  FakeHost host;
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  EXPECT_FALSE(host.view().showRestart);
  EXPECT_TRUE(host.session.restart(host.now).empty());
}

}  // namespace
}  // namespace idv::test
