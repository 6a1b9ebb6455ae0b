#include "completion/risk_assessment.hpp"

#include <gtest/gtest.h>

namespace cw = idv::completion;
using cw::EventParseError;

namespace {
cw::RiskAssessmentUpdated sample() {
  return {"2026-11-22T09:33:12Z",
          "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10",
          "order-1042",
          "COMPLETED",
          "LOW",
          "Jonas Jonaitis",
          true};
}
}  // namespace

TEST(RiskAssessment, BuildsTheContractShape) {
  EXPECT_EQ(cw::toJson(sample()),
            R"({"data":{"assessmentStatus":"COMPLETED","customerName":"Jonas Jonaitis",)"
            R"("final":true,"referenceData":"order-1042","riskLevel":"LOW",)"
            R"("trackingReference":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10"},)"
            R"("timestamp":"2026-11-22T09:33:12Z","type":"RISK_ASSESSMENT_UPDATED"})");
}

TEST(RiskAssessment, RoundTrips) {
  auto e = sample();
  e.final = false;
  e.customerName = "Žemaitė Ąžuolaitė";
  const auto r = cw::parseRiskAssessment(cw::toJson(e));
  ASSERT_TRUE(r.ok()) << cw::toString(r.error) << " " << r.field;
  EXPECT_EQ(r.event, e);
}

TEST(RiskAssessment, ParsesTheDesignDocExample) {
  const auto r = cw::parseRiskAssessment(
      R"({"type": "RISK_ASSESSMENT_UPDATED", "timestamp": "2026-11-22T09:33:12Z",
          "data": {"trackingReference": "abc", "referenceData": "order-1042",
                   "assessmentStatus": "COMPLETED", "riskLevel": "LOW", "customerName": "X",
                   "final": true, "somethingNew": [1, 2]}})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.event.trackingReference, "abc");
  EXPECT_EQ(r.event.riskLevel, "LOW");
  EXPECT_TRUE(r.event.final);
}

TEST(RiskAssessment, OptionalFieldsDefault) {
  const auto r = cw::parseRiskAssessment(
      R"({"type":"RISK_ASSESSMENT_UPDATED","data":{"trackingReference":"a",
          "assessmentStatus":"IN_REVIEW","riskLevel":"SOMETHING_NEW","customerName":null}})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.event.final);
  EXPECT_EQ(r.event.customerName, "");
  EXPECT_EQ(r.event.riskLevel, "SOMETHING_NEW");  // unknown levels are kept, not rejected
}

TEST(RiskAssessment, RejectsBadInputWithoutThrowing) {
  struct Case {
    const char* body;
    EventParseError error;
    const char* field;
  };
  const Case cases[] = {
      {"", EventParseError::MalformedJson, ""},
      {"{\"type\":", EventParseError::MalformedJson, ""},
      {"[1,2]", EventParseError::NotAnObject, ""},
      {R"({"data":{}})", EventParseError::WrongType, "type"},
      {R"({"type":"OTHER","data":{}})", EventParseError::WrongType, "type"},
      {R"({"type":"RISK_ASSESSMENT_UPDATED"})", EventParseError::MissingField, "data"},
      {R"({"type":"RISK_ASSESSMENT_UPDATED","data":"x"})", EventParseError::NotAnObject, "data"},
      {R"({"type":"RISK_ASSESSMENT_UPDATED","data":{"assessmentStatus":"A","riskLevel":"L"}})",
       EventParseError::MissingField, "trackingReference"},
      {R"({"type":"RISK_ASSESSMENT_UPDATED","data":{"trackingReference":1,"assessmentStatus":"A","riskLevel":"L"}})",
       EventParseError::WrongFieldType, "trackingReference"},
      {R"({"type":"RISK_ASSESSMENT_UPDATED","data":{"trackingReference":"t","assessmentStatus":"A","riskLevel":"L","final":"yes"}})",
       EventParseError::WrongFieldType, "final"},
      {R"({"type":"RISK_ASSESSMENT_UPDATED","timestamp":5,"data":{}})",
       EventParseError::WrongFieldType, "timestamp"},
  };
  for (const auto& c : cases) {
    const auto r = cw::parseRiskAssessment(c.body);
    EXPECT_EQ(r.error, c.error) << c.body;
    EXPECT_EQ(r.field, c.field) << c.body;
  }
}

TEST(RiskAssessment, BoundsTheInputSize) {
  std::string body = R"({"type":"RISK_ASSESSMENT_UPDATED","pad":")";
  body += std::string(1024 * 1024, 'x') +
          R"(","data":{"trackingReference":"t","assessmentStatus":"A","riskLevel":"L"}})";
  const auto r = cw::parseRiskAssessment(body);
  EXPECT_EQ(r.error, EventParseError::TooLarge);
  EXPECT_EQ(cw::toString(r.error), "too_large");
  EXPECT_EQ(cw::parseRiskAssessment(std::string(100, '[') + std::string(100, ']')).error,
            EventParseError::TooLarge);
}
