#include "completion/thin_webhook.hpp"

#include <gtest/gtest.h>

namespace cw = idv::completion;
using cw::IssueCode;

TEST(ThinWebhook, OnlyAnIdMeansFetchRequired) {
  const auto r = cw::parseThinWebhook(R"({"id":"idf_4b1c2e"})");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.fetch.has_value());
  EXPECT_EQ(r.fetch->id, "idf_4b1c2e");
  EXPECT_EQ(r.fetch->path(), "/v1/identifications/idf_4b1c2e");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ThinWebhook, ExtraFieldsAreNeverTrustedAndAlwaysFlagged) {
  const auto r = cw::parseThinWebhook(R"({"id":"idf_1","status":"APPROVED","riskLevel":"LOW"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.fetch->id, "idf_1");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::IgnoredField, "status"));
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::IgnoredField, "riskLevel"));
}

TEST(ThinWebhook, IdsThatCouldEscapeTheUrlPathAreRejected) {
  for (const char* body : {R"({"id":"../admin"})", R"({"id":"a/b"})", R"({"id":"a%2Fb"})",
                           R"({"id":"a b"})", R"({"id":"a?x=1"})", R"({"id":"a.b"})"}) {
    const auto r = cw::parseThinWebhook(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error->code, IssueCode::InvalidValue) << body;
    EXPECT_EQ(r.error->field, "id");
    EXPECT_FALSE(r.fetch.has_value());
  }
  EXPECT_TRUE(cw::parseThinWebhook(R"({"id":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10"})").ok());
  EXPECT_TRUE(cw::isValidIdentificationId(std::string(128, 'a')));
  EXPECT_FALSE(cw::isValidIdentificationId(std::string(129, 'a')));
  EXPECT_EQ(cw::parseThinWebhook("{\"id\":\"" + std::string(129, 'a') + "\"}").error->code,
            IssueCode::TooLong);
}

TEST(ThinWebhook, MissingOrWrongIdIsAnError) {
  EXPECT_EQ(cw::parseThinWebhook("{}").error->code, IssueCode::MissingField);
  EXPECT_EQ(cw::parseThinWebhook(R"({"id":""})").error->code, IssueCode::MissingField);
  EXPECT_EQ(cw::parseThinWebhook(R"({"id":null})").error->code, IssueCode::MissingField);
  EXPECT_EQ(cw::parseThinWebhook(R"({"id":17})").error->code, IssueCode::WrongFieldType);
  EXPECT_EQ(cw::parseThinWebhook("nope").error->code, IssueCode::MalformedJson);
  EXPECT_EQ(cw::parseThinWebhook("[\"id\"]").error->code, IssueCode::NotAnObject);
}

namespace {
constexpr const char* kDocument = R"({"id":"idf_1","status":"APPROVED",
  "trackingReference":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10","referenceData":"order-1042",
  "metadata":{"orderId":"1042","tier":2},"riskLevel":"LOW","reviewer":"manual","final":true,
  "updatedAt":"2026-11-22T09:33:12Z","version":4})";
}

TEST(StatusDocument, ParsesTheDocumentedShape) {
  const auto r = cw::parseIdentificationStatus(kDocument, "idf_1");
  ASSERT_TRUE(r.ok()) << cw::describe(*r.error);
  EXPECT_TRUE(r.warnings.empty());
  const auto& d = *r.document;
  EXPECT_EQ(d.id, "idf_1");
  EXPECT_EQ(d.status, "APPROVED");
  EXPECT_EQ(d.trackingReference, "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
  EXPECT_EQ(d.referenceData, "order-1042");
  EXPECT_EQ(d.metadataJson, R"({"orderId":"1042","tier":2})");
  EXPECT_EQ(d.riskLevel, "LOW");
  EXPECT_EQ(d.reviewer, "manual");
  EXPECT_EQ(d.final, true);
  EXPECT_EQ(d.updatedAt, "2026-11-22T09:33:12Z");
  EXPECT_EQ(d.version, 4);
}

TEST(StatusDocument, MinimalDocument) {
  const auto r = cw::parseIdentificationStatus(R"({"id":"x","status":"PROCESSING"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.document->metadataJson, "{}");
  EXPECT_FALSE(r.document->final.has_value());
}

TEST(StatusDocument, ADocumentAboutAnotherIdentificationIsRejected) {
  const auto r = cw::parseIdentificationStatus(kDocument, "idf_2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, IssueCode::InvalidValue);
  EXPECT_EQ(r.error->field, "id");
}

TEST(StatusDocument, UnknownValuesAreFlaggedNotFatal) {
  const auto r = cw::parseIdentificationStatus(
      R"({"id":"x","status":"ON_HOLD","riskLevel":"EXTREME","reviewer":"robot","updatedAt":"yesterday"})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::UnknownEnumValue, "status"));
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::UnknownEnumValue, "riskLevel"));
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::UnknownEnumValue, "reviewer"));
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::InvalidValue, "updatedAt"));
  EXPECT_EQ(r.document->status, "ON_HOLD");
}

TEST(StatusDocument, WrongTypesAreErrors) {
  struct Case {
    const char* body;
    const char* field;
    IssueCode code;
  };
  const Case cases[] = {
      {R"({"id":"x"})", "status", IssueCode::MissingField},
      {R"({"id":"x","status":3})", "status", IssueCode::WrongFieldType},
      {R"({"id":"x","status":"APPROVED","final":"yes"})", "final", IssueCode::WrongFieldType},
      {R"({"id":"x","status":"APPROVED","metadata":[1]})", "metadata", IssueCode::NotAnObject},
      {R"({"id":"x","status":"APPROVED","version":-3})", "version", IssueCode::InvalidValue},
      {R"({"id":"x","status":"APPROVED","referenceData":{}})", "referenceData",
       IssueCode::WrongFieldType},
      {R"({"status":"APPROVED"})", "id", IssueCode::MissingField},
  };
  for (const Case& c : cases) {
    const auto r = cw::parseIdentificationStatus(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error->field, c.field) << c.body;
    EXPECT_EQ(r.error->code, c.code) << c.body;
    EXPECT_FALSE(r.document.has_value());
  }
}
