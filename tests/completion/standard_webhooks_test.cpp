#include "completion/standard_webhooks.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cw = idv::completion;
using cw::VerifyResult;

namespace {
// Public test vector from the Standard Webhooks reference libraries (DESIGN.md contract 2).
constexpr std::string_view kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kTs = 1614265330;
constexpr std::string_view kBody = R"({"test": 2432232314})";
constexpr std::string_view kSig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

cw::WebhookHeaders headers(std::string_view sig, std::string_view ts = "1614265330",
                           std::string_view id = kId) {
  return {id, ts, sig};
}
}  // namespace

TEST(StandardWebhooks, SignsThePublicTestVector) {
  EXPECT_EQ(cw::sign(kSecret, kId, kTs, kBody), std::string(kSig));
}

TEST(StandardWebhooks, PrefixIsOptional) {
  EXPECT_EQ(cw::sign(kSecret.substr(6), kId, kTs, kBody), std::string(kSig));
  EXPECT_EQ(cw::verify(kSecret.substr(6), headers(kSig), kBody, kTs), VerifyResult::Ok);
}

TEST(StandardWebhooks, VerifiesThePublicTestVector) {
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs), VerifyResult::Ok);
}

TEST(StandardWebhooks, RejectsTamperedBodyIdAndTimestamp) {
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), R"({"test": 2432232315})", kTs),
            VerifyResult::NoMatchingSignature);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig, "1614265330", "msg_other"), kBody, kTs),
            VerifyResult::NoMatchingSignature);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig, "1614265331"), kBody, kTs),
            VerifyResult::NoMatchingSignature);
}

TEST(StandardWebhooks, RejectsAnotherKey) {
  const auto other = cw::WebhookSecret::generate();
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(cw::verify(*other, headers(kSig), kBody, kTs), VerifyResult::NoMatchingSignature);
}

TEST(StandardWebhooks, AcceptsAnyOfSeveralSignaturesDuringKeyRotation) {
  const std::string rotated =
      "v1,Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg= " + std::string(kSig);
  EXPECT_EQ(cw::verify(kSecret, headers(rotated), kBody, kTs), VerifyResult::Ok);
  const std::string first = std::string(kSig) + " v1,Zm9vYmFy";
  EXPECT_EQ(cw::verify(kSecret, headers(first), kBody, kTs), VerifyResult::Ok);
}

TEST(StandardWebhooks, IgnoresOtherSchemesAndGarbage) {
  // The same bytes under another version prefix must not count.
  const std::string other_version = "v1a," + std::string(kSig.substr(3));
  EXPECT_EQ(cw::verify(kSecret, headers(other_version), kBody, kTs),
            VerifyResult::NoMatchingSignature);
  EXPECT_EQ(cw::verify(kSecret, headers("v1,not base64!!"), kBody, kTs),
            VerifyResult::NoMatchingSignature);
  EXPECT_EQ(cw::verify(kSecret, headers("v1,"), kBody, kTs), VerifyResult::NoMatchingSignature);
  // A truncated signature (a prefix of the right one) must not match either.
  EXPECT_EQ(cw::verify(kSecret, headers("v1,g0hM9SsE"), kBody, kTs),
            VerifyResult::NoMatchingSignature);
}

TEST(StandardWebhooks, EnforcesTheTimestampTolerance) {
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs + 300), VerifyResult::Ok);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs - 300), VerifyResult::Ok);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs + 301), VerifyResult::TimestampTooOld);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs - 301), VerifyResult::TimestampTooNew);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs + 20, 10), VerifyResult::TimestampTooOld);
}

TEST(StandardWebhooks, ReportsMissingAndMalformedHeaders) {
  EXPECT_EQ(cw::verify(kSecret, headers(kSig, kId, ""), kBody, kTs), VerifyResult::MissingId);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig, ""), kBody, kTs), VerifyResult::MissingTimestamp);
  EXPECT_EQ(cw::verify(kSecret, headers(""), kBody, kTs), VerifyResult::MissingSignature);
  for (const char* ts :
       {"abc", "-1614265330", "1614265330.5", " 1614265330", "1e9", "99999999999999999999999"}) {
    EXPECT_EQ(cw::verify(kSecret, headers(kSig, ts), kBody, kTs), VerifyResult::InvalidTimestamp)
        << ts;
  }
}

TEST(StandardWebhooks, RejectsMalformedSecrets) {
  EXPECT_FALSE(cw::WebhookSecret::parse("whsec_").has_value());
  EXPECT_FALSE(cw::WebhookSecret::parse("whsec_not*base64").has_value());
  EXPECT_FALSE(cw::sign("", kId, kTs, kBody).has_value());
  EXPECT_EQ(cw::verify("whsec_%%%", headers(kSig), kBody, kTs), VerifyResult::InvalidSecret);
}

TEST(StandardWebhooks, GeneratedSecretsRoundTrip) {
  const auto secret = cw::WebhookSecret::generate();
  ASSERT_TRUE(secret.has_value());
  const std::string text = secret->toString();
  EXPECT_TRUE(text.starts_with("whsec_"));
  const std::string sig = secret->sign("msg_1", 1700000000, "{}");
  EXPECT_EQ(cw::verify(text, {"msg_1", "1700000000", sig}, "{}", 1700000010), VerifyResult::Ok);
}

TEST(StandardWebhooks, FreshTimestampsGiveDistinctSignatures) {
  const auto key = cw::WebhookSecret::parse(kSecret);
  ASSERT_TRUE(key.has_value());
  std::set<std::string> sigs;
  for (std::int64_t t = kTs; t < kTs + 3; ++t) sigs.insert(key->sign(kId, t, kBody));
  EXPECT_EQ(sigs.size(), 3u);
}

TEST(StandardWebhooks, MessageIdsAreUniqueAndWellFormed) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const auto id = cw::generateMessageId();
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(id->size(), 30u);
    EXPECT_TRUE(id->starts_with("msg_"));
    ids.insert(*id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(StandardWebhooks, ReasonsHaveNames) {
  EXPECT_EQ(cw::toString(VerifyResult::Ok), "ok");
  EXPECT_EQ(cw::toString(VerifyResult::TimestampTooOld), "timestamp_too_old");
  EXPECT_EQ(cw::toString(VerifyResult::NoMatchingSignature), "no_matching_signature");
}

TEST(StandardWebhooks, RejectsATamperedSignature) {
  // Flip each character of the base64 MAC in turn: none may still verify.
  const std::string sig(kSig);
  int rejected = 0;
  for (std::size_t i = 3; i + 1 < sig.size(); ++i) {  // keep "v1," and the final '='
    std::string bad = sig;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    const auto r = cw::verify(kSecret, headers(bad), kBody, kTs);
    EXPECT_EQ(r, VerifyResult::NoMatchingSignature) << bad;
    rejected += r == VerifyResult::NoMatchingSignature;
  }
  EXPECT_EQ(rejected, static_cast<int>(sig.size()) - 4);
  // An extra byte appended to a valid MAC is not a prefix match either.
  EXPECT_EQ(
      cw::verify(kSecret, headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OEA"), kBody, kTs),
      VerifyResult::NoMatchingSignature);
}

TEST(StandardWebhooks, ToleranceFollowsTheInjectedClockNotTheRealOne) {
  // The vector's timestamp is from 2021: verification depends only on the `now` we pass.
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs + 299), VerifyResult::Ok);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, 1800000000), VerifyResult::TimestampTooOld);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs, 0), VerifyResult::Ok);
  EXPECT_EQ(cw::verify(kSecret, headers(kSig), kBody, kTs + 1, 0), VerifyResult::TimestampTooOld);
}

TEST(StandardWebhooks, ToleranceIsCheckedBeforeTheSignature) {
  // A replay of a valid request outside the window is reported as too old, not as a bad MAC.
  EXPECT_EQ(cw::verify(kSecret, headers("v1,AAAA"), kBody, kTs + 1000),
            VerifyResult::TimestampTooOld);
}

TEST(StandardWebhooks, RejectsAnotherSpellingOfTheSameMac) {
  // Found by tests/cli: "...OLJ1OF=" decodes to the same 32 bytes as "...OLJ1OE=" when the
  // padding bits are ignored. Only the canonical spelling may verify.
  EXPECT_EQ(
      cw::verify(kSecret, headers("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OF="), kBody, kTs),
      VerifyResult::NoMatchingSignature);
}
