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
  c.scan_ref = std::move(ref);
  return c;
}

IdentificationCallback full_callback() {
  IdentificationCallback c;
  c.scan_ref = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  c.client_id = "order-1042";
  c.platform = "MOBILE";
  c.start_time = 1554726960;
  c.finish_time = 1554727002;
  c.status.overall = "SUSPECTED";
  c.status.overall_status = OverallStatus::suspected;
  c.status.suspicion_reasons = {"AML_SUSPECTION"};
  c.status.auto_document = "DOC_VALIDATED";
  c.status.auto_face = "FACE_MATCH";
  c.data.doc_first_name = "Ada";
  c.data.doc_last_name = "Lovelace";
  c.data.doc_number = "AB12345";
  c.data.doc_dob = "1990-04-23";
  c.data.doc_expiry = "2031-01-01";
  c.data.doc_type = "PASSPORT";
  c.data.doc_nationality = "LT";
  c.data.doc_issuing_country = "LT";
  c.data.selected_country = "LT";
  c.data.manually_data_changed = false;
  c.file_urls.front = "http://127.0.0.1:8080/v1/files/x/front.png";
  c.file_urls.face = "http://127.0.0.1:8080/v1/files/x/selfie.png";
  FraudCheck aml;
  aml.service_name = "DemoSanctionsList";
  aml.service_group_type = "AML";
  aml.overall_status = "SUSPECTED";
  aml.service_suspected = true;
  aml.check_successful = true;
  c.aml = aml;
  return c;
}

TEST(Builders, IdentificationCallbackRoundTrips) {
  IdentificationCallback c = full_callback();
  const auto p = parse_identification_callback(to_json(c));
  ASSERT_TRUE(p.ok()) << describe(*p.error);
  EXPECT_TRUE(p.warnings.empty());
  // The parser keeps aml as raw JSON; everything else must come back as built.
  ASSERT_TRUE(p.callback->aml.has_value());
  EXPECT_EQ(p.callback->aml->service_name, "DemoSanctionsList");
  EXPECT_EQ(p.callback->aml->service_suspected, true);
  c.aml->raw_json = p.callback->aml->raw_json;
  EXPECT_EQ(*p.callback, c);
  // And once raw_json is set, a second round is byte-identical.
  EXPECT_EQ(to_json(*p.callback), to_json(c));
}

TEST(Builders, IdentificationCallbackHasEveryDocumentedKey) {
  const auto doc = nlohmann::json::parse(to_json(callback_with_ref("s")));
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
  const auto first = parse_identification_callback(test::kSeed003Example);
  ASSERT_TRUE(first.ok());
  const auto second = parse_identification_callback(to_json(*first.callback));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second.callback, *first.callback);
}

TEST(Builders, ManualCallbackIsTheManualFinalDecision) {
  IdentificationCallback c = full_callback();
  c.status.overall = "DENIED";
  c.status.manual_document = "DOC_VALIDATED";
  c.status.manual_face = "FACE_MATCH";
  const auto in = interpret_webhook(to_json(c), {"msg_1", 100});
  ASSERT_TRUE(in.ok());
  ASSERT_TRUE(in.decision.has_value());
  EXPECT_EQ(in.decision->reviewer, Reviewer::manual);
  EXPECT_EQ(in.decision->outcome, DecisionOutcome::rejected);
  EXPECT_TRUE(in.decision->final);
  EXPECT_EQ(in.decision->merchant_reference, "order-1042");
}

TEST(Builders, ThinWebhookIsOnlyTheId) {
  const std::string body = thin_webhook_json("3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
  EXPECT_EQ(body, R"({"id":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10"})");
  const auto in = interpret_webhook(body, {"msg_1", 100});
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in.warnings.empty());
  ASSERT_TRUE(in.fetch.has_value());
  EXPECT_EQ(in.fetch->path(), "/v1/identifications/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
}

TEST(Builders, StatusDocumentRoundTrips) {
  IdentificationStatusDocument d;
  d.id = "idf_4b1c2e";
  d.status = "APPROVED";
  d.tracking_reference = "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  d.reference_data = "order-1042";
  d.metadata_json = R"({"a":[1,2],"orderId":"1042"})";
  d.risk_level = "LOW";
  d.reviewer = "manual";
  d.final = true;
  d.updated_at = "2026-11-22T09:33:12Z";
  d.version = 4;
  const auto p = parse_identification_status(to_json(d), "idf_4b1c2e");
  ASSERT_TRUE(p.ok()) << describe(*p.error);
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(*p.document, d);
}

TEST(Builders, StatusDocumentMinimalAndBadMetadata) {
  IdentificationStatusDocument d;
  d.id = "abc";
  d.status = "PROCESSING";
  d.metadata_json = "not json";
  const auto doc = nlohmann::json::parse(to_json(d));
  EXPECT_TRUE(doc["metadata"].is_object());
  EXPECT_FALSE(doc.contains("final"));
  EXPECT_FALSE(doc.contains("version"));
  const auto in = interpret_status_document(to_json(d), "abc", {"msg_1", 100});
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in.decision->outcome, DecisionOutcome::pending);
  EXPECT_FALSE(in.decision->final);
}

TEST(Builders, NeverThrowOnInvalidUtf8) {
  IdentificationCallback c;
  c.scan_ref = "s";
  c.data.doc_first_name = std::string("\xff\xfe", 2);
  EXPECT_NO_THROW((void)to_json(c));
  IdentificationStatusDocument d;
  d.id = "x";
  d.status = std::string("\xc3", 1);
  EXPECT_NO_THROW((void)to_json(d));
}

}  // namespace
}  // namespace idv::completion
