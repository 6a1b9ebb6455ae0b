#include "completion/identification_callback.hpp"

#include <array>

#include "completion/json_fields.hpp"

namespace idv::completion {
namespace {

using namespace std::string_view_literals;
using detail::Diagnostics;
using detail::json;
using detail::Null;
using detail::Overlong;
using detail::StringRule;

// The seed's tables, verbatim.
constexpr std::array kPlatforms = {"PC"sv,         "MOBILE"sv,     "TABLET"sv,
                                   "MOBILE_APP"sv, "MOBILE_SDK"sv, "OTHER"sv};
constexpr std::array kOverall = {"APPROVED"sv, "DENIED"sv,  "SUSPECTED"sv, "REVIEWING"sv,
                                 "ACTIVE"sv,   "EXPIRED"sv, "DELETED"sv,   "ARCHIVED"sv};
constexpr std::array kSuspicion = {
    "FACE_SUSPECTED"sv, "DOC_MOBILE_PHOTO"sv, "DEV_TOOLS_OPENED"sv, "DOC_PRINT_SPOOFED"sv,
    "FAKE_PHOTO"sv,     "AML_SUSPECTION"sv,   "AML_FAILED"sv,       "LID_SUSPECTION"sv,
    "LID_FAILED"sv,     "AUTO_UNVERIFIABLE"sv};
constexpr std::array kFace = {"FACE_MATCH"sv,        "FACE_MISMATCH"sv,   "NO_FACE_FOUND"sv,
                              "TOO_MANY_FACES"sv,    "FACE_TOO_BLURRY"sv, "FACE_UNCERTAIN"sv,
                              "FACE_NOT_ANALYSED"sv, "FACE_ERROR"sv,      "AUTO_UNVERIFIABLE"sv,
                              "FAKE_FACE"sv};
constexpr std::array kDocument = {"DOC_VALIDATED"sv,
                                  "DOC_INFO_MISMATCH"sv,
                                  "DOC_NOT_FOUND"sv,
                                  "DOC_NOT_FULLY_VISIBLE"sv,
                                  "DOC_NOT_SUPPORTED"sv,
                                  "DOC_FACE_NOT_FOUND"sv,
                                  "DOC_TOO_BLURRY"sv,
                                  "DOC_FACE_GLARED"sv,
                                  "MRZ_NOT_FOUND"sv,
                                  "MRZ_OCR_READING_ERROR"sv,
                                  "DOC_EXPIRED"sv,
                                  "COUNTRY_MISMATCH"sv,
                                  "DOC_TYPE_MISMATCH"sv,
                                  "DOC_DAMAGED"sv,
                                  "DOC_FAKE"sv,
                                  "DOC_ERROR"sv,
                                  "AUTO_UNVERIFIABLE"sv,
                                  "DOC_NOT_ANALYSED"sv,
                                  "DOC_NAME_ERROR"sv,
                                  "DOC_SURNAME_ERROR"sv,
                                  "DOC_EXPIRY_ERROR"sv,
                                  "DOC_DOB_ERROR"sv,
                                  "DOC_PERSONAL_NUMBER_ERROR"sv,
                                  "DOC_NUMBER_ERROR"sv,
                                  "DOC_DATE_OF_ISSUE_ERROR"sv,
                                  "DOC_SEX_ERROR"sv,
                                  "DOC_NATIONALITY_ERROR"sv};
constexpr std::array kDocTypes = {"ID_CARD"sv, "PASSPORT"sv, "RESIDENCE_PERMIT"sv,
                                  "DRIVER_LICENSE"sv, "OTHER"sv};
constexpr std::array kSexes = {"MALE"sv, "FEMALE"sv, "UNDEFINED"sv};

// An enumeration field: the value may be quoted in warnings (it is not personal data).
StringRule enumeration(std::size_t max, std::span<const std::string_view> values, Null null) {
  return StringRule{max, null, Overlong::Warn, values, false, true};
}
StringRule text(std::size_t max, Null null = Null::Allowed) {
  return StringRule{max, null, Overlong::Warn, {}, false, false};
}

bool readStatus(const json& doc, IdentificationStatus& s, Diagnostics& diag) {
  const auto it = doc.find("status");
  if (it == doc.end() || it->is_null()) return diag.fail(IssueCode::MissingField, "status");
  if (!it->is_object()) return diag.fail(IssueCode::NotAnObject, "status");
  const json& st = *it;

  std::optional<std::string> overall;
  StringRule overallRule = enumeration(30, kOverall, Null::Error);
  overallRule.required = true;
  if (!detail::readString(st, "overall", "status", overallRule, overall, diag)) return false;
  s.overall = *overall;
  s.overallStatus = parseOverallStatus(s.overall);

  // The four verdicts are null until their stage has run (the seed's example: manual* null).
  struct Verdict {
    std::string_view key;
    std::optional<std::string> IdentificationStatus::*member;
    std::span<const std::string_view> values;
  };
  for (const Verdict& v :
       {Verdict{"autoFace", &IdentificationStatus::autoFace, kFace},
        Verdict{"manualFace", &IdentificationStatus::manualFace, kFace},
        Verdict{"autoDocument", &IdentificationStatus::autoDocument, kDocument},
        Verdict{"manualDocument", &IdentificationStatus::manualDocument, kDocument}}) {
    if (!detail::readString(st, v.key, "status", enumeration(30, v.values, Null::Allowed),
                            s.*v.member, diag))
      return false;
  }

  const auto reasons = st.find("suspicionReasons");
  if (reasons == st.end()) return true;
  if (reasons->is_null()) {
    diag.warn(IssueCode::UnexpectedNull, "status.suspicionReasons");
    return true;
  }
  if (!reasons->is_array()) {
    return diag.fail(IssueCode::WrongFieldType, "status.suspicionReasons",
                     std::string("expected list, got ") + reasons->type_name());
  }
  for (const auto& r : *reasons) {
    if (!r.is_string()) {
      return diag.fail(IssueCode::WrongFieldType, "status.suspicionReasons",
                       std::string("expected strings, got ") + r.type_name());
    }
    const auto& value = r.get_ref<const std::string&>();
    if (!detail::contains(kSuspicion, value)) {
      diag.warn(IssueCode::UnknownEnumValue, "status.suspicionReasons", detail::printable(value));
    }
    s.suspicionReasons.push_back(value);
  }
  return true;
}

bool readData(const json& doc, IdentificationData& d, Diagnostics& diag) {
  const json* data = detail::readObject(doc, "data", "", diag);
  if (!data) return !diag.error;
  using M = std::optional<std::string> IdentificationData::*;
  struct Field {
    std::string_view key;
    M member;
    StringRule rule;
  };
  const Field fields[] = {
      {"docFirstName", &IdentificationData::docFirstName, text(100)},
      {"docLastName", &IdentificationData::docLastName, text(100)},
      {"docNumber", &IdentificationData::docNumber, text(15)},
      {"docPersonalCode", &IdentificationData::docPersonalCode, text(15)},
      {"docExpiry", &IdentificationData::docExpiry, text(10)},
      {"docDob", &IdentificationData::docDob, text(10)},
      {"docDateOfIssue", &IdentificationData::docDateOfIssue, text(10)},
      {"docType", &IdentificationData::docType, enumeration(30, kDocTypes, Null::Allowed)},
      {"docSex", &IdentificationData::docSex, enumeration(6, kSexes, Null::Allowed)},
      {"docNationality", &IdentificationData::docNationality, text(2)},
      {"docIssuingCountry", &IdentificationData::docIssuingCountry, text(2)},
      {"selectedCountry", &IdentificationData::selectedCountry, text(2)},
      {"birthPlace", &IdentificationData::birthPlace, text(60)},
      {"authority", &IdentificationData::authority, text(60)},
      {"address", &IdentificationData::address, text(80)},
      {"driverLicenseCategory", &IdentificationData::driverLicenseCategory, text(30)},
  };
  for (const Field& f : fields) {
    if (!detail::readString(*data, f.key, "data", f.rule, d.*f.member, diag)) return false;
  }
  return detail::readBool(*data, "manuallyDataChanged", "data", Null::Allowed,
                          d.manuallyDataChanged, diag);
}

bool readFileUrls(const json& doc, FileUrls& u, Diagnostics& diag) {
  const json* urls = detail::readObject(doc, "fileUrls", "", diag);
  if (!urls) return !diag.error;
  struct Field {
    std::string_view key;
    std::optional<std::string> FileUrls::*member;
  };
  for (const Field& f :
       {Field{"FRONT", &FileUrls::front}, Field{"BACK", &FileUrls::back},
        Field{"FACE", &FileUrls::face}, Field{"FRONT_VIDEO", &FileUrls::frontVideo},
        Field{"BACK_VIDEO", &FileUrls::backVideo}, Field{"FACE_VIDEO", &FileUrls::faceVideo}}) {
    if (!detail::readString(*urls, f.key, "fileUrls", text(500), u.*f.member, diag)) return false;
  }
  return true;
}

// aml / lid: the object must be an object; inside, surprises are warnings (other document).
bool readFraudCheck(const json& doc, std::string_view key, std::optional<FraudCheck>& out,
                    Diagnostics& diag) {
  const json* obj = detail::readObject(doc, key, "", diag);
  if (!obj) return !diag.error;
  FraudCheck c;
  c.rawJson = obj->dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string path(key);
  Diagnostics inner;  // lenient: fold its errors into warnings
  detail::readString(*obj, "serviceName", path, text(0), c.serviceName, inner);
  detail::readString(*obj, "serviceGroupType", path, text(0), c.serviceGroupType, inner);
  if (const json* st = detail::readObject(*obj, "status", path, inner)) {
    const std::string sp = path + ".status";
    detail::readString(*st, "overallStatus", sp, text(0), c.overallStatus, inner);
    detail::readBool(*st, "serviceSuspected", sp, Null::Allowed, c.serviceSuspected, inner);
    detail::readBool(*st, "checkSuccessful", sp, Null::Allowed, c.checkSuccessful, inner);
  }
  if (inner.error) diag.warnings.push_back(*inner.error);
  for (auto& w : inner.warnings) diag.warnings.push_back(std::move(w));
  out = std::move(c);
  return true;
}

}  // namespace

OverallStatus parseOverallStatus(std::string_view t) {
  static constexpr std::array values = {OverallStatus::Approved,  OverallStatus::Denied,
                                        OverallStatus::Suspected, OverallStatus::Reviewing,
                                        OverallStatus::Active,    OverallStatus::Expired,
                                        OverallStatus::Deleted,   OverallStatus::Archived};
  for (std::size_t i = 0; i < kOverall.size(); ++i) {
    if (kOverall[i] == t) return values[i];
  }
  return OverallStatus::Unknown;
}

Reviewer IdentificationCallback::reviewer() const {
  const bool human = status.manualFace.has_value() || status.manualDocument.has_value() ||
                     data.manuallyDataChanged.value_or(false);
  return human ? Reviewer::Manual : Reviewer::Automatic;
}

IdentificationParse parseIdentificationCallback(std::string_view body) {
  Diagnostics diag;
  IdentificationParse result;
  const json doc = detail::parseBounded(body, diag);
  IdentificationCallback cb;
  const auto finish = [&]() {
    result.warnings = std::move(diag.warnings);
    result.error = std::move(diag.error);
    if (!result.error) result.callback = std::move(cb);
    return std::move(result);
  };
  if (diag.error) return finish();

  std::optional<std::string> scanRef;
  StringRule scanRule{36, Null::Error, Overlong::Error, {}, true, false};
  if (!detail::readString(doc, "scanRef", "", scanRule, scanRef, diag)) return finish();
  cb.scanRef = *scanRef;
  const StringRule clientRule{100, Null::Warn, Overlong::Error, {}, false, false};
  if (!detail::readString(doc, "clientId", "", clientRule, cb.clientId, diag) ||
      !detail::readString(doc, "platform", "", enumeration(30, kPlatforms, Null::Warn), cb.platform,
                          diag) ||
      !readStatus(doc, cb.status, diag) || !readData(doc, cb.data, diag) ||
      !readFileUrls(doc, cb.fileUrls, diag) || !readFraudCheck(doc, "aml", cb.aml, diag) ||
      !readFraudCheck(doc, "lid", cb.lid, diag) ||
      !detail::readInt(doc, "startTime", "", Null::Warn, 0, cb.startTime, diag) ||
      !detail::readInt(doc, "finishTime", "", Null::Warn, 0, cb.finishTime, diag)) {
    return finish();
  }
  return finish();
}

std::span<const std::string_view> knownPlatforms() {
  return kPlatforms;
}
std::span<const std::string_view> knownOverallStatuses() {
  return kOverall;
}
std::span<const std::string_view> knownSuspicionReasons() {
  return kSuspicion;
}
std::span<const std::string_view> knownFaceResults() {
  return kFace;
}
std::span<const std::string_view> knownDocumentResults() {
  return kDocument;
}
std::span<const std::string_view> knownDocumentTypes() {
  return kDocTypes;
}
std::span<const std::string_view> knownSexes() {
  return kSexes;
}

}  // namespace idv::completion
