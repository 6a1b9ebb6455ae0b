// The builders the senders use: what they write, the receivers' parsers read back unchanged,
// without warnings (a sender must not produce drift of its own).
#include "completion/builders.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "completion/interpret.hpp"
#include "seed_bodies.hpp"

namespace idv::completion {
namespace {

IdentificationCallback callback_with_ref(std::string ref) {
  IdentificationCallback c;
  c.scanRef = std::move(ref);
  return c;
}

IdentificationCallback full_callback() {
  IdentificationCallback c;
  c.scanRef = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  c.clientId = "order-1042";
  c.platform = "MOBILE";
  c.startTime = 1554726960;
  c.finishTime = 1554727002;
  c.status.overall = "SUSPECTED";
  c.status.overallStatus = OverallStatus::Suspected;
  c.status.suspicionReasons = {"AML_SUSPECTION"};
  c.status.autoDocument = "DOC_VALIDATED";
  c.status.autoFace = "FACE_MATCH";
  c.data.docFirstName = "Ada";
  c.data.docLastName = "Lovelace";
  c.data.docNumber = "AB12345";
  c.data.docDob = "1990-04-23";
  c.data.docExpiry = "2031-01-01";
  c.data.docType = "PASSPORT";
  c.data.docNationality = "LT";
  c.data.docIssuingCountry = "LT";
  c.data.selectedCountry = "LT";
  c.data.manuallyDataChanged = false;
  c.fileUrls.front = "http://127.0.0.1:8080/v1/files/x/front.png";
  c.fileUrls.face = "http://127.0.0.1:8080/v1/files/x/selfie.png";
  FraudCheck aml;
  aml.serviceName = "DemoSanctionsList";
  aml.serviceGroupType = "AML";
  aml.overallStatus = "SUSPECTED";
  aml.serviceSuspected = true;
  aml.checkSuccessful = true;
  c.aml = aml;
  return c;
}

TEST(Builders, IdentificationCallbackRoundTrips) {
  IdentificationCallback c = full_callback();
  const auto p = parseIdentificationCallback(toJson(c));
  ASSERT_TRUE(p.ok()) << describe(*p.error);
  EXPECT_TRUE(p.warnings.empty());
  // The parser keeps aml as raw JSON; everything else must come back as built.
  ASSERT_TRUE(p.callback->aml.has_value());
  EXPECT_EQ(p.callback->aml->serviceName, "DemoSanctionsList");
  EXPECT_EQ(p.callback->aml->serviceSuspected, true);
  c.aml->rawJson = p.callback->aml->rawJson;
  EXPECT_EQ(*p.callback, c);
  // And once rawJson is set, a second round is byte-identical.
  EXPECT_EQ(toJson(*p.callback), toJson(c));
}

TEST(Builders, IdentificationCallbackHasEveryDocumentedKey) {
  const auto doc = nlohmann::json::parse(toJson(callback_with_ref("s")));
  for (const char* k :
       {"clientId", "scanRef", "platform", "startTime", "finishTime", "status", "data", "fileUrls"})
    EXPECT_TRUE(doc.contains(k)) << k;
  for (const char* k :
       {"overall", "suspicionReasons", "autoDocument", "autoFace", "manualDocument", "manualFace"})
    EXPECT_TRUE(doc["status"].contains(k)) << k;
  EXPECT_EQ(doc["data"].size(), 17u);
  EXPECT_EQ(doc["fileUrls"].size(), 6u);
  EXPECT_FALSE(doc.contains("aml"));  // only when the check ran
}

TEST(Builders, SeedExampleSurvivesParseBuildParse) {
  const auto first = parseIdentificationCallback(test::kSeed003Example);
  ASSERT_TRUE(first.ok());
  const auto second = parseIdentificationCallback(toJson(*first.callback));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second.callback, *first.callback);
}

TEST(Builders, ManualCallbackIsTheManualFinalDecision) {
  IdentificationCallback c = full_callback();
  c.status.overall = "DENIED";
  c.status.manualDocument = "DOC_VALIDATED";
  c.status.manualFace = "FACE_MATCH";
  const auto in = interpretWebhook(toJson(c), {"msg_1", 100});
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE(in.decision.has_value());
  EXPECT_EQ(in.decision->reviewer, Reviewer::Manual);
  EXPECT_EQ(in.decision->outcome, DecisionOutcome::Rejected);
  EXPECT_TRUE(in.decision->final);
  EXPECT_EQ(in.decision->merchantReference, "order-1042");
}

TEST(Builders, ThinWebhookIsOnlyTheId) {
  const std::string body = thinWebhookJson("3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
  EXPECT_EQ(body, R"({"id":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10"})");
  const auto in = interpretWebhook(body, {"msg_1", 100});
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in.warnings.empty());
  ASSERT_TRUE(in.fetch.has_value());
  EXPECT_EQ(in.fetch->path(), "/v1/identifications/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
}

TEST(Builders, StatusDocumentRoundTrips) {
  IdentificationStatusDocument d;
  d.id = "idf_4b1c2e";
  d.status = "APPROVED";
  d.trackingReference = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  d.referenceData = "order-1042";
  d.metadataJson = R"({"a":[1,2],"orderId":"1042"})";
  d.riskLevel = "LOW";
  d.reviewer = "manual";
  d.final = true;
  d.updatedAt = "2026-11-22T09:33:12Z";
  d.version = 4;
  const auto p = parseIdentificationStatus(toJson(d), "idf_4b1c2e");
  ASSERT_TRUE(p.ok()) << describe(*p.error);
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(*p.document, d);
}

TEST(Builders, StatusDocumentMinimalAndBadMetadata) {
  IdentificationStatusDocument d;
  d.id = "abc";
  d.status = "PROCESSING";
  d.metadataJson = "not json";
  const auto doc = nlohmann::json::parse(toJson(d));
  EXPECT_TRUE(doc["metadata"].is_object());
  EXPECT_FALSE(doc.contains("final"));
  EXPECT_FALSE(doc.contains("version"));
  const auto in = interpretStatusDocument(toJson(d), "abc", {"msg_1", 100});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in.decision->outcome, DecisionOutcome::Pending);
  EXPECT_FALSE(in.decision->final);
}

TEST(Builders, NeverThrowOnInvalidUtf8) {
  IdentificationCallback c;
  c.scanRef = "s";
  c.data.docFirstName = std::string("\xff\xfe", 2);
  EXPECT_NO_THROW((void)toJson(c));
  IdentificationStatusDocument d;
  d.id = "x";
  d.status = std::string("\xc3", 1);
  EXPECT_NO_THROW((void)toJson(d));
}

}  // namespace
}  // namespace idv::completion
