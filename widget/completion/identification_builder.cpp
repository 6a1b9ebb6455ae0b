#include <nlohmann/json.hpp>

#include "completion/builders.hpp"

namespace idv::completion {
namespace {

// Ordered like the seed's example, so a body reads the way the sender's documentation shows it.
using ojson = nlohmann::ordered_json;

ojson opt(const std::optional<std::string>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

ojson status_json(const IdentificationStatus& s) {
  return {{"overall", s.overall},
          {"suspicionReasons", s.suspicion_reasons},
          {"autoDocument", opt(s.auto_document)},
          {"autoFace", opt(s.auto_face)},
          {"manualDocument", opt(s.manual_document)},
          {"manualFace", opt(s.manual_face)}};
}

ojson data_json(const IdentificationData& d) {
  ojson o = ojson::object();
  const std::pair<const char*, const std::optional<std::string>*> fields[] = {
      {"selectedCountry", &d.selected_country},
      {"docFirstName", &d.doc_first_name},
      {"docLastName", &d.doc_last_name},
      {"docNumber", &d.doc_number},
      {"docPersonalCode", &d.doc_personal_code},
      {"docExpiry", &d.doc_expiry},
      {"docDob", &d.doc_dob},
      {"docDateOfIssue", &d.doc_date_of_issue},
      {"docType", &d.doc_type},
      {"docSex", &d.doc_sex},
      {"docNationality", &d.doc_nationality},
      {"docIssuingCountry", &d.doc_issuing_country},
      {"birthPlace", &d.birth_place},
      {"authority", &d.authority},
      {"address", &d.address},
      {"driverLicenseCategory", &d.driver_license_category}};
  for (const auto& [key, value] : fields) o[key] = opt(*value);
  o["manuallyDataChanged"] =
      d.manually_data_changed ? ojson(*d.manually_data_changed) : ojson(nullptr);
  return o;
}

ojson file_urls_json(const FileUrls& u) {
  return {{"FRONT", opt(u.front)},
          {"BACK", opt(u.back)},
          {"FACE", opt(u.face)},
          {"FRONT_VIDEO", opt(u.front_video)},
          {"BACK_VIDEO", opt(u.back_video)},
          {"FACE_VIDEO", opt(u.face_video)}};
}

// raw_json wins when set (it is what a parser kept); otherwise the common envelope is built
// from the fields, the way the seed's example shows an AML / LID object.
ojson fraud_check_json(const std::optional<FraudCheck>& c) {
  if (!c) return nullptr;
  if (!c->raw_json.empty()) {
    ojson raw = ojson::parse(c->raw_json, nullptr, false);
    if (raw.is_object()) return raw;
  }
  const auto opt_bool = [](const std::optional<bool>& b) { return b ? ojson(*b) : ojson(nullptr); };
  return {{"status",
           {{"serviceSuspected", opt_bool(c->service_suspected)},
            {"checkSuccessful", opt_bool(c->check_successful)},
            {"overallStatus", opt(c->overall_status)}}},
          {"data", ojson::array()},
          {"serviceName", opt(c->service_name)},
          {"serviceGroupType", opt(c->service_group_type)}};
}

ojson time_json(const std::optional<std::int64_t>& t) {
  return t ? ojson(*t) : ojson(nullptr);
}

}  // namespace

std::string to_json(const IdentificationCallback& c) {
  ojson body = {{"clientId", opt(c.client_id)},
                {"scanRef", c.scan_ref},
                {"platform", opt(c.platform)},
                {"startTime", time_json(c.start_time)},
                {"finishTime", time_json(c.finish_time)},
                {"status", status_json(c.status)},
                {"data", data_json(c.data)},
                {"fileUrls", file_urls_json(c.file_urls)}};
  // aml / lid are only present when the service ran them (seed: "only applicable if enabled").
  if (c.aml) body["aml"] = fraud_check_json(c.aml);
  if (c.lid) body["lid"] = fraud_check_json(c.lid);
  return body.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace idv::completion
