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

}  // namespace
}  // namespace idv::test
