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
  return StringRule{max, null, Overlong::warn, values, false, true};
}
StringRule text(std::size_t max, Null null = Null::allowed) {
  return StringRule{max, null, Overlong::warn, {}, false, false};
}

bool read_status(const json& doc, IdentificationStatus& s, Diagnostics& diag) {
  const auto it = doc.find("status");
  if (it == doc.end() || it->is_null()) return diag.fail(IssueCode::missing_field, "status");
  if (!it->is_object()) return diag.fail(IssueCode::not_an_object, "status");
  const json& st = *it;

  std::optional<std::string> overall;
  StringRule overall_rule = enumeration(30, kOverall, Null::error);
  overall_rule.required = true;
  if (!detail::read_string(st, "overall", "status", overall_rule, overall, diag)) return false;
  s.overall = *overall;
  s.overall_status = parse_overall_status(s.overall);

  // The four verdicts are null until their stage has run (the seed's example: manual* null).
  struct Verdict {
    std::string_view key;
    std::optional<std::string> IdentificationStatus::*member;
    std::span<const std::string_view> values;
  };
  for (const Verdict& v :
       {Verdict{"autoFace", &IdentificationStatus::auto_face, kFace},
        Verdict{"manualFace", &IdentificationStatus::manual_face, kFace},
        Verdict{"autoDocument", &IdentificationStatus::auto_document, kDocument},
        Verdict{"manualDocument", &IdentificationStatus::manual_document, kDocument}}) {
    if (!detail::read_string(st, v.key, "status", enumeration(30, v.values, Null::allowed),
                             s.*v.member, diag))
      return false;
  }

  const auto reasons = st.find("suspicionReasons");
  if (reasons == st.end()) return true;
  if (reasons->is_null()) {
    diag.warn(IssueCode::unexpected_null, "status.suspicionReasons");
    return true;
  }
  if (!reasons->is_array()) {
    return diag.fail(IssueCode::wrong_field_type, "status.suspicionReasons",
                     std::string("expected list, got ") + reasons->type_name());
  }
  for (const auto& r : *reasons) {
    if (!r.is_string()) {
      return diag.fail(IssueCode::wrong_field_type, "status.suspicionReasons",
                       std::string("expected strings, got ") + r.type_name());
    }
    const auto& value = r.get_ref<const std::string&>();
    if (!detail::contains(kSuspicion, value)) {
      diag.warn(IssueCode::unknown_enum_value, "status.suspicionReasons", detail::printable(value));
    }
    s.suspicion_reasons.push_back(value);
  }
  return true;
}

bool read_data(const json& doc, IdentificationData& d, Diagnostics& diag) {
  const json* data = detail::read_object(doc, "data", "", diag);
  if (!data) return !diag.error;
  using M = std::optional<std::string> IdentificationData::*;
  struct Field {
    std::string_view key;
    M member;
    StringRule rule;
  };
  const Field fields[] = {
      {"docFirstName", &IdentificationData::doc_first_name, text(100)},
      {"docLastName", &IdentificationData::doc_last_name, text(100)},
      {"docNumber", &IdentificationData::doc_number, text(15)},
      {"docPersonalCode", &IdentificationData::doc_personal_code, text(15)},
      {"docExpiry", &IdentificationData::doc_expiry, text(10)},
      {"docDob", &IdentificationData::doc_dob, text(10)},
      {"docDateOfIssue", &IdentificationData::doc_date_of_issue, text(10)},
      {"docType", &IdentificationData::doc_type, enumeration(30, kDocTypes, Null::allowed)},
      {"docSex", &IdentificationData::doc_sex, enumeration(6, kSexes, Null::allowed)},
      {"docNationality", &IdentificationData::doc_nationality, text(2)},
      {"docIssuingCountry", &IdentificationData::doc_issuing_country, text(2)},
      {"selectedCountry", &IdentificationData::selected_country, text(2)},
      {"birthPlace", &IdentificationData::birth_place, text(60)},
      {"authority", &IdentificationData::authority, text(60)},
      {"address", &IdentificationData::address, text(80)},
      {"driverLicenseCategory", &IdentificationData::driver_license_category, text(30)},
  };
  for (const Field& f : fields) {
    if (!detail::read_string(*data, f.key, "data", f.rule, d.*f.member, diag)) return false;
  }
  return detail::read_bool(*data, "manuallyDataChanged", "data", Null::allowed,
                           d.manually_data_changed, diag);
}

bool read_file_urls(const json& doc, FileUrls& u, Diagnostics& diag) {
  const json* urls = detail::read_object(doc, "fileUrls", "", diag);
  if (!urls) return !diag.error;
  struct Field {
    std::string_view key;
    std::optional<std::string> FileUrls::*member;
  };
  for (const Field& f :
       {Field{"FRONT", &FileUrls::front}, Field{"BACK", &FileUrls::back},
        Field{"FACE", &FileUrls::face}, Field{"FRONT_VIDEO", &FileUrls::front_video},
        Field{"BACK_VIDEO", &FileUrls::back_video}, Field{"FACE_VIDEO", &FileUrls::face_video}}) {
    if (!detail::read_string(*urls, f.key, "fileUrls", text(500), u.*f.member, diag)) return false;
  }
  return true;
}

// aml / lid: the object must be an object; inside, surprises are warnings (other document).
bool read_fraud_check(const json& doc, std::string_view key, std::optional<FraudCheck>& out,
                      Diagnostics& diag) {
  const json* obj = detail::read_object(doc, key, "", diag);
  if (!obj) return !diag.error;
  FraudCheck c;
  c.raw_json = obj->dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string path(key);
  Diagnostics inner;  // lenient: fold its errors into warnings
  detail::read_string(*obj, "serviceName", path, text(0), c.service_name, inner);
  detail::read_string(*obj, "serviceGroupType", path, text(0), c.service_group_type, inner);
  if (const json* st = detail::read_object(*obj, "status", path, inner)) {
    const std::string sp = path + ".status";
    detail::read_string(*st, "overallStatus", sp, text(0), c.overall_status, inner);
    detail::read_bool(*st, "serviceSuspected", sp, Null::allowed, c.service_suspected, inner);
    detail::read_bool(*st, "checkSuccessful", sp, Null::allowed, c.check_successful, inner);
  }
  if (inner.error) diag.warnings.push_back(*inner.error);
  for (auto& w : inner.warnings) diag.warnings.push_back(std::move(w));
  out = std::move(c);
  return true;
}

}  // namespace

OverallStatus parse_overall_status(std::string_view t) {
  static constexpr std::array values = {OverallStatus::approved,  OverallStatus::denied,
                                        OverallStatus::suspected, OverallStatus::reviewing,
                                        OverallStatus::active,    OverallStatus::expired,
                                        OverallStatus::deleted,   OverallStatus::archived};
  for (std::size_t i = 0; i < kOverall.size(); ++i) {
    if (kOverall[i] == t) return values[i];
  }
  return OverallStatus::unknown;
}

Reviewer IdentificationCallback::reviewer() const {
  const bool human = status.manual_face.has_value() || status.manual_document.has_value() ||
                     data.manually_data_changed.value_or(false);
  return human ? Reviewer::manual : Reviewer::automatic;
}

IdentificationParse parse_identification_callback(std::string_view body) {
  Diagnostics diag;
  IdentificationParse result;
  const json doc = detail::parse_bounded(body, diag);
  IdentificationCallback cb;
  const auto finish = [&]() {
    result.warnings = std::move(diag.warnings);
    result.error = std::move(diag.error);
    if (!result.error) result.callback = std::move(cb);
    return std::move(result);
  };
  if (diag.error) return finish();

  std::optional<std::string> scan_ref;
  StringRule scan_rule{36, Null::error, Overlong::error, {}, true, false};
  if (!detail::read_string(doc, "scanRef", "", scan_rule, scan_ref, diag)) return finish();
  cb.scan_ref = *scan_ref;
  const StringRule client_rule{100, Null::warn, Overlong::error, {}, false, false};
  if (!detail::read_string(doc, "clientId", "", client_rule, cb.client_id, diag) ||
      !detail::read_string(doc, "platform", "", enumeration(30, kPlatforms, Null::warn),
                           cb.platform, diag) ||
      !read_status(doc, cb.status, diag) || !read_data(doc, cb.data, diag) ||
      !read_file_urls(doc, cb.file_urls, diag) || !read_fraud_check(doc, "aml", cb.aml, diag) ||
      !read_fraud_check(doc, "lid", cb.lid, diag) ||
      !detail::read_int(doc, "startTime", "", Null::warn, 0, cb.start_time, diag) ||
      !detail::read_int(doc, "finishTime", "", Null::warn, 0, cb.finish_time, diag)) {
    return finish();
  }
  return finish();
}

std::span<const std::string_view> known_platforms() {
  return kPlatforms;
}
std::span<const std::string_view> known_overall_statuses() {
  return kOverall;
}
std::span<const std::string_view> known_suspicion_reasons() {
  return kSuspicion;
}
std::span<const std::string_view> known_face_results() {
  return kFace;
}
std::span<const std::string_view> known_document_results() {
  return kDocument;
}
std::span<const std::string_view> known_document_types() {
  return kDocTypes;
}
std::span<const std::string_view> known_sexes() {
  return kSexes;
}

}  // namespace idv::completion
