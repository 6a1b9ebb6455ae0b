#include "completion/interpret.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "seed_bodies.hpp"

namespace cw = idv::completion;
using cw::DecisionOutcome;
using cw::IssueCode;
using cw::Reviewer;
using cw::WebhookFormat;
using nlohmann::json;

namespace {
const cw::Delivery kDelivery{"msg_1", 1800000000};

std::string risk_body(const char* status, const char* level, bool final) {
  return json{{"type", "RISK_ASSESSMENT_UPDATED"},
              {"timestamp", "2026-11-22T09:33:12Z"},
              {"data",
               {{"trackingReference", "ref-1"},
                {"referenceData", "order-1042"},
                {"assessmentStatus", status},
                {"riskLevel", level},
                {"final", final}}}}
      .dump();
}

std::string callback_body(const char* overall, bool manual) {
  json j = json::parse(cw::test::kSeed003Example);
  j["status"]["overall"] = overall;
  if (manual) j["status"]["manualFace"] = "FACE_MATCH";
  return j.dump();
}
}  // namespace

TEST(DetectFormat, RecognisesTheThreeFormats) {
  EXPECT_EQ(cw::detectFormat(risk_body("COMPLETED", "LOW", true)),
            WebhookFormat::RiskAssessmentUpdated);
  EXPECT_EQ(cw::detectFormat(cw::test::kSeed003Example), WebhookFormat::IdentificationCallback);
  EXPECT_EQ(cw::detectFormat(R"({"id":"idf_1"})"), WebhookFormat::Thin);
  EXPECT_EQ(cw::detectFormat(R"({"type":"PAYMENT_DONE","id":"x"})"), WebhookFormat::Unknown);
  EXPECT_EQ(cw::detectFormat(R"({"hello":1})"), WebhookFormat::Unknown);
  EXPECT_EQ(cw::detectFormat("garbage"), WebhookFormat::Unknown);
}

TEST(Interpret, RiskAssessmentMapsThroughTheRiskPolicy) {
  struct Case {
    const char* level;
    DecisionOutcome outcome;
    cw::RiskLevel risk;
  };
  for (const Case& c : {Case{"LOW", DecisionOutcome::Approved, cw::RiskLevel::Low},
                        Case{"MEDIUM", DecisionOutcome::NeedsReview, cw::RiskLevel::Medium},
                        Case{"HIGH", DecisionOutcome::Rejected, cw::RiskLevel::High},
                        Case{"WHAT", DecisionOutcome::NeedsReview, cw::RiskLevel::Unknown}}) {
    const auto r = cw::interpretWebhook(risk_body("COMPLETED", c.level, true), kDelivery);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r.decision.has_value());
    const auto& d = *r.decision;
    EXPECT_EQ(d.outcome, c.outcome) << c.level;
    EXPECT_EQ(d.risk, c.risk);
    EXPECT_TRUE(d.final);
    EXPECT_EQ(d.reviewer, Reviewer::Unspecified);
    EXPECT_EQ(d.reference, "ref-1");
    EXPECT_EQ(d.merchantReference, "order-1042");
    EXPECT_EQ(d.source, cw::SourceFormat::RiskAssessmentUpdated);
    EXPECT_EQ(d.messageId, "msg_1");
    EXPECT_EQ(d.decidedAt, 1795339992);  // 2026-11-22T09:33:12Z
    EXPECT_EQ(d.receivedAt, 1800000000);
    EXPECT_EQ(d.senderStatus, "COMPLETED");
  }
  cw::RiskPolicy strict;
  strict.medium = DecisionOutcome::Rejected;
  const auto r = cw::interpretWebhook(risk_body("COMPLETED", "MEDIUM", true), kDelivery, strict);
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::Rejected);
}

TEST(Interpret, NotFinalRiskAssessmentIsAnAutomaticPendingVerdict) {
  const auto r = cw::interpretWebhook(risk_body("IN_REVIEW", "MEDIUM", false), kDelivery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::Pending);
  EXPECT_EQ(r.decision->reviewer, Reviewer::Automatic);
  EXPECT_FALSE(r.decision->final);
  // A pending outcome cannot be final, even if the sender says so.
  EXPECT_FALSE(
      cw::interpretWebhook(risk_body("IN_REVIEW", "MEDIUM", true), kDelivery).decision->final);
  const auto odd = cw::interpretWebhook(risk_body("SOMETHING", "LOW", true), kDelivery);
  EXPECT_EQ(odd.decision->outcome, DecisionOutcome::Unknown);
  ASSERT_EQ(odd.warnings.size(), 1u);
  EXPECT_EQ(odd.warnings[0],
            (cw::ParseIssue{IssueCode::UnknownEnumValue, "data.assessmentStatus", "SOMETHING"}));
  const auto level = cw::interpretWebhook(risk_body("COMPLETED", "EXTREME", true), kDelivery);
  EXPECT_TRUE(cw::hasIssue(level.warnings, IssueCode::UnknownEnumValue, "data.riskLevel"));
  EXPECT_TRUE(
      cw::interpretWebhook(risk_body("COMPLETED", "LOW", true), kDelivery).warnings.empty());
}

TEST(Interpret, IdentificationCallbackAutomaticThenManual) {
  auto r = cw::interpretWebhook(callback_body("APPROVED", false), kDelivery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.format, WebhookFormat::IdentificationCallback);
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::Approved);
  EXPECT_EQ(r.decision->reviewer, Reviewer::Automatic);
  EXPECT_FALSE(r.decision->final);  // the manual verdict follows
  EXPECT_EQ(r.decision->reference, "scan-ref");
  EXPECT_EQ(r.decision->merchantReference, "123");
  EXPECT_EQ(r.decision->decidedAt, 1554727002);
  EXPECT_EQ(r.decision->risk, cw::RiskLevel::Unknown);

  r = cw::interpretWebhook(callback_body("DENIED", true), kDelivery);
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::Rejected);
  EXPECT_EQ(r.decision->reviewer, Reviewer::Manual);
  EXPECT_TRUE(r.decision->final);
}

TEST(Interpret, OverallStatusTable) {
  struct Case {
    const char* overall;
    bool manual;
    DecisionOutcome outcome;
    bool final;
  };
  const Case cases[] = {
      {"APPROVED", true, DecisionOutcome::Approved, true},
      {"SUSPECTED", false, DecisionOutcome::NeedsReview, false},
      {"SUSPECTED", true, DecisionOutcome::NeedsReview, true},
      {"REVIEWING", true, DecisionOutcome::Pending, false},
      {"ACTIVE", false, DecisionOutcome::Pending, false},
      {"EXPIRED", false, DecisionOutcome::Expired, true},
      {"DELETED", false, DecisionOutcome::Cancelled, true},
      {"ARCHIVED", true, DecisionOutcome::Cancelled, true},
      {"BRAND_NEW", true, DecisionOutcome::Unknown, false},
  };
  for (const Case& c : cases) {
    const auto r = cw::interpretWebhook(callback_body(c.overall, c.manual), kDelivery);
    ASSERT_TRUE(r.ok()) << c.overall;
    EXPECT_EQ(r.decision->outcome, c.outcome) << c.overall;
    EXPECT_EQ(r.decision->final, c.final) << c.overall << " manual=" << c.manual;
  }
  EXPECT_TRUE(
      cw::hasIssue(cw::interpretWebhook(callback_body("BRAND_NEW", true), kDelivery).warnings,
                   IssueCode::UnknownEnumValue, "status.overall"));
}

TEST(Interpret, ThinWebhookAsksForAFetchAndCarriesNoDecision) {
  const auto r = cw::interpretWebhook(R"({"id":"idf_9"})", kDelivery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.format, WebhookFormat::Thin);
  EXPECT_FALSE(r.decision.has_value());
  ASSERT_TRUE(r.fetch.has_value());
  EXPECT_EQ(r.fetch->path(), "/v1/identifications/idf_9");

  const auto doc = cw::interpretStatusDocument(
      R"({"id":"idf_9","status":"REJECTED","riskLevel":"HIGH","reviewer":"manual","updatedAt":"2026-11-22T09:33:12Z"})",
      r.fetch->id, kDelivery);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.decision->outcome, DecisionOutcome::Rejected);
  EXPECT_EQ(doc.decision->risk, cw::RiskLevel::High);
  EXPECT_EQ(doc.decision->reviewer, Reviewer::Manual);
  EXPECT_TRUE(doc.decision->final);
  EXPECT_EQ(doc.decision->source, cw::SourceFormat::IdentificationStatus);
  EXPECT_EQ(doc.decision->reference, "idf_9");
  EXPECT_EQ(doc.decision->decidedAt, 1795339992);
}

TEST(Interpret, StatusDocumentFinality) {
  const auto pending = cw::interpretStatusDocument(
      R"({"id":"a","status":"PROCESSING","final":true})", "a", kDelivery);
  EXPECT_EQ(pending.decision->outcome, DecisionOutcome::Pending);
  EXPECT_FALSE(pending.decision->final);
  const auto not_final = cw::interpretStatusDocument(
      R"({"id":"a","status":"APPROVED","final":false,"reviewer":"automatic"})", "a", kDelivery);
  EXPECT_FALSE(not_final.decision->final);
  EXPECT_EQ(not_final.decision->reviewer, Reviewer::Automatic);
  const auto review =
      cw::interpretStatusDocument(R"({"id":"a","status":"NEEDS_REVIEW"})", "a", kDelivery);
  EXPECT_EQ(review.decision->outcome, DecisionOutcome::NeedsReview);
  EXPECT_TRUE(review.decision->final);
  const auto wrong =
      cw::interpretStatusDocument(R"({"id":"b","status":"APPROVED"})", "a", kDelivery);
  EXPECT_FALSE(wrong.ok());
  EXPECT_FALSE(wrong.decision.has_value());
}

TEST(Interpret, ErrorsSayWhy) {
  auto r = cw::interpretWebhook("{not json", kDelivery);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, IssueCode::MalformedJson);
  r = cw::interpretWebhook(R"({"type":"PAYMENT_DONE"})", kDelivery);
  EXPECT_EQ(r.error->code, IssueCode::UnsupportedFormat);
  r = cw::interpretWebhook(R"({"hello":"world"})", kDelivery);
  EXPECT_EQ(r.error->code, IssueCode::UnsupportedFormat);
  r = cw::interpretWebhook(R"({"type":"RISK_ASSESSMENT_UPDATED","data":{"trackingReference":"t"}})",
                           kDelivery);
  EXPECT_EQ(r.format, WebhookFormat::RiskAssessmentUpdated);
  EXPECT_EQ(r.error->code, IssueCode::MissingField);
  EXPECT_EQ(r.error->field, "assessmentStatus");
  r = cw::interpretWebhook(std::string(cw::kMaxWebhookBodyBytes + 1, ' '), kDelivery);
  EXPECT_EQ(r.error->code, IssueCode::TooLarge);
  EXPECT_EQ(cw::describe(cw::ParseIssue{IssueCode::TooLong, "scanRef", "37 characters > 36"}),
            "scanRef: too_long (37 characters > 36)");
}

TEST(VerificationDecision, HasNoSubmittedOrCompletedOutcome) {
  // Phase 1 "COMPLETED" (data entry done) must never read as a decision.
  for (auto o : {DecisionOutcome::Pending, DecisionOutcome::NeedsReview, DecisionOutcome::Approved,
                 DecisionOutcome::Rejected, DecisionOutcome::Expired, DecisionOutcome::Cancelled,
                 DecisionOutcome::Unknown}) {
    EXPECT_NE(cw::toString(o), "completed");
    EXPECT_NE(cw::toString(o), "submitted");
  }
  EXPECT_FALSE(cw::isDecided(DecisionOutcome::Pending));
  EXPECT_TRUE(cw::isDecided(DecisionOutcome::Expired));
}
