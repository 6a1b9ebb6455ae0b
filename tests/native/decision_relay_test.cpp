// The optional Phase 2 relay: after Phase 1's submission, the widget asks the merchant's own
// backend for the decision it received by webhook, and reports it once.
#include <gtest/gtest.h>

#include "tracker_harness.hpp"

namespace idv::test {
namespace {

constexpr const char* kDecisionUrl = "https://shop.example.com/orders/1042/decision";

WidgetConfig relayConfig() {
  auto c = defaultConfig();
  c.decision.url = kDecisionUrl;
  return c;
}

// A host whose customer has just submitted (Phase 1 over).
FakeHost submittedHost(WidgetConfig config = relayConfig()) {
  FakeHost host(std::move(config));
  host.start();
  host.respondOk("IN_PROGRESS", 1);
  host.untilNextFetch();
  host.respondOk("COMPLETED", 2);
  return host;
}

TEST(DecisionRelay, SubmittedAndDecidedAreDifferentStatesAndEventsFireOnce) {
  FakeHost host = submittedHost();
  ASSERT_EQ(host.successes.size(), 1u);
  EXPECT_TRUE(host.decisions.empty()) << "Phase 1's end is not a decision";
  EXPECT_EQ(host.view().state, Phase1State::Submitted);
  EXPECT_EQ(host.view().decision, DecisionPhase::Checking);
  EXPECT_EQ(host.view().detailKey, "detail.checking");

  const Millis gap = host.untilNextFetch();
  EXPECT_GE(gap, 3 * kSecond);
  EXPECT_EQ(host.inFlight->url, kDecisionUrl);
  EXPECT_FALSE(host.inFlight->ifNoneMatch.has_value());
  EXPECT_TRUE(host.inFlight->sameOriginCredentials) << "the merchant's backend knows its session";
  host.respond(404, "");  // the merchant has not heard anything yet
  host.untilNextFetch();
  host.respond(200, R"({"decided":false})");
  host.untilNextFetch();
  host.respond(200, R"({"decided":true,"final":false,"outcome":"needs_review"})");
  host.untilNextFetch();
  host.respond(200, R"({"decided":true,"final":false,"outcome":"needs_review"})");
  EXPECT_TRUE(host.decisions.empty()) << "a non-final verdict is not reported as the decision";
  ASSERT_FALSE(host.diagnostics.empty());
  EXPECT_EQ(std::count_if(host.diagnostics.begin(), host.diagnostics.end(),
                          [](const auto& d) { return d.kind == "decision_not_final"; }),
            1);

  host.untilNextFetch();
  host.respond(200, R"({"decided":true,"final":true,"outcome":"approved","riskLevel":"LOW",)"
                    R"("decidedAt":"2026-11-18T09:33:12Z"})");
  ASSERT_EQ(host.decisions.size(), 1u);
  EXPECT_EQ(host.decisions[0].outcome, "approved");
  EXPECT_EQ(host.decisions[0].riskLevel, "LOW");
  EXPECT_EQ(host.decisions[0].trackingReference, kRef);
  EXPECT_TRUE(host.decisions[0].decidedAt.has_value());
  EXPECT_EQ(host.view().state, Phase1State::Submitted) << "Phase 1's state is untouched";
  EXPECT_EQ(host.view().decision, DecisionPhase::Decided);
  EXPECT_EQ(host.view().messageKey, "status.decided");

  const auto fetches = host.fetches.size();
  host.advance(3600 * kSecond);
  host.setVisible(false);
  host.setVisible(true);
  EXPECT_EQ(host.fetches.size(), fetches) << "done: nothing more is asked";
  EXPECT_EQ(host.successes.size(), 1u);
  EXPECT_EQ(host.decisions.size(), 1u);
}

TEST(DecisionRelay, WithoutAUrlNothingIsAskedAfterSubmission) {
  FakeHost host = submittedHost(defaultConfig());
  EXPECT_EQ(host.view().decision, DecisionPhase::Off);
  EXPECT_FALSE(host.wakeAt.has_value());
  EXPECT_FALSE(host.view().detailKey.has_value());
}

TEST(DecisionRelay, ErrorsBackOffAndGarbageIsReportedOnce) {
  FakeHost host = submittedHost();
  host.untilNextFetch();
  host.respond(500, "");
  const Millis afterError = host.untilNextFetch();
  EXPECT_GE(afterError, 1500);
  host.respond(200, "<html>login page</html>");
  host.untilNextFetch();
  host.respond(200, R"({"decided":"yes"})");
  host.untilNextFetch();
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0].code, ErrorCode::BadResponse);
  EXPECT_FALSE(host.errors[0].fatal);
  host.fail(FailureKind::Network);
  host.untilNextFetch();
  host.respond(200,
               R"({"decided":true,"outcome":"rejected","riskLevel":"HIGH"})");  // final by default
  ASSERT_EQ(host.decisions.size(), 1u);
  EXPECT_EQ(host.decisions[0].outcome, "rejected");
}

TEST(DecisionRelay, GivesUpAfterTheTimeoutWithOneNonFatalError) {
  auto config = relayConfig();
  config.decision.timeout = 60 * kSecond;
  FakeHost host = submittedHost(config);
  int checks = 0;
  while (host.runTimers(), host.inFlight) {
    host.respond(200, R"({"decided":false})");
    ++checks;
    ASSERT_LT(checks, 100);
  }
  EXPECT_GE(checks, 15);
  ASSERT_EQ(host.errors.size(), 1u);
  EXPECT_EQ(host.errors[0].code, ErrorCode::DecisionTimeout);
  EXPECT_FALSE(host.errors[0].fatal);
  EXPECT_EQ(host.view().decision, DecisionPhase::TimedOut);
  EXPECT_EQ(host.view().state, Phase1State::Submitted);
  EXPECT_FALSE(host.wakeAt.has_value());
}

TEST(DecisionRelay, HiddenSlowsDownAndVisibleAsksAtOnce) {
  FakeHost host = submittedHost();
  host.setVisible(false);
  host.untilNextFetch();
  host.respond(200, R"({"decided":false})");
  EXPECT_GE(host.untilNextFetch(), 24 * kSecond);
  host.respond(200, R"({"decided":false})");
  host.advance(2 * kSecond);
  const auto before = host.fetches.size();
  host.setVisible(true);
  EXPECT_EQ(host.fetches.size(), before + 1);
  EXPECT_EQ(host.inFlight->url, kDecisionUrl);
}

TEST(DecisionRelay, AnInsecureUrlIsAConfigErrorBeforeAnyRequest) {
  for (const char* url : {"http://shop.example.com/decision", "/relative/path", "javascript:x"}) {
    auto config = defaultConfig();
    config.decision.url = url;
    FakeHost host(config);
    host.start();
    EXPECT_TRUE(host.fetches.empty()) << url;
    ASSERT_EQ(host.errors.size(), 1u);
    EXPECT_EQ(host.errors[0].code, ErrorCode::InvalidConfig);
  }
}

TEST(DecisionRelay, ExpiredOrFailedSessionsNeverAskForADecision) {
  for (const char* status : {"EXPIRED", "FAILED", "CANCELLED"}) {
    FakeHost host(relayConfig());
    host.start();
    host.respondOk(status, 1);
    EXPECT_FALSE(host.wakeAt.has_value()) << status;
    EXPECT_EQ(host.view().decision, DecisionPhase::Waiting);
  }
}

}  // namespace
}  // namespace idv::test
