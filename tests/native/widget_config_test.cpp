// The widget's options as the page passes them (JSON): names, ranges, defaults and the
// conditional-request decision all live in the core, so they are tested here, not in JS.
#include <gtest/gtest.h>

#include "session/widget_config.hpp"

namespace idv {
namespace {

TEST(WidgetConfig, ReadsEveryOption) {
  const auto c = parseWidgetConfig(R"({
    "trackingReference":"3f0c9a52-4d7e-4a51", "apiBase":"https://verify.example.com/api",
    "portalOrigin":"https://portal.example.com", "pollIntervalMs":1500,
    "hiddenPollIntervalMs":45000, "requestTimeoutMs":9000, "maxBackoffMs":20000,
    "longPoll":false, "ecc":"H", "randomSeed":4294967295,
    "decisionUrl":"https://shop.example.com/d", "decisionIntervalMs":5000,
    "decisionTimeoutMs":120000})");
  EXPECT_EQ(c.tracker.trackingReference, "3f0c9a52-4d7e-4a51");
  EXPECT_EQ(c.tracker.apiBase, "https://verify.example.com/api");
  EXPECT_EQ(c.tracker.portalOrigin, "https://portal.example.com");
  EXPECT_EQ(c.tracker.poll.interval, 1500);
  EXPECT_EQ(c.tracker.poll.hiddenInterval, 45000);
  EXPECT_EQ(c.tracker.poll.requestTimeout, 9000);
  EXPECT_EQ(c.tracker.poll.maxBackoff, 20000);
  EXPECT_FALSE(c.tracker.longPoll);
  EXPECT_EQ(c.tracker.ecc, QrEcc::High);
  EXPECT_EQ(c.tracker.randomSeed, 4294967295u);
  EXPECT_EQ(c.decision.url, "https://shop.example.com/d");
  EXPECT_EQ(c.decision.interval, 5000);
  EXPECT_EQ(c.decision.timeout, 120000);
}

TEST(WidgetConfig, OutOfRangeMistypedOrMissingKeepTheDefault) {
  const WidgetConfig defaults;
  const auto c = parseWidgetConfig(R"({"pollIntervalMs":5, "hiddenPollIntervalMs":"30000",
    "requestTimeoutMs":1e12, "longPoll":"yes", "ecc":"X", "randomSeed":-3,
    "decisionIntervalMs":10, "decisionTimeoutMs":null, "apiBase":42})");
  EXPECT_EQ(c.tracker.poll.interval, defaults.tracker.poll.interval);
  EXPECT_EQ(c.tracker.poll.hiddenInterval, defaults.tracker.poll.hiddenInterval);
  EXPECT_EQ(c.tracker.poll.requestTimeout, defaults.tracker.poll.requestTimeout);
  EXPECT_TRUE(c.tracker.longPoll);
  EXPECT_EQ(c.tracker.ecc, QrEcc::Medium);
  EXPECT_EQ(c.tracker.randomSeed, 0u);
  EXPECT_EQ(c.decision.interval, defaults.decision.interval);
  EXPECT_EQ(c.decision.timeout, defaults.decision.timeout);
  EXPECT_EQ(c.tracker.apiBase, "");
}

TEST(WidgetConfig, GarbageGivesDefaultsNotACrash) {
  for (const char* text : {"", "null", "[1,2]", "{", "{\"trackingReference\":", "\xFF"}) {
    const auto c = parseWidgetConfig(text);
    EXPECT_EQ(c.tracker.trackingReference, "") << text;
    EXPECT_EQ(c.decision.url, "") << text;
  }
}

TEST(WidgetConfig, ConditionalRequestsOnlyWhenThePageIsSameOrigin) {
  // Cross-origin, If-None-Match would make every poll a CORS preflight plus a GET.
  const auto cross = parseWidgetConfig(
      R"({"apiBase":"https://verify.example.com","pageOrigin":"https://shop.example.com"})");
  EXPECT_FALSE(cross.tracker.conditionalRequests);
  const auto same = parseWidgetConfig(
      R"({"apiBase":"https://verify.example.com/api/","pageOrigin":"https://verify.example.com"})");
  EXPECT_TRUE(same.tracker.conditionalRequests);
  const auto defaultPort = parseWidgetConfig(
      R"({"apiBase":"https://verify.example.com:443","pageOrigin":"https://verify.example.com"})");
  EXPECT_TRUE(defaultPort.tracker.conditionalRequests);
  const auto unusable =
      parseWidgetConfig(R"({"apiBase":"not a url","pageOrigin":"https://shop.example.com"})");
  EXPECT_FALSE(unusable.tracker.conditionalRequests);
  const auto overridden = parseWidgetConfig(
      R"({"apiBase":"https://verify.example.com","pageOrigin":"https://shop.example.com",)"
      R"("conditionalRequests":true})");
  EXPECT_TRUE(overridden.tracker.conditionalRequests);
}

}  // namespace
}  // namespace idv
