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
  return cw::parseIdentificationCallback(j.dump());
}

}  // namespace

TEST(IdentificationCallback, ParsesEveryFieldOfTheSeedExample) {
  const auto r = cw::parseIdentificationCallback(cw::test::kSeed003Example);
  ASSERT_TRUE(r.ok()) << cw::describe(*r.error);
  EXPECT_TRUE(r.warnings.empty()) << cw::describe(r.warnings.front());
  const auto& c = *r.callback;
  EXPECT_EQ(c.scanRef, "scan-ref");
  EXPECT_EQ(c.clientId, "123");
  EXPECT_EQ(c.platform, "MOBILE_APP");
  EXPECT_EQ(c.startTime, 1554726960);
  EXPECT_EQ(c.finishTime, 1554727002);
  EXPECT_EQ(c.status.overall, "APPROVED");
  EXPECT_EQ(c.status.overallStatus, cw::OverallStatus::Approved);
  EXPECT_TRUE(c.status.suspicionReasons.empty());
  EXPECT_EQ(c.status.autoDocument, "DOC_VALIDATED");
  EXPECT_EQ(c.status.autoFace, "FACE_MATCH");
  EXPECT_FALSE(c.status.manualDocument.has_value());
  EXPECT_FALSE(c.status.manualFace.has_value());
  EXPECT_EQ(c.data.selectedCountry, "LT");
  EXPECT_EQ(c.data.docFirstName, "FIRST-NAME-EXAMPLE");
  EXPECT_EQ(c.data.docLastName, "LAST-NAME-EXAMPLE");
  EXPECT_EQ(c.data.docNumber, "XXXXXXXXX");
  EXPECT_EQ(c.data.docPersonalCode, "XXXXXXXXX");
  EXPECT_EQ(c.data.docExpiry, "YYYY-MM-DD");
  EXPECT_EQ(c.data.docDob, "YYYY-MM-DD");
  EXPECT_EQ(c.data.docType, "ID_CARD");
  EXPECT_EQ(c.data.docSex, "UNDEFINED");
  EXPECT_EQ(c.data.docNationality, "LT");
  EXPECT_EQ(c.data.docIssuingCountry, "LT");
  EXPECT_FALSE(c.data.birthPlace.has_value());  // absent in the example
  EXPECT_EQ(c.data.manuallyDataChanged, false);
  ASSERT_TRUE(c.fileUrls.front.has_value());
  EXPECT_TRUE(c.fileUrls.front->ends_with(
      "FRONT.png?AWSAccessKeyId=<KEY>&Signature=<SIG>&Expires=<STAMP>"));
  EXPECT_TRUE(c.fileUrls.back.has_value());
  EXPECT_TRUE(c.fileUrls.face.has_value());
  EXPECT_FALSE(c.fileUrls.faceVideo.has_value());
  ASSERT_TRUE(c.aml.has_value());
  EXPECT_EQ(c.aml->serviceName, "PilotApiAmlV2");
  EXPECT_EQ(c.aml->serviceGroupType, "AML");
  EXPECT_EQ(c.aml->overallStatus, "NOT_SUSPECTED");
  EXPECT_EQ(c.aml->serviceSuspected, false);
  EXPECT_EQ(c.aml->checkSuccessful, true);
  EXPECT_EQ(json::parse(c.aml->rawJson)["uid"], "OHT8GR5ESRF5XROWE5ZGCC123");
  ASSERT_TRUE(c.lid.has_value());
  EXPECT_EQ(c.lid->serviceName, "IrdInvalidPapers");
  EXPECT_EQ(c.reviewer(), cw::Reviewer::Automatic);
}

TEST(IdentificationCallback, OptionalFieldsAndServicesMayBeAbsent) {
  const auto r =
      cw::parseIdentificationCallback(R"({"scanRef":"s","status":{"overall":"ACTIVE"}})");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_FALSE(r.callback->aml.has_value());
  EXPECT_FALSE(r.callback->clientId.has_value());
  EXPECT_EQ(r.callback->status.overallStatus, cw::OverallStatus::Active);
}

TEST(IdentificationCallback, KnowsEveryValueOfTheSeedTables) {
  EXPECT_EQ(cw::knownPlatforms().size(), 6u);
  EXPECT_EQ(cw::knownOverallStatuses().size(), 8u);
  EXPECT_EQ(cw::knownSuspicionReasons().size(), 10u);
  EXPECT_EQ(cw::knownFaceResults().size(), 10u);
  EXPECT_EQ(cw::knownDocumentResults().size(), 27u);
  EXPECT_EQ(cw::knownDocumentTypes().size(), 5u);
  EXPECT_EQ(cw::knownSexes().size(), 3u);
  // Every known value parses without a warning in its field.
  for (const auto v : cw::knownDocumentResults()) {
    auto j = seed();
    j["status"]["manualDocument"] = v;
    const auto r = parse(j);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.warnings.empty()) << v;
  }
  for (const auto v : cw::knownOverallStatuses()) {
    auto j = seed();
    j["status"]["overall"] = v;
    const auto r = parse(j);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r.warnings.empty()) << v;
    EXPECT_NE(r.callback->status.overallStatus, cw::OverallStatus::Unknown) << v;
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
    EXPECT_EQ(r.warnings[0], (cw::ParseIssue{IssueCode::UnknownEnumValue, field, "NEW"}));
  }
  auto j = seed();
  j["status"]["overall"] = "ON_HOLD";
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.callback->status.overall, "ON_HOLD");
  EXPECT_EQ(r.callback->status.overallStatus, cw::OverallStatus::Unknown);
}

TEST(IdentificationCallback, UnknownSuspicionReasonsAreKeptAndFlagged) {
  auto j = seed();
  j["status"]["overall"] = "SUSPECTED";
  j["status"]["suspicionReasons"] = {"FACE_SUSPECTED", "BRAND_NEW_REASON"};
  const auto r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.callback->status.suspicionReasons,
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
    EXPECT_EQ(r.warnings[0].code, IssueCode::TooLong) << field;
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
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::TooLong, "status.autoFace"));
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::UnknownEnumValue, "status.autoFace"));
}

TEST(IdentificationCallback, IdentifiersOverTheirLengthAreErrors) {
  auto j = seed();
  j["scanRef"] = std::string(36, 'r');
  EXPECT_TRUE(parse(j).ok());
  j["scanRef"] = std::string(37, 'r');
  auto r = parse(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*r.error, (cw::ParseIssue{IssueCode::TooLong, "scanRef", "37 characters > 36"}));
  EXPECT_FALSE(r.callback.has_value());

  j = seed();
  j["clientId"] = std::string(100, 'c');
  EXPECT_TRUE(parse(j).ok());
  j["clientId"] = std::string(101, 'c');
  r = parse(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->field, "clientId");
  EXPECT_EQ(r.error->code, IssueCode::TooLong);
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
  EXPECT_FALSE(r.callback->data.docFirstName.has_value());
  EXPECT_FALSE(r.callback->data.manuallyDataChanged.has_value());
  EXPECT_FALSE(r.callback->fileUrls.front.has_value());

  // Where the table promises a value, null is tolerated but flagged.
  for (const char* key : {"platform", "clientId", "startTime", "finishTime"}) {
    j = seed();
    j[key] = nullptr;
    r = parse(j);
    ASSERT_TRUE(r.ok()) << key;
    ASSERT_EQ(r.warnings.size(), 1u) << key;
    EXPECT_EQ(r.warnings[0], (cw::ParseIssue{IssueCode::UnexpectedNull, key, ""}));
  }
  j = seed();
  j["status"]["suspicionReasons"] = nullptr;
  r = parse(j);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::UnexpectedNull, "status.suspicionReasons"));

  // The decision itself and the key cannot be null.
  j = seed();
  j["status"]["overall"] = nullptr;
  r = parse(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, IssueCode::MissingField);
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
      {json::json_pointer("/scanRef"), 42, "scanRef", IssueCode::WrongFieldType},
      {json::json_pointer("/clientId"), json::array(), "clientId", IssueCode::WrongFieldType},
      {json::json_pointer("/platform"), true, "platform", IssueCode::WrongFieldType},
      {json::json_pointer("/startTime"), "1554726960", "startTime", IssueCode::WrongFieldType},
      {json::json_pointer("/finishTime"), 1.5, "finishTime", IssueCode::WrongFieldType},
      {json::json_pointer("/finishTime"), -1, "finishTime", IssueCode::InvalidValue},
      {json::json_pointer("/status"), "APPROVED", "status", IssueCode::NotAnObject},
      {json::json_pointer("/status/overall"), 1, "status.overall", IssueCode::WrongFieldType},
      {json::json_pointer("/status/autoFace"), json::object(), "status.autoFace",
       IssueCode::WrongFieldType},
      {json::json_pointer("/status/suspicionReasons"), "FAKE_PHOTO", "status.suspicionReasons",
       IssueCode::WrongFieldType},
      {json::json_pointer("/status/suspicionReasons"), json::array({1}), "status.suspicionReasons",
       IssueCode::WrongFieldType},
      {json::json_pointer("/data"), json::array(), "data", IssueCode::NotAnObject},
      {json::json_pointer("/data/docDob"), 19900101, "data.docDob", IssueCode::WrongFieldType},
      {json::json_pointer("/data/manuallyDataChanged"), "false", "data.manuallyDataChanged",
       IssueCode::WrongFieldType},
      {json::json_pointer("/fileUrls"), "https://x", "fileUrls", IssueCode::NotAnObject},
      {json::json_pointer("/fileUrls/FACE"), 5, "fileUrls.FACE", IssueCode::WrongFieldType},
      {json::json_pointer("/aml"), json::array(), "aml", IssueCode::NotAnObject},
      {json::json_pointer("/lid"), "x", "lid", IssueCode::NotAnObject},
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
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::WrongFieldType, "aml.status.serviceSuspected"));
  EXPECT_EQ(r.callback->aml->serviceName, "PilotApiAmlV2");
}

TEST(IdentificationCallback, RequiresScanRefAndStatus) {
  auto j = seed();
  j.erase("scanRef");
  EXPECT_EQ(parse(j).error->field, "scanRef");
  j = seed();
  j["scanRef"] = "";
  EXPECT_EQ(*parse(j).error, (cw::ParseIssue{IssueCode::MissingField, "scanRef", "empty"}));
  j = seed();
  j.erase("status");
  EXPECT_EQ(parse(j).error->field, "status");
  j = seed();
  j["status"].erase("overall");
  EXPECT_EQ(parse(j).error->field, "status.overall");
}

TEST(IdentificationCallback, BadDocumentsAreErrorsNotThrows) {
  EXPECT_EQ(cw::parseIdentificationCallback("").error->code, IssueCode::MalformedJson);
  EXPECT_EQ(cw::parseIdentificationCallback("{\"scanRef\":").error->code, IssueCode::MalformedJson);
  EXPECT_EQ(cw::parseIdentificationCallback("[]").error->code, IssueCode::NotAnObject);
  EXPECT_EQ(cw::parseIdentificationCallback("\"\xff\"").error->code, IssueCode::MalformedJson);
  EXPECT_EQ(
      cw::parseIdentificationCallback(std::string(40, '[') + std::string(40, ']')).error->code,
      IssueCode::TooLarge);
  std::string big = R"({"scanRef":"s","status":{"overall":"APPROVED"},"pad":")";
  big += std::string(cw::kMaxWebhookBodyBytes, 'x') + "\"}";
  EXPECT_EQ(cw::parseIdentificationCallback(big).error->code, IssueCode::TooLarge);
}

TEST(IdentificationCallback, ManualTraceMakesItTheManualVerdict) {
  auto j = seed();
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::Automatic);
  j["status"]["manualFace"] = "FACE_MATCH";
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::Manual);
  j = seed();
  j["status"]["manualDocument"] = "DOC_VALIDATED";
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::Manual);
  j = seed();
  j["data"]["manuallyDataChanged"] = true;
  EXPECT_EQ(parse(j).callback->reviewer(), cw::Reviewer::Manual);
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
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::TooLong, "data.docSex"));
  EXPECT_TRUE(cw::hasIssue(r.warnings, IssueCode::UnknownEnumValue, "data.docSex"));
}
