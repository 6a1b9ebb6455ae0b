#include <gtest/gtest.h>

#include "tracking/poll_scheduler.hpp"

namespace idv {
namespace {

TEST(PollScheduler, SameSeedSameDelaysDifferentSeedDifferentDelays) {
  PollScheduler a({}, 7), b({}, 7), c({}, 8);
  int differences = 0;
  for (int i = 0; i < 20; ++i) {
    const Millis da = a.delayAfterSuccess(true);
    EXPECT_EQ(da, b.delayAfterSuccess(true));
    differences += da != c.delayAfterSuccess(true);
  }
  EXPECT_GT(differences, 15);
}

TEST(PollScheduler, FailureStreakGrowsAndSuccessResetsIt) {
  PollScheduler s({}, 1);
  for (int i = 1; i <= 40; ++i) {
    const Millis d = s.delayAfterFailure(true, std::nullopt);
    EXPECT_LE(d, 30 * kSecond);
    EXPECT_GE(d, std::min<Millis>(2000LL << std::min(i, 10), 30000) / 2);
  }
  EXPECT_EQ(s.consecutiveFailures(), 30);  // bounded counter
  s.delayAfterSuccess(true);
  EXPECT_EQ(s.consecutiveFailures(), 0);
}

TEST(PollScheduler, RetryAfterIsAFloorAndCapped) {
  PollScheduler s({}, 1);
  EXPECT_GE(s.delayAfterFailure(true, 60 * kSecond), 60 * kSecond);
  EXPECT_EQ(s.delayAfterFailure(true, 24 * 3600 * kSecond), 10 * kMinute);
}

}  // namespace
}  // namespace idv
