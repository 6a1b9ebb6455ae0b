// The outcome rule in each format's words: the same customer gets the same outcome whatever
// format the merchant chose, and the seed-003 timing rules (what is sent for FAILED / EXPIRED).
#include "service/phase2_verdicts.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "completion/builders.hpp"
#include "completion/interpret.hpp"
#include "service/status_document.hpp"
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
    const auto in = idv::completion::interpretWebhook(body, {"msg_x", 9000});
    ASSERT_TRUE(in.ok()) << body;
    EXPECT_TRUE(in.warnings.empty()) << idv::completion::describe(in.warnings.front());
    EXPECT_EQ(in.decision->reviewer,
              i == 0 ? idv::completion::Reviewer::Automatic : idv::completion::Reviewer::Manual);
    EXPECT_EQ(in.decision->merchantReference, "order-1");
  }
  const auto p = idv::completion::parseIdentificationCallback(webhook_body(
      WebhookFormat::identification, {s, v[0], 9'000'000, 8'000'000, "http://127.0.0.1:8080"}));
  EXPECT_EQ(p.callback->platform, "PC");
  EXPECT_EQ(p.callback->startTime, 2000);
  EXPECT_EQ(p.callback->finishTime, 8000);
  EXPECT_EQ(p.callback->fileUrls.face,
            "http://127.0.0.1:8080/v1/files/" + s.ref + "/" + s.files_token + "/selfie.jpg");
  EXPECT_FALSE(p.callback->fileUrls.back.has_value());
  EXPECT_EQ(p.callback->data.docIssuingCountry, "LT");
}

TEST(Phase2Verdicts, PlatformFromUserAgent) {
  EXPECT_EQ(platform_from_user_agent(""), "OTHER");
  EXPECT_EQ(platform_from_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Mobile/15E148"),
            "MOBILE");
  EXPECT_EQ(platform_from_user_agent("Mozilla/5.0 (iPad; CPU OS 17_0)"), "TABLET");
  EXPECT_EQ(platform_from_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64)"), "PC");
}

// ---------------------------------------------------------------- the wallet path (issue 13)

TEST(Phase2Verdicts, AWalletSessionSaysWhatStoodForThePhotos) {
  CustomerData wallet = kAda;
  wallet.wallet = true;
  for (const auto f :
       {WebhookFormat::risk_assessment, WebhookFormat::identification, WebhookFormat::thin}) {
    for (const auto& v : phase2_verdicts(f, "COMPLETED", "", wallet, kToday)) {
      EXPECT_NE(v.reason.find("the issuer's signature verified (document)"), std::string::npos)
          << v.reason;
      EXPECT_NE(v.reason.find("the wallet's device unlock (biometrics)"), std::string::npos);
    }
    EXPECT_EQ(phase2_verdicts(f, "COMPLETED", "", wallet, kToday).back().doc_status, "APPROVED")
        << "the same outcome as through the portal";
  }
  const auto id = phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", wallet, kToday);
  EXPECT_EQ(id[0].auto_document, "DOC_VALIDATED");
  EXPECT_EQ(id[0].auto_face, "FACE_NOT_ANALYSED") << "no face was compared";
  EXPECT_EQ(id[1].manual_face, "FACE_NOT_ANALYSED");
  const auto portal = phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", kAda, kToday);
  EXPECT_EQ(portal[0].auto_face, "FACE_MATCH");
  EXPECT_EQ(portal[0].reason.find("wallet"), std::string::npos);
}

TEST(Phase2Verdicts, AWalletsAgeOver18FalseIsTheMinorRule) {
  CustomerData c = kAda;
  c.wallet = true;
  c.age_over_18 = false;
  EXPECT_EQ(assess(c, kToday).front().rule, Rule::minor);
  c.age_over_18 = true;
  EXPECT_EQ(assess(c, kToday).front().rule, Rule::clear);
}

TEST(Phase2Verdicts, EveryFormatSaysTheVerificationMethod) {
  Session s;
  s.ref = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  s.status = "COMPLETED";
  s.reference_data = "order-1";
  s.details = R"({"firstName":"Erika","lastName":"Mustermann","dateOfBirth":"1984-01-26",
                  "nationality":"DE","documentNumber":"T22000129","verificationMethod":"wallet",
                  "credentialFormat":"dc+sd-jwt"})";
  CustomerData c{"Erika", "Mustermann", "1984-01-26", "T22000129"};
  c.wallet = true;
  const auto method_of = [](const std::string& body, const char* object) {
    auto j = nlohmann::json::parse(body);
    if (object) j = j[object];
    return j.value("verificationMethod", std::string("(absent)"));
  };
  for (const auto& [method, details] :
       {std::pair{"wallet", s.details},
        std::pair{"document", std::string(R"({"firstName":"A"})")}}) {
    s.details = details;
    const auto ra = phase2_verdicts(WebhookFormat::risk_assessment, "COMPLETED", "", c, kToday);
    const auto body = webhook_body(WebhookFormat::risk_assessment, {s, ra[0], 1000, 1000, ""});
    EXPECT_EQ(method_of(body, "data"), method) << body;
    const auto in = idv::completion::interpretWebhook(body, {"msg_x", 1});
    ASSERT_TRUE(in.ok()) << body;
    EXPECT_TRUE(in.warnings.empty());

    const auto id = phase2_verdicts(WebhookFormat::identification, "COMPLETED", "", c, kToday);
    const auto cb = webhook_body(WebhookFormat::identification, {s, id[0], 1000, 1000, "http://x"});
    EXPECT_EQ(method_of(cb, nullptr), method) << cb;
    const auto in_cb = idv::completion::interpretWebhook(cb, {"msg_y", 1});
    ASSERT_TRUE(in_cb.ok()) << cb;
    EXPECT_TRUE(in_cb.warnings.empty());

    EXPECT_EQ(webhook_body(WebhookFormat::thin, {s, ra[0], 1000, 1000, ""}),
              R"({"id":")" + s.ref + R"("})")
        << "the thin doorbell carries nothing else";
    const auto doc = status_document_json(s);
    EXPECT_EQ(method_of(doc, nullptr), method) << doc;
    EXPECT_TRUE(idv::completion::interpretStatusDocument(doc, s.ref, {"msg_z", 1}).ok());
  }
  // No data entry, no method: an expired or failed session was verified by nothing.
  s.status = "FAILED";
  const auto failed =
      phase2_verdicts(WebhookFormat::risk_assessment, "FAILED", "terminated", {}, kToday);
  EXPECT_EQ(
      method_of(webhook_body(WebhookFormat::risk_assessment, {s, failed[0], 1, 1, ""}), "data"),
      "(absent)");
  EXPECT_EQ(method_of(status_document_json(s), nullptr), "(absent)");
}
