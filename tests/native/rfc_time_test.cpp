#include <gtest/gtest.h>

#include "time/rfc_time.hpp"

namespace idv {
namespace {

TEST(RfcTime, ParsesRfc3339Forms) {
  EXPECT_EQ(parseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parseRfc3339("2026-11-22T10:00:00Z"), 1795341600000);
  EXPECT_EQ(parseRfc3339("2026-11-22T10:00:00.250Z"), 1795341600250);
  EXPECT_EQ(parseRfc3339("2026-11-22T11:00:00+01:00"), 1795341600000);
  EXPECT_EQ(parseRfc3339("2026-11-22t10:00:00z"), 1795341600000);
  EXPECT_EQ(parseRfc3339("2024-02-29T00:00:00Z").has_value(), true);
}

TEST(RfcTime, RejectsMalformedRfc3339) {
  for (const char* bad :
       {"", "2026-11-22", "2026-11-22 10:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:00:00",
        "2026-11-22T10:00:00Zjunk", "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00+0100",
        "１９７０-01-01T00:00:00Z"})
    EXPECT_FALSE(parseRfc3339(bad).has_value()) << bad;
}

TEST(RfcTime, ParsesImfFixdate) {
  EXPECT_EQ(parseHttpDate("Sun, 22 Nov 2026 10:00:00 GMT"), 1795341600000);
  EXPECT_EQ(parseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_FALSE(parseHttpDate("Sunday, 22-Nov-26 10:00:00 GMT").has_value());  // obsolete RFC 850
  EXPECT_FALSE(parseHttpDate("Sun Nov 22 10:00:00 2026").has_value());        // asctime
  EXPECT_FALSE(parseHttpDate("Sun, 22 Nov 2026 10:00:00 UTC").has_value());
  EXPECT_FALSE(parseHttpDate("Sun, 31 Nov 2026 10:00:00 GMT").has_value());
}

TEST(RfcTime, RetryAfterBothForms) {
  const Millis now = 1795341600000;
  EXPECT_EQ(parseRetryAfter("120", now), 120000);
  EXPECT_EQ(parseRetryAfter(" 0 ", now), 0);
  EXPECT_EQ(parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", now), 30000);
  EXPECT_EQ(parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now), 0) << "a past date: now";
  EXPECT_FALSE(parseRetryAfter("-5", now).has_value());
  EXPECT_FALSE(parseRetryAfter("1.5", now).has_value());
  EXPECT_FALSE(parseRetryAfter("", now).has_value());
  EXPECT_FALSE(parseRetryAfter("99999999999999999999999", now).has_value());
}

}  // namespace
}  // namespace idv
