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
  EXPECT_EQ(cw::detect_format(risk_body("COMPLETED", "LOW", true)),
            WebhookFormat::risk_assessment_updated);
  EXPECT_EQ(cw::detect_format(cw::test::kSeed003Example), WebhookFormat::identification_callback);
  EXPECT_EQ(cw::detect_format(R"({"id":"idf_1"})"), WebhookFormat::thin);
  EXPECT_EQ(cw::detect_format(R"({"type":"PAYMENT_DONE","id":"x"})"), WebhookFormat::unknown);
  EXPECT_EQ(cw::detect_format(R"({"hello":1})"), WebhookFormat::unknown);
  EXPECT_EQ(cw::detect_format("garbage"), WebhookFormat::unknown);
}

TEST(Interpret, RiskAssessmentMapsThroughTheRiskPolicy) {
  struct Case {
    const char* level;
    DecisionOutcome outcome;
    cw::RiskLevel risk;
  };
  for (const Case& c : {Case{"LOW", DecisionOutcome::approved, cw::RiskLevel::low},
                        Case{"MEDIUM", DecisionOutcome::needs_review, cw::RiskLevel::medium},
                        Case{"HIGH", DecisionOutcome::rejected, cw::RiskLevel::high},
                        Case{"WHAT", DecisionOutcome::needs_review, cw::RiskLevel::unknown}}) {
    const auto r = cw::interpret_webhook(risk_body("COMPLETED", c.level, true), kDelivery);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r.decision.has_value());
    const auto& d = *r.decision;
    EXPECT_EQ(d.outcome, c.outcome) << c.level;
    EXPECT_EQ(d.risk, c.risk);
    EXPECT_TRUE(d.final);
    EXPECT_EQ(d.reviewer, Reviewer::unspecified);
    EXPECT_EQ(d.reference, "ref-1");
    EXPECT_EQ(d.merchant_reference, "order-1042");
    EXPECT_EQ(d.source, cw::SourceFormat::risk_assessment_updated);
    EXPECT_EQ(d.message_id, "msg_1");
    EXPECT_EQ(d.decided_at, 1795339992);  // 2026-11-22T09:33:12Z
    EXPECT_EQ(d.received_at, 1800000000);
    EXPECT_EQ(d.sender_status, "COMPLETED");
  }
  cw::RiskPolicy strict;
  strict.medium = DecisionOutcome::rejected;
  const auto r = cw::interpret_webhook(risk_body("COMPLETED", "MEDIUM", true), kDelivery, strict);
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::rejected);
}

TEST(Interpret, NotFinalRiskAssessmentIsAnAutomaticPendingVerdict) {
  const auto r = cw::interpret_webhook(risk_body("IN_REVIEW", "MEDIUM", false), kDelivery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::pending);
  EXPECT_EQ(r.decision->reviewer, Reviewer::automatic);
  EXPECT_FALSE(r.decision->final);
  // A pending outcome cannot be final, even if the sender says so.
  EXPECT_FALSE(
      cw::interpret_webhook(risk_body("IN_REVIEW", "MEDIUM", true), kDelivery).decision->final);
  const auto odd = cw::interpret_webhook(risk_body("SOMETHING", "LOW", true), kDelivery);
  EXPECT_EQ(odd.decision->outcome, DecisionOutcome::unknown);
  ASSERT_EQ(odd.warnings.size(), 1u);
  EXPECT_EQ(odd.warnings[0],
            (cw::ParseIssue{IssueCode::unknown_enum_value, "data.assessmentStatus", "SOMETHING"}));
  const auto level = cw::interpret_webhook(risk_body("COMPLETED", "EXTREME", true), kDelivery);
  EXPECT_TRUE(cw::has_issue(level.warnings, IssueCode::unknown_enum_value, "data.riskLevel"));
  EXPECT_TRUE(
      cw::interpret_webhook(risk_body("COMPLETED", "LOW", true), kDelivery).warnings.empty());
}

TEST(Interpret, IdentificationCallbackAutomaticThenManual) {
  auto r = cw::interpret_webhook(callback_body("APPROVED", false), kDelivery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.format, WebhookFormat::identification_callback);
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::approved);
  EXPECT_EQ(r.decision->reviewer, Reviewer::automatic);
  EXPECT_FALSE(r.decision->final);  // the manual verdict follows
  EXPECT_EQ(r.decision->reference, "scan-ref");
  EXPECT_EQ(r.decision->merchant_reference, "123");
  EXPECT_EQ(r.decision->decided_at, 1554727002);
  EXPECT_EQ(r.decision->risk, cw::RiskLevel::unknown);

  r = cw::interpret_webhook(callback_body("DENIED", true), kDelivery);
  EXPECT_EQ(r.decision->outcome, DecisionOutcome::rejected);
  EXPECT_EQ(r.decision->reviewer, Reviewer::manual);
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
      {"APPROVED", true, DecisionOutcome::approved, true},
      {"SUSPECTED", false, DecisionOutcome::needs_review, false},
      {"SUSPECTED", true, DecisionOutcome::needs_review, true},
      {"REVIEWING", true, DecisionOutcome::pending, false},
      {"ACTIVE", false, DecisionOutcome::pending, false},
      {"EXPIRED", false, DecisionOutcome::expired, true},
      {"DELETED", false, DecisionOutcome::cancelled, true},
      {"ARCHIVED", true, DecisionOutcome::cancelled, true},
      {"BRAND_NEW", true, DecisionOutcome::unknown, false},
  };
  for (const Case& c : cases) {
    const auto r = cw::interpret_webhook(callback_body(c.overall, c.manual), kDelivery);
    ASSERT_TRUE(r.ok()) << c.overall;
    EXPECT_EQ(r.decision->outcome, c.outcome) << c.overall;
    EXPECT_EQ(r.decision->final, c.final) << c.overall << " manual=" << c.manual;
  }
  EXPECT_TRUE(
      cw::has_issue(cw::interpret_webhook(callback_body("BRAND_NEW", true), kDelivery).warnings,
                    IssueCode::unknown_enum_value, "status.overall"));
}

TEST(Interpret, ThinWebhookAsksForAFetchAndCarriesNoDecision) {
  const auto r = cw::interpret_webhook(R"({"id":"idf_9"})", kDelivery);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.format, WebhookFormat::thin);
  EXPECT_FALSE(r.decision.has_value());
  ASSERT_TRUE(r.fetch.has_value());
  EXPECT_EQ(r.fetch->path(), "/v1/identifications/idf_9");

  const auto doc = cw::interpret_status_document(
      R"({"id":"idf_9","status":"REJECTED","riskLevel":"HIGH","reviewer":"manual","updatedAt":"2026-11-22T09:33:12Z"})",
      r.fetch->id, kDelivery);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.decision->outcome, DecisionOutcome::rejected);
  EXPECT_EQ(doc.decision->risk, cw::RiskLevel::high);
  EXPECT_EQ(doc.decision->reviewer, Reviewer::manual);
  EXPECT_TRUE(doc.decision->final);
  EXPECT_EQ(doc.decision->source, cw::SourceFormat::identification_status);
  EXPECT_EQ(doc.decision->reference, "idf_9");
  EXPECT_EQ(doc.decision->decided_at, 1795339992);
}

TEST(Interpret, StatusDocumentFinality) {
  const auto pending = cw::interpret_status_document(
      R"({"id":"a","status":"PROCESSING","final":true})", "a", kDelivery);
  EXPECT_EQ(pending.decision->outcome, DecisionOutcome::pending);
  EXPECT_FALSE(pending.decision->final);
  const auto not_final = cw::interpret_status_document(
      R"({"id":"a","status":"APPROVED","final":false,"reviewer":"automatic"})", "a", kDelivery);
  EXPECT_FALSE(not_final.decision->final);
  EXPECT_EQ(not_final.decision->reviewer, Reviewer::automatic);
  const auto review =
      cw::interpret_status_document(R"({"id":"a","status":"NEEDS_REVIEW"})", "a", kDelivery);
  EXPECT_EQ(review.decision->outcome, DecisionOutcome::needs_review);
  EXPECT_TRUE(review.decision->final);
  const auto wrong =
      cw::interpret_status_document(R"({"id":"b","status":"APPROVED"})", "a", kDelivery);
  EXPECT_FALSE(wrong.ok());
  EXPECT_FALSE(wrong.decision.has_value());
}

TEST(Interpret, ErrorsSayWhy) {
  auto r = cw::interpret_webhook("{not json", kDelivery);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, IssueCode::malformed_json);
  r = cw::interpret_webhook(R"({"type":"PAYMENT_DONE"})", kDelivery);
  EXPECT_EQ(r.error->code, IssueCode::unsupported_format);
  r = cw::interpret_webhook(R"({"hello":"world"})", kDelivery);
  EXPECT_EQ(r.error->code, IssueCode::unsupported_format);
  r = cw::interpret_webhook(
      R"({"type":"RISK_ASSESSMENT_UPDATED","data":{"trackingReference":"t"}})", kDelivery);
  EXPECT_EQ(r.format, WebhookFormat::risk_assessment_updated);
  EXPECT_EQ(r.error->code, IssueCode::missing_field);
  EXPECT_EQ(r.error->field, "assessmentStatus");
  r = cw::interpret_webhook(std::string(cw::kMaxWebhookBodyBytes + 1, ' '), kDelivery);
  EXPECT_EQ(r.error->code, IssueCode::too_large);
  EXPECT_EQ(cw::describe(cw::ParseIssue{IssueCode::too_long, "scanRef", "37 characters > 36"}),
            "scanRef: too_long (37 characters > 36)");
}

TEST(VerificationDecision, HasNoSubmittedOrCompletedOutcome) {
  // Phase 1 "COMPLETED" (data entry done) must never read as a decision.
  for (auto o : {DecisionOutcome::pending, DecisionOutcome::needs_review, DecisionOutcome::approved,
                 DecisionOutcome::rejected, DecisionOutcome::expired, DecisionOutcome::cancelled,
                 DecisionOutcome::unknown}) {
    EXPECT_NE(cw::to_string(o), "completed");
    EXPECT_NE(cw::to_string(o), "submitted");
  }
  EXPECT_FALSE(cw::is_decided(DecisionOutcome::pending));
  EXPECT_TRUE(cw::is_decided(DecisionOutcome::expired));
}
