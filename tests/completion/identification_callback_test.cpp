#include "completion/identification_callback.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "seed_bodies.hpp"

namespace cw = idv::completion;
using cw::IssueCode;
using nlohmann::json;

namespace {

json seed() {
  return json::parse(cw::test::kSeed003Example);
}
cw::IdentificationParse parse(const json& j) {
  return cw::parse_identification_callback(j.dump());
}

}  // namespace

TEST(IdentificationCallback, ParsesEveryFieldOfTheSeedExample) {
  const auto r = cw::parse_identification_callback(cw::test::kSeed003Example);
  ASSERT_TRUE(r.ok()) << cw::describe(*r.error);
  EXPECT_TRUE(r.warnings.empty()) << cw::describe(r.warnings.front());
  const auto& c = *r.callback;
  EXPECT_EQ(c.scan_ref, "scan-ref");
  EXPECT_EQ(c.client_id, "123");
  EXPECT_EQ(c.platform, "MOBILE_APP");
  EXPECT_EQ(c.start_time, 1554726960);
  EXPECT_EQ(c.finish_time, 1554727002);
  EXPECT_EQ(c.status.overall, "APPROVED");
  EXPECT_EQ(c.status.overall_status, cw::OverallStatus::approved);
  EXPECT_TRUE(c.status.suspicion_reasons.empty());
  EXPECT_EQ(c.status.auto_document, "DOC_VALIDATED");
  EXPECT_EQ(c.status.auto_face, "FACE_MATCH");
  EXPECT_FALSE(c.status.manual_document.has_value());
  EXPECT_FALSE(c.status.manual_face.has_value());
  EXPECT_EQ(c.data.selected_country, "LT");
  EXPECT_EQ(c.data.doc_first_name, "FIRST-NAME-EXAMPLE");
  EXPECT_EQ(c.data.doc_last_name, "LAST-NAME-EXAMPLE");
  EXPECT_EQ(c.data.doc_number, "XXXXXXXXX");
  EXPECT_EQ(c.data.doc_personal_code, "XXXXXXXXX");
  EXPECT_EQ(c.data.doc_expiry, "YYYY-MM-DD");
  EXPECT_EQ(c.data.doc_dob, "YYYY-MM-DD");
  EXPECT_EQ(c.data.doc_type, "ID_CARD");
  EXPECT_EQ(c.data.doc_sex, "UNDEFINED");
  EXPECT_EQ(c.data.doc_nationality, "LT");
  EXPECT_EQ(c.data.doc_issuing_country, "LT");
  EXPECT_FALSE(c.data.birth_place.has_value());  // absent in the example
  EXPECT_EQ(c.data.manually_data_changed, false);
  ASSERT_TRUE(c.file_urls.front.has_value());
  EXPECT_TRUE(c.file_urls.front->ends_with(
      "FRONT.png?AWSAccessKeyId=<KEY>&Signature=<SIG>&Expires=<STAMP>"));
  EXPECT_TRUE(c.file_urls.back.has_value());
  EXPECT_TRUE(c.file_urls.face.has_value());
  EXPECT_FALSE(c.file_urls.face_video.has_value());
  ASSERT_TRUE(c.aml.has_value());
  EXPECT_EQ(c.aml->service_name, "PilotApiAmlV2");
  EXPECT_EQ(c.aml->service_group_type, "AML");
  EXPECT_EQ(c.aml->overall_status, "NOT_SUSPECTED");
  EXPECT_EQ(c.aml->service_suspected, false);
  EXPECT_EQ(c.aml->check_successful, true);
  EXPECT_EQ(json::parse(c.aml->raw_json)["uid"], "OHT8GR5ESRF5XROWE5ZGCC123");
  ASSERT_TRUE(c.lid.has_value());
  EXPECT_EQ(c.lid->service_name, "IrdInvalidPapers");
  EXPECT_EQ(c.reviewer(), cw::Reviewer::automatic);
}

TEST(IdentificationCallback, OptionalFieldsAndServicesMayBeAbsent) {
  const auto r =
      cw::parse_identification_callback(R"({"scanRef":"s","status":{"overall":"ACTIVE"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_FALSE(r.callback->aml.has_value());
  EXPECT_FALSE(r.callback->client_id.has_value());
  EXPECT_EQ(r.callback->status.overall_status, cw::OverallStatus::active);
}

TEST(IdentificationCallback, KnowsEveryValueOfTheSeedTables) {
  EXPECT_EQ(cw::known_platforms().size(), 6u);
  EXPECT_EQ(cw::known_overall_statuses().size(), 8u);
  EXPECT_EQ(cw::known_suspicion_reasons().size(), 10u);
  EXPECT_EQ(cw::known_face_results().size(), 10u);
  EXPECT_EQ(cw::known_document_results().size(), 27u);
  EXPECT_EQ(cw::known_document_types().size(), 5u);
  EXPECT_EQ(cw::known_sexes().size(), 3u);
  // Every known value parses without a warning in its field.
  for (const auto v : cw::known_document_results()) {
    auto j = seed();
    j["status"]["manualDocument"] = v;
    const auto r = parse(j);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.warnings.empty()) << v;
  }
  for (const auto v : cw::known_overall_statuses()) {
    auto j = seed();
    j["status"]["overall"] = v;
    const auto r = parse(j);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.warnings.empty()) << v;
    EXPECT_NE(r.callback->status.overall_status, cw::OverallStatus::unknown) << v;
  }
}

TEST(IdentificationCallback, UnknownEnumerationValuesAreKeptAndFlagged) {
  struct Case {
    const char* object;
    const char* key;
  };
  for (const Case& c :
       {Case{"", "platform"}, Case{"status", "overall"}, Case{"status", "autoFace"},
        Case{"status", "manualFace"}, Case{"status", "autoDocument"},
        Case{"status", "manualDocument"}, Case{"data", "docType"}, Case{"data", "docSex"}}) {
    auto j = seed();
    json& target = *c.object ? j[c.object] : j;
    target[c.key] = "NEW";
    const auto r = parse(j);
    ASSERT_TRUE(r.ok()) << c.key;
    const std::string field = *c.object ? std::string(c.object) + "." + c.key : c.key;
    ASSERT_EQ(r.warnings.size(), 1u) << field;
    EXPECT_EQ(r.warnings[0], (cw::ParseIssue{IssueCode::unknown_enum_value, field, "NEW"}));
  }
  auto j = seed();
  j["status"]["overall"] = "ON_HOLD";
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.callback->status.overall, "ON_HOLD");
  EXPECT_EQ(r.callback->status.overall_status, cw::OverallStatus::unknown);
}

TEST(IdentificationCallback, UnknownSuspicionReasonsAreKeptAndFlagged) {
  auto j = seed();
  j["status"]["overall"] = "SUSPECTED";
  j["status"]["suspicionReasons"] = {"FACE_SUSPECTED", "BRAND_NEW_REASON"};
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.callback->status.suspicion_reasons,
            (std::vector<std::string>{"FACE_SUSPECTED", "BRAND_NEW_REASON"}));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].detail, "BRAND_NEW_REASON");
}

// The seed's max lengths for free text and URLs: at the limit fine, one over a warning, value kept.
TEST(IdentificationCallback, FreeTextOverItsDocumentedLengthIsAWarningAndKeptWhole) {
  struct Case {
    const char* object;
    const char* key;
    std::size_t max;
  };
  const Case cases[] = {
      {"data", "docFirstName", 100},    {"data", "docLastName", 100},
      {"data", "docNumber", 15},        {"data", "docPersonalCode", 15},
      {"data", "docExpiry", 10},        {"data", "docDob", 10},
      {"data", "docDateOfIssue", 10},   {"data", "docNationality", 2},
      {"data", "docIssuingCountry", 2}, {"data", "selectedCountry", 2},
      {"data", "birthPlace", 60},       {"data", "authority", 60},
      {"data", "address", 80},          {"data", "driverLicenseCategory", 30},
      {"fileUrls", "FRONT", 500},       {"fileUrls", "BACK", 500},
      {"fileUrls", "FACE", 500},        {"fileUrls", "FRONT_VIDEO", 500},
      {"fileUrls", "BACK_VIDEO", 500},  {"fileUrls", "FACE_VIDEO", 500},
  };
  for (const Case& c : cases) {
    const std::string field = std::string(c.object) + "." + c.key;
    auto j = seed();
    j[c.object][c.key] = std::string(c.max, 'A');
    auto r = parse(j);
    ASSERT_TRUE(r.ok()) << field;
    EXPECT_TRUE(r.warnings.empty()) << field;

    const std::string over(c.max + 1, 'A');
    j[c.object][c.key] = over;
    r = parse(j);
    ASSERT_TRUE(r.ok()) << field;
    ASSERT_EQ(r.warnings.size(), 1u) << field;
    EXPECT_EQ(r.warnings[0].code, IssueCode::too_long) << field;
    EXPECT_EQ(r.warnings[0].field, field);
    EXPECT_EQ(r.warnings[0].detail.find('A'), std::string::npos) << "no document data in warnings";
  }
  // The value is kept whole, not truncated.
  auto j = seed();
  j["data"]["address"] = std::string(81, 'x');
  EXPECT_EQ(parse(j).callback->data.address, std::string(81, 'x'));
}

TEST(IdentificationCallback, LengthsCountCharactersNotBytes) {
  auto j = seed();
  std::string name;
  for (int i = 0; i < 100; ++i) name += "Ž";  // 200 bytes, 100 characters
  j["data"]["docFirstName"] = name;
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings.empty());
}

TEST(IdentificationCallback, EnumerationFieldsOverTheirLengthAreFlaggedTwice) {
  auto j = seed();
  j["status"]["autoFace"] = std::string(31, 'F');
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::too_long, "status.autoFace"));
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::unknown_enum_value, "status.autoFace"));
}

TEST(IdentificationCallback, IdentifiersOverTheirLengthAreErrors) {
  auto j = seed();
  j["scanRef"] = std::string(36, 'r');
  EXPECT_TRUE(parse(j).ok());
  j["scanRef"] = std::string(37, 'r');
  auto r = parse(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.error, (cw::ParseIssue{IssueCode::too_long, "scanRef", "37 characters > 36"}));
  EXPECT_FALSE(r.callback.has_value());

  j = seed();
  j["clientId"] = std::string(100, 'c');
  EXPECT_TRUE(parse(j).ok());
  j["clientId"] = std::string(101, 'c');
  r = parse(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->field, "clientId");
  EXPECT_EQ(r.error->code, IssueCode::too_long);
}

TEST(IdentificationCallback, NullRulesFollowTheTables) {
  // Data fields, file URLs and the verdict fields may be null: no warning.
  auto j = seed();
  for (auto& [key, value] : j["data"].items()) value = nullptr;
  for (auto& [key, value] : j["fileUrls"].items()) value = nullptr;
  j["status"]["autoFace"] = nullptr;
  j["status"]["autoDocument"] = nullptr;
  auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_FALSE(r.callback->data.doc_first_name.has_value());
  EXPECT_FALSE(r.callback->data.manually_data_changed.has_value());
  EXPECT_FALSE(r.callback->file_urls.front.has_value());

  // Where the table promises a value, null is tolerated but flagged.
  for (const char* key : {"platform", "clientId", "startTime", "finishTime"}) {
    j = seed();
    j[key] = nullptr;
    r = parse(j);
    ASSERT_TRUE(r.ok()) << key;
    ASSERT_EQ(r.warnings.size(), 1u) << key;
    EXPECT_EQ(r.warnings[0], (cw::ParseIssue{IssueCode::unexpected_null, key, ""}));
  }
  j = seed();
  j["status"]["suspicionReasons"] = nullptr;
  r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::unexpected_null, "status.suspicionReasons"));

  // The decision itself and the key cannot be null.
  j = seed();
  j["status"]["overall"] = nullptr;
  r = parse(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, IssueCode::missing_field);
  EXPECT_EQ(r.error->field, "status.overall");
  j = seed();
  j["scanRef"] = nullptr;
  EXPECT_EQ(parse(j).error->field, "scanRef");
}

TEST(IdentificationCallback, WrongTypesAreErrorsNamingTheField) {
  struct Case {
    json::json_pointer where;
    json value;
    const char* field;
    IssueCode code;
  };
  const Case cases[] = {
      {json::json_pointer("/scanRef"), 42, "scanRef", IssueCode::wrong_field_type},
      {json::json_pointer("/clientId"), json::array(), "clientId", IssueCode::wrong_field_type},
      {json::json_pointer("/platform"), true, "platform", IssueCode::wrong_field_type},
      {json::json_pointer("/startTime"), "1554726960", "startTime", IssueCode::wrong_field_type},
      {json::json_pointer("/finishTime"), 1.5, "finishTime", IssueCode::wrong_field_type},
      {json::json_pointer("/finishTime"), -1, "finishTime", IssueCode::invalid_value},
      {json::json_pointer("/status"), "APPROVED", "status", IssueCode::not_an_object},
      {json::json_pointer("/status/overall"), 1, "status.overall", IssueCode::wrong_field_type},
      {json::json_pointer("/status/autoFace"), json::object(), "status.autoFace",
       IssueCode::wrong_field_type},
      {json::json_pointer("/status/suspicionReasons"), "FAKE_PHOTO", "status.suspicionReasons",
       IssueCode::wrong_field_type},
      {json::json_pointer("/status/suspicionReasons"), json::array({1}), "status.suspicionReasons",
       IssueCode::wrong_field_type},
      {json::json_pointer("/data"), json::array(), "data", IssueCode::not_an_object},
      {json::json_pointer("/data/docDob"), 19900101, "data.docDob", IssueCode::wrong_field_type},
      {json::json_pointer("/data/manuallyDataChanged"), "false", "data.manuallyDataChanged",
       IssueCode::wrong_field_type},
      {json::json_pointer("/fileUrls"), "https://x", "fileUrls", IssueCode::not_an_object},
      {json::json_pointer("/fileUrls/FACE"), 5, "fileUrls.FACE", IssueCode::wrong_field_type},
      {json::json_pointer("/aml"), json::array(), "aml", IssueCode::not_an_object},
      {json::json_pointer("/lid"), "x", "lid", IssueCode::not_an_object},
  };
  for (const Case& c : cases) {
    auto j = seed();
    j[c.where] = c.value;
    const auto r = parse(j);
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error->code, c.code) << c.field;
    EXPECT_EQ(r.error->field, c.field);
    EXPECT_FALSE(r.callback.has_value());
  }
}

TEST(IdentificationCallback, SurprisesInsideAmlAndLidAreWarnings) {
  auto j = seed();
  j["aml"]["status"]["serviceSuspected"] = "no";
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(
      cw::has_issue(r.warnings, IssueCode::wrong_field_type, "aml.status.serviceSuspected"));
  EXPECT_EQ(r.callback->aml->service_name, "PilotApiAmlV2");
}

TEST(IdentificationCallback, RequiresScanRefAndStatus) {
  auto j = seed();
  j.erase("scanRef");
  EXPECT_EQ(parse(j).error->field, "scanRef");
  j = seed();
  j["scanRef"] = "";
  EXPECT_EQ(*parse(j).error, (cw::ParseIssue{IssueCode::missing_field, "scanRef", "empty"}));
  j = seed();
  j.erase("status");
  EXPECT_EQ(parse(j).error->field, "status");
  j = seed();
  j["status"].erase("overall");
  EXPECT_EQ(parse(j).error->field, "status.overall");
}

TEST(IdentificationCallback, BadDocumentsAreErrorsNotThrows) {
  EXPECT_EQ(cw::parse_identification_callback("").error->code, IssueCode::malformed_json);
  EXPECT_EQ(cw::parse_identification_callback("{\"scanRef\":").error->code,
            IssueCode::malformed_json);
  EXPECT_EQ(cw::parse_identification_callback("[]").error->code, IssueCode::not_an_object);
  EXPECT_EQ(cw::parse_identification_callback("\"\xff\"").error->code, IssueCode::malformed_json);
  EXPECT_EQ(
      cw::parse_identification_callback(std::string(40, '[') + std::string(40, ']')).error->code,
      IssueCode::too_large);
  std::string big = R"({"scanRef":"s","status":{"overall":"APPROVED"},"pad":")";
  big += std::string(cw::kMaxWebhookBodyBytes, 'x') + "\"}";
  EXPECT_EQ(cw::parse_identification_callback(big).error->code, IssueCode::too_large);
}

TEST(IdentificationCallback, ManualTraceMakesItTheManualVerdict) {
  auto j = seed();
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::automatic);
  j["status"]["manualFace"] = "FACE_MATCH";
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::manual);
  j = seed();
  j["status"]["manualDocument"] = "DOC_VALIDATED";
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::manual);
  j = seed();
  j["data"]["manuallyDataChanged"] = true;
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::manual);
}

TEST(IdentificationCallback, UnknownKeysAreIgnored) {
  auto j = seed();
  j["somethingNew"] = {{"a", 1}};
  j["data"]["docFavouriteColour"] = 7;
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings.empty());
}

// The seed contradicts itself: docSex is "Max length 6" but lists UNDEFINED (9) and sends it in
// its own example. A value from the table wins; an unknown value over the length is flagged.
TEST(IdentificationCallback, TableValuesBeatTheTablesLengthLimit) {
  auto j = seed();
  j["data"]["docSex"] = "UNDEFINED";
  auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings.empty());
  j["data"]["docSex"] = "UNKNOWN";
  r = parse(j);
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::too_long, "data.docSex"));
  EXPECT_TRUE(cw::has_issue(r.warnings, IssueCode::unknown_enum_value, "data.docSex"));
}
