#include "service/backoff.hpp"

#include <gtest/gtest.h>

using idv::demo::retry_delay_ms;
using idv::demo::RetryPolicy;

// Standard Webhooks' example: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
TEST(Backoff, DefaultIsTheStandardWebhooksSchedule) {
  RetryPolicy p;
  p.jitter = 0;
  const std::int64_t s = 1000, m = 60 * s, h = 60 * m;
  const std::int64_t expected[] = {5 * s,  5 * m,  30 * m, 2 * h, 5 * h,
                                   10 * h, 14 * h, 20 * h, 24 * h};
  EXPECT_EQ(p.max_attempts, 10) << "the first attempt plus nine retries";
  for (int n = 1; n <= 9; ++n) EXPECT_EQ(retry_delay_ms(p, n, 0.0), expected[n - 1]) << n;
  EXPECT_FALSE(retry_delay_ms(p, 10, 0.0).has_value()) << "gives up after the 10th attempt";
  std::int64_t total = 0;
  for (int n = 1; n <= 9; ++n) total += *retry_delay_ms(p, n, 0.0);
  EXPECT_EQ(total, 5 * s + 5 * m + 30 * m + 75 * h) << "the last attempt ~3 days after the first";
}

TEST(Backoff, JitterStaysWithinBounds) {
  const RetryPolicy p;  // jitter 0.2
  EXPECT_EQ(retry_delay_ms(p, 1, -1.0), 4000);
  EXPECT_EQ(retry_delay_ms(p, 1, 1.0), 6000);
  EXPECT_EQ(retry_delay_ms(p, 1, 7.0), 6000) << "draws outside [-1,1] are clamped";
  EXPECT_EQ(retry_delay_ms(p, 9, -1.0), 69'120'000);
}

TEST(Backoff, ScaleShrinksTheWholeSchedule) {
  RetryPolicy p;  // --fast / tests: the same shape, in milliseconds instead of hours
  p.scale = 0.001;
  p.jitter = 0;
  EXPECT_EQ(retry_delay_ms(p, 1, 0.0), 5);
  EXPECT_EQ(retry_delay_ms(p, 2, 0.0), 300);
  EXPECT_EQ(retry_delay_ms(p, 9, 0.0), 86'400);
  p.jitter = 0.5;
  EXPECT_EQ(retry_delay_ms(p, 2, 1.0), 450);
}

TEST(Backoff, MoreAttemptsThanTheListRepeatTheLastDelay) {
  RetryPolicy p;
  p.jitter = 0;
  p.max_attempts = 20;
  EXPECT_EQ(retry_delay_ms(p, 15, 0.0), 86'400'000);
  p.max_attempts = 3;
  EXPECT_TRUE(retry_delay_ms(p, 2, 0.0).has_value());
  EXPECT_FALSE(retry_delay_ms(p, 3, 0.0).has_value());
}

// The older flags (--retry-base-ms, --retry-factor, --retry-cap-ms) keep their meaning.
TEST(Backoff, ExponentialScheduleOfTheOlderFlags) {
  RetryPolicy p;
  p.exponential = true;
  p.max_attempts = 8;
  p.jitter = 0;
  const std::int64_t expected[] = {2000, 6000, 18000, 54000, 162000, 486000, 1458000};
  for (int n = 1; n <= 7; ++n) EXPECT_EQ(retry_delay_ms(p, n, 0.0), expected[n - 1]) << n;
  EXPECT_FALSE(retry_delay_ms(p, 8, 0.0).has_value());
  p.cap_ms = 10'000;
  p.max_attempts = 20;
  EXPECT_EQ(retry_delay_ms(p, 15, 0.0), 10'000);
  p.jitter = 0.2;
  EXPECT_EQ(retry_delay_ms(p, 1, -1.0), 1600);
}

TEST(Backoff, NoRetryBeforeTheFirstFailure) {
  EXPECT_FALSE(retry_delay_ms(RetryPolicy{}, 0, 0.0).has_value());
}
