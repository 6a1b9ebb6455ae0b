#include <nlohmann/json.hpp>

#include "completion/builders.hpp"

namespace idv::completion {
namespace {

// Ordered like the seed's example, so a body reads the way the sender's documentation shows it.
using ojson = nlohmann::ordered_json;

ojson opt(const std::optional<std::string>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

ojson statusJson(const IdentificationStatus& s) {
  return {{"overall", s.overall},
          {"suspicionReasons", s.suspicionReasons},
          {"autoDocument", opt(s.autoDocument)},
          {"autoFace", opt(s.autoFace)},
          {"manualDocument", opt(s.manualDocument)},
          {"manualFace", opt(s.manualFace)}};
}

ojson dataJson(const IdentificationData& d) {
  ojson o = ojson::object();
  const std::pair<const char*, const std::optional<std::string>*> fields[] = {
      {"selectedCountry", &d.selectedCountry},
      {"docFirstName", &d.docFirstName},
      {"docLastName", &d.docLastName},
      {"docNumber", &d.docNumber},
      {"docPersonalCode", &d.docPersonalCode},
      {"docExpiry", &d.docExpiry},
      {"docDob", &d.docDob},
      {"docDateOfIssue", &d.docDateOfIssue},
      {"docType", &d.docType},
      {"docSex", &d.docSex},
      {"docNationality", &d.docNationality},
      {"docIssuingCountry", &d.docIssuingCountry},
      {"birthPlace", &d.birthPlace},
      {"authority", &d.authority},
      {"address", &d.address},
      {"driverLicenseCategory", &d.driverLicenseCategory}};
  for (const auto& [key, value] : fields) o[key] = opt(*value);
  o["manuallyDataChanged"] = d.manuallyDataChanged ? ojson(*d.manuallyDataChanged) : ojson(nullptr);
  return o;
}

ojson fileUrlsJson(const FileUrls& u) {
  return {{"FRONT", opt(u.front)},
          {"BACK", opt(u.back)},
          {"FACE", opt(u.face)},
          {"FRONT_VIDEO", opt(u.frontVideo)},
          {"BACK_VIDEO", opt(u.backVideo)},
          {"FACE_VIDEO", opt(u.faceVideo)}};
}

// rawJson wins when set (it is what a parser kept); otherwise the common envelope is built
// from the fields, the way the seed's example shows an AML / LID object.
ojson fraudCheckJson(const std::optional<FraudCheck>& c) {
  if (!c) return nullptr;
  if (!c->rawJson.empty()) {
    ojson raw = ojson::parse(c->rawJson, nullptr, false);
    if (raw.is_object()) return raw;
  }
  const auto optBool = [](const std::optional<bool>& b) { return b ? ojson(*b) : ojson(nullptr); };
  return {{"status",
           {{"serviceSuspected", optBool(c->serviceSuspected)},
            {"checkSuccessful", optBool(c->checkSuccessful)},
            {"overallStatus", opt(c->overallStatus)}}},
          {"data", ojson::array()},
          {"serviceName", opt(c->serviceName)},
          {"serviceGroupType", opt(c->serviceGroupType)}};
}

ojson timeJson(const std::optional<std::int64_t>& t) {
  return t ? ojson(*t) : ojson(nullptr);
}

}  // namespace

std::string toJson(const IdentificationCallback& c) {
  ojson body = {{"clientId", opt(c.clientId)},
                {"scanRef", c.scanRef},
                {"platform", opt(c.platform)},
                {"startTime", timeJson(c.startTime)},
                {"finishTime", timeJson(c.finishTime)},
                {"status", statusJson(c.status)},
                {"data", dataJson(c.data)},
                {"fileUrls", fileUrlsJson(c.fileUrls)}};
  // aml / lid are only present when the service ran them (seed: "only applicable if enabled").
  if (c.aml) body["aml"] = fraudCheckJson(c.aml);
  if (c.lid) body["lid"] = fraudCheckJson(c.lid);
  return body.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace idv::completion
