#include "completion/risk_assessment.hpp"

#include <nlohmann/json.hpp>

#include "completion/json_fields.hpp"
#include "completion/parse_issue.hpp"

namespace idv::completion {
namespace {

using json = nlohmann::json;

// Reads an optional string member; null counts as absent. False on a wrong JSON type.
bool optionalString(const json& obj, const char* key, std::string& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

std::string toJson(const RiskAssessmentUpdated& e) {
  json data = json::object();
  data["trackingReference"] = e.trackingReference;
  data["referenceData"] = e.referenceData;
  data["assessmentStatus"] = e.assessmentStatus;
  data["riskLevel"] = e.riskLevel;
  data["customerName"] = e.customerName;
  data["final"] = e.final;
  json body = json::object();
  body["type"] = kRiskAssessmentUpdated;
  body["timestamp"] = e.timestamp;
  body["data"] = std::move(data);
  // Replace invalid UTF-8 instead of throwing: the event must always serialise.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view toString(EventParseError e) {
  switch (e) {
    case EventParseError::None: return "none";
    case EventParseError::MalformedJson: return "malformed_json";
    case EventParseError::NotAnObject: return "not_an_object";
    case EventParseError::WrongType: return "wrong_type";
    case EventParseError::MissingField: return "missing_field";
    case EventParseError::WrongFieldType: return "wrong_field_type";
    case EventParseError::TooLarge: return "too_large";
  }
  return "unknown";
}

RiskAssessmentParse parseRiskAssessment(std::string_view body) {
  RiskAssessmentParse r;
  if (body.size() > kMaxWebhookBodyBytes) return {EventParseError::TooLarge, "", {}};
  if (!detail::withinDepth(body, kMaxJsonDepth)) return {EventParseError::TooLarge, "", {}};
  const json doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return {EventParseError::MalformedJson, "", {}};
  if (!doc.is_object()) return {EventParseError::NotAnObject, "", {}};

  const auto type = doc.find("type");
  if (type == doc.end() || !type->is_string() || type->get<std::string>() != kRiskAssessmentUpdated)
    return {EventParseError::WrongType, "type", {}};
  if (!optionalString(doc, "timestamp", r.event.timestamp))
    return {EventParseError::WrongFieldType, "timestamp", {}};

  const auto data = doc.find("data");
  if (data == doc.end()) return {EventParseError::MissingField, "data", {}};
  if (!data->is_object()) return {EventParseError::NotAnObject, "data", {}};

  struct Required {
    const char* key;
    std::string* out;
  };
  for (const Required& f : {Required{"trackingReference", &r.event.trackingReference},
                            Required{"assessmentStatus", &r.event.assessmentStatus},
                            Required{"riskLevel", &r.event.riskLevel}}) {
    const auto it = data->find(f.key);
    if (it == data->end() || it->is_null()) return {EventParseError::MissingField, f.key, {}};
    if (!it->is_string()) return {EventParseError::WrongFieldType, f.key, {}};
    *f.out = it->get<std::string>();
    if (f.out->empty()) return {EventParseError::MissingField, f.key, {}};
  }
  if (!optionalString(*data, "referenceData", r.event.referenceData))
    return {EventParseError::WrongFieldType, "referenceData", {}};
  if (!optionalString(*data, "customerName", r.event.customerName))
    return {EventParseError::WrongFieldType, "customerName", {}};
  if (const auto fin = data->find("final"); fin != data->end() && !fin->is_null()) {
    if (!fin->is_boolean()) return {EventParseError::WrongFieldType, "final", {}};
    r.event.final = fin->get<bool>();
  }
  return r;
}

}  // namespace idv::completion
