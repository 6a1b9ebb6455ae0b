// Small pieces of the service: ETag matching, upload sniffing, rate limiting, UUIDs, time.
#include <gtest/gtest.h>

#include <set>

#include "common/clock.hpp"
#include "common/random_ids.hpp"
#include "service/rate_limiter.hpp"
#include "service/tracking_api.hpp"
#include "service/uploads.hpp"

using namespace idv::demo;

TEST(Etag, MatchesListsWeakTagsAndStar) {
  EXPECT_TRUE(etag_matches("\"v3\"", "\"v3\""));
  EXPECT_TRUE(etag_matches("\"v1\", W/\"v3\"", "\"v3\""));
  EXPECT_TRUE(etag_matches("*", "\"v3\""));
  EXPECT_FALSE(etag_matches("\"v33\"", "\"v3\""));
  EXPECT_FALSE(etag_matches("", "\"v3\""));
  EXPECT_FALSE(etag_matches("v3", "\"v3\""));
}

TEST(Uploads, SniffsByMagicBytesNotByName) {
  EXPECT_EQ(sniff_image(std::string("\xFF\xD8\xFF\xE0", 4)), ImageType::jpeg);
  EXPECT_EQ(sniff_image(std::string("\x89PNG\r\n\x1a\n....", 12)), ImageType::png);
  EXPECT_EQ(sniff_image(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), ImageType::webp);
  EXPECT_FALSE(sniff_image("GIF89a").has_value());
  EXPECT_FALSE(sniff_image("<svg onload=alert(1)>").has_value());
  EXPECT_FALSE(sniff_image("").has_value());
}

TEST(Uploads, RefusesWithoutWritingAnything) {
  const std::string png("\x89PNG\r\n\x1a\n....", 12);
  EXPECT_EQ(store_upload("/nonexistent-dir", "r", "front", "", 100).problem,
            UploadProblem::missing);
  EXPECT_EQ(store_upload("/nonexistent-dir", "r", "front", png, 4).problem,
            UploadProblem::too_large);
  EXPECT_EQ(store_upload("/nonexistent-dir", "r", "front", "%PDF-1.7", 100).problem,
            UploadProblem::wrong_type);
}

TEST(RateLimiter, AllowsBurstThenAsksToWait) {
  RateLimiter limiter(1.0, 3.0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.acquire("a", 1000), 0);
  EXPECT_EQ(limiter.acquire("a", 1000), 1);
  EXPECT_EQ(limiter.acquire("b", 1000), 0) << "buckets are per client";
  EXPECT_EQ(limiter.acquire("a", 2100), 0) << "refilled after a second";
}

TEST(RandomIds, UuidV4Shape) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const auto id = uuid_v4();
    ASSERT_TRUE(id.has_value());
    EXPECT_TRUE(is_uuid(*id));
    EXPECT_EQ((*id)[14], '4');
    EXPECT_NE(std::string("89ab").find((*id)[19]), std::string::npos);
    seen.insert(*id);
  }
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_FALSE(is_uuid("3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d1"));
  EXPECT_FALSE(is_uuid("3f0c9a52x4d7e-4a51-9a43-8c3b1f1e2d10"));
}

TEST(Clock, Rfc3339Utc) {
  EXPECT_EQ(rfc3339(1614265330000), "2021-02-25T15:02:10Z");
  EXPECT_EQ(rfc3339_ms(1614265330123), "2021-02-25T15:02:10.123Z");
}
