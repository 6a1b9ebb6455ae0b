// The outcome rule in each format's words: the same customer gets the same outcome whatever
// format the merchant chose, and the seed-003 timing rules (what is sent for FAILED / EXPIRED).
#include "service/phase2_verdicts.hpp"

#include <gtest/gtest.h>

#include "completion/builders.hpp"
#include "completion/interpret.hpp"
#include "service/webhook_bodies.hpp"

using namespace idv::demo;

namespace {
constexpr std::string_view kToday = "2026-11-22";
const CustomerData kAda{"Ada", "Lovelace", "1990-04-23", "AB123456"};
const CustomerData kSanctioned{"Ivan", "Sanctioned", "1980-01-01", "AB123456"};
const CustomerData kReview{"Ada", "Lovelace", "1990-04-23", "XY12000"};
}  // namespace

TEST(Phase2Verdicts, IdentificationIsAlwaysAutomaticThenManual) {
  for (const auto& c : {kAda, kSanctioned, kReview}) {
    const auto v = phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", c, kToday);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_FALSE(v[0].manual);
    EXPECT_FALSE(v[0].final);
    EXPECT_TRUE(v[1].manual);
    EXPECT_TRUE(v[1].final);
    EXPECT_EQ(v[1].auto_document, v[0].auto_document)
        << "the manual callback keeps the automatic results";
    EXPECT_TRUE(v[1].manual_document.has_value());
  }
}

TEST(Phase2Verdicts, SameOutcomeInEveryFormat) {
  const auto last = [](WebhookFormat f, const CustomerData& c) {
    return phase2_verdicts(f, "COMPLETED", "", c, kToday).back().doc_status;
  };
  for (const auto& [c, expected] : {std::pair{kAda, "APPROVED"}, std::pair{kSanctioned, "REJECTED"},
                                    std::pair{kReview, "NEEDS_REVIEW"}}) {
    EXPECT_EQ(last(WebhookFormat::risk_assessment, c), expected);
    EXPECT_EQ(last(WebhookFormat::thin, c), expected);
    EXPECT_EQ(last(WebhookFormat::identification, c), expected);
  }
  EXPECT_EQ(phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", kSanctioned, kToday)[0]
                .overall,
            "SUSPECTED");
  EXPECT_EQ(phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", kSanctioned, kToday)[1]
                .overall,
            "DENIED");
}

TEST(Phase2Verdicts, TimingRules) {
  // An open session sends nothing, in any format.
  for (const auto f :
       {WebhookFormat::risk_assessment, WebhookFormat::identification, WebhookFormat::thin})
    for (const char* open : {"PENDING", "IN_PROGRESS"})
      EXPECT_TRUE(phase2_verdicts(f, open, "", kAda, kToday).empty());
  // Expiry: contract 2 has no event; seed 003 sends one final EXPIRED callback.
  EXPECT_TRUE(
      phase2_verdicts(WebhookFormat::risk_assessment, "EXPIRED", "expired", {}, kToday).empty());
  const auto expired =
      phase2_verdicts(WebhookFormat::identification, "EXPIRED", "expired", {}, kToday);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].overall, "EXPIRED");
  EXPECT_FALSE(expired[0].auto_document.has_value());
  // FAILED: rejected in every format.
  const auto failed =
      phase2_verdicts(WebhookFormat::identification, "FAILED", "terminated", {}, kToday);
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].suspicion_reasons, std::vector<std::string>{"DEV_TOOLS_OPENED"});
  EXPECT_EQ(phase2_verdicts(WebhookFormat::risk_assessment, "FAILED", "max_attempts", {}, kToday)[0]
                .assessment_status,
            "FAILED");
}

TEST(Phase2Verdicts, IdentificationBodyParsesCleanlyAndDecides) {
  Session s;
  s.ref = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  s.status = "COMPLETED";
  s.reference_data = "order-1";
  s.files_token = "0123456789abcdef0123456789abcdef";
  s.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
  s.created_ms = 1'000'000;
  s.started_ms = 2'000'000;
  s.details =
      R"({"firstName":"Ivan","lastName":"Sanctioned","dateOfBirth":"1980-01-01","documentType":"ID_CARD",
                  "documentNumber":"AB123456","nationality":"LT","files":{"front":"front.png","selfie":"selfie.jpg"}})";
  const auto v =
      phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", kSanctioned, kToday);
  ASSERT_EQ(v.size(), 2u) << "the automatic callback, then the manual one: the loop checks both";
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string body = webhook_body(WebhookFormat::identification,
                                          {s, v[i], 9'000'000, 8'000'000, "http://127.0.0.1:8080"});
    const auto in = idv::completion::interpret_webhook(body, {"msg_x", 9000});
    ASSERT_TRUE(in.ok()) << body;
    EXPECT_TRUE(in.warnings.empty()) << idv::completion::describe(in.warnings.front());
    EXPECT_EQ(in.decision->reviewer,
              i == 0 ? idv::completion::Reviewer::automatic : idv::completion::Reviewer::manual);
    EXPECT_EQ(in.decision->merchant_reference, "order-1");
  }
  const auto p = idv::completion::parse_identification_callback(webhook_body(
      WebhookFormat::identification, {s, v[0], 9'000'000, 8'000'000, "http://127.0.0.1:8080"}));
  EXPECT_EQ(p.callback->platform, "PC");
  EXPECT_EQ(p.callback->start_time, 2000);
  EXPECT_EQ(p.callback->finish_time, 8000);
  EXPECT_EQ(p.callback->file_urls.face,
            "http://127.0.0.1:8080/v1/files/" + s.ref + "/" + s.files_token + "/selfie.jpg");
  EXPECT_FALSE(p.callback->file_urls.back.has_value());
  EXPECT_EQ(p.callback->data.doc_issuing_country, "LT");
}

TEST(Phase2Verdicts, PlatformFromUserAgent) {
  EXPECT_EQ(platform_from_user_agent(""), "OTHER");
  EXPECT_EQ(platform_from_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148"),
            "MOBILE");
  EXPECT_EQ(platform_from_user_agent("Mozilla/5.0 (iPad; CPU OS 17_0)"), "TABLET");
  EXPECT_EQ(platform_from_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"), "PC");
}
