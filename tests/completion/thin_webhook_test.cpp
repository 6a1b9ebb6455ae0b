#include "completion/thin_webhook.hpp"

#include <gtest/gtest.h>

namespace cw = idv::completion;
using cw::IssueCode;

TEST(ThinWebhook, OnlyAnIdMeansFetchRequired) {
  const auto r = cw::parse_thin_webhook(R"({"id":"idf_4b1c2e"})");
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.fetch.has_value());
  EXPECT_EQ(r.fetch->id, "idf_4b1c2e");
  EXPECT_EQ(r.fetch->path(), "/v1/identifications/idf_4b1c2e");
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ThinWebhook, ExtraFieldsAreNeverTrustedAndAlwaysFlagged) {
  const auto r = cw::parse_thin_webhook(R"({"id":"idf_1","status":"APPROVED","riskLevel":"LOW"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.fetch->id, "idf_1");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::ignored_field, "status"));
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::ignored_field, "riskLevel"));
}

TEST(ThinWebhook, IdsThatCouldEscapeTheUrlPathAreRejected) {
  for (const char* body : {R"({"id":"../admin"})", R"({"id":"a/b"})", R"({"id":"a%2Fb"})",
                           R"({"id":"a b"})", R"({"id":"a?x=1"})", R"({"id":"a.b"})"}) {
    const auto r = cw::parse_thin_webhook(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error->code, IssueCode::invalid_value) << body;
    EXPECT_EQ(r.error->field, "id");
    EXPECT_FALSE(r.fetch.has_value());
  }
  EXPECT_TRUE(cw::parse_thin_webhook(R"({"id":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10"})").ok());
  EXPECT_TRUE(cw::is_valid_identification_id(std::string(128, 'a')));
  EXPECT_FALSE(cw::is_valid_identification_id(std::string(129, 'a')));
  EXPECT_EQ(cw::parse_thin_webhook("{\"id\":\"" + std::string(129, 'a') + "\"}").error->code,
            IssueCode::too_long);
}

TEST(ThinWebhook, MissingOrWrongIdIsAnError) {
  EXPECT_EQ(cw::parse_thin_webhook("{}").error->code, IssueCode::missing_field);
  EXPECT_EQ(cw::parse_thin_webhook(R"({"id":""})").error->code, IssueCode::missing_field);
  EXPECT_EQ(cw::parse_thin_webhook(R"({"id":null})").error->code, IssueCode::missing_field);
  EXPECT_EQ(cw::parse_thin_webhook(R"({"id":17})").error->code, IssueCode::wrong_field_type);
  EXPECT_EQ(cw::parse_thin_webhook("nope").error->code, IssueCode::malformed_json);
  EXPECT_EQ(cw::parse_thin_webhook("[\"id\"]").error->code, IssueCode::not_an_object);
}

namespace {
constexpr const char* kDocument = R"({"id":"idf_1","status":"APPROVED",
  "trackingReference":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10","referenceData":"order-1042",
  "metadata":{"orderId":"1042","tier":2},"riskLevel":"LOW","reviewer":"manual","final":true,
  "updatedAt":"2026-11-22T09:33:12Z","version":4})";
}

TEST(StatusDocument, ParsesTheDocumentedShape) {
  const auto r = cw::parse_identification_status(kDocument, "idf_1");
  ASSERT_TRUE(r.ok()) << cw::describe(*r.error);
  EXPECT_TRUE(r.warnings.empty());
  const auto& d = *r.document;
  EXPECT_EQ(d.id, "idf_1");
  EXPECT_EQ(d.status, "APPROVED");
  EXPECT_EQ(d.tracking_reference, "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
  EXPECT_EQ(d.reference_data, "order-1042");
  EXPECT_EQ(d.metadata_json, R"({"orderId":"1042","tier":2})");
  EXPECT_EQ(d.risk_level, "LOW");
  EXPECT_EQ(d.reviewer, "manual");
  EXPECT_EQ(d.final, true);
  EXPECT_EQ(d.updated_at, "2026-11-22T09:33:12Z");
  EXPECT_EQ(d.version, 4);
}

TEST(StatusDocument, MinimalDocument) {
  const auto r = cw::parse_identification_status(R"({"id":"x","status":"PROCESSING"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.document->metadata_json, "{}");
  EXPECT_FALSE(r.document->final.has_value());
}

TEST(StatusDocument, ADocumentAboutAnotherIdentificationIsRejected) {
  const auto r = cw::parse_identification_status(kDocument, "idf_2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, IssueCode::invalid_value);
  EXPECT_EQ(r.error->field, "id");
}

TEST(StatusDocument, UnknownValuesAreFlaggedNotFatal) {
  const auto r = cw::parse_identification_status(
      R"({"id":"x","status":"ON_HOLD","riskLevel":"EXTREME","reviewer":"robot","updatedAt":"yesterday"})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::unknown_enum_value, "status"));
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::unknown_enum_value, "riskLevel"));
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::unknown_enum_value, "reviewer"));
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::invalid_value, "updatedAt"));
  EXPECT_EQ(r.document->status, "ON_HOLD");
}

TEST(StatusDocument, WrongTypesAreErrors) {
  struct Case {
    const char* body;
    const char* field;
    IssueCode code;
  };
  const Case cases[] = {
      {R"({"id":"x"})", "status", IssueCode::missing_field},
      {R"({"id":"x","status":3})", "status", IssueCode::wrong_field_type},
      {R"({"id":"x","status":"APPROVED","final":"yes"})", "final", IssueCode::wrong_field_type},
      {R"({"id":"x","status":"APPROVED","metadata":[1]})", "metadata", IssueCode::not_an_object},
      {R"({"id":"x","status":"APPROVED","version":-3})", "version", IssueCode::invalid_value},
      {R"({"id":"x","status":"APPROVED","referenceData":{}})", "referenceData",
       IssueCode::wrong_field_type},
      {R"({"status":"APPROVED"})", "id", IssueCode::missing_field},
  };
  for (const Case& c : cases) {
    const auto r = cw::parse_identification_status(c.body);
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error->field, c.field) << c.body;
    EXPECT_EQ(r.error->code, c.code) << c.body;
    EXPECT_FALSE(r.document.has_value());
  }
}
