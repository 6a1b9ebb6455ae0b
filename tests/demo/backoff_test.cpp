#include "service/backoff.hpp"

#include <gtest/gtest.h>

using idv::demo::retry_delay_ms;
using idv::demo::RetryPolicy;

TEST(Backoff, DefaultScheduleAsDocumented) {
  const RetryPolicy p;  // 2 s, x3, cap 1 h, 8 attempts
  const std::int64_t expected[] = {2000, 6000, 18000, 54000, 162000, 486000, 1458000};
  for (int n = 1; n <= 7; ++n) EXPECT_EQ(retry_delay_ms(p, n, 0.0), expected[n - 1]) << n;
  EXPECT_FALSE(retry_delay_ms(p, 8, 0.0).has_value()) << "gives up after the 8th attempt";
}

TEST(Backoff, JitterStaysWithinBounds) {
  const RetryPolicy p;
  EXPECT_EQ(retry_delay_ms(p, 1, -1.0), 1600);
  EXPECT_EQ(retry_delay_ms(p, 1, 1.0), 2400);
  EXPECT_EQ(retry_delay_ms(p, 1, 7.0), 2400) << "draws outside [-1,1] are clamped";
}

TEST(Backoff, CapLimitsLateRetries) {
  RetryPolicy p;
  p.cap_ms = 10'000;
  p.max_attempts = 20;
  EXPECT_EQ(retry_delay_ms(p, 15, 0.0), 10'000);
}

TEST(Backoff, NoRetryBeforeTheFirstFailure) {
  EXPECT_FALSE(retry_delay_ms(RetryPolicy{}, 0, 0.0).has_value());
}
