#include "completion/risk_assessment.hpp"

#include <nlohmann/json.hpp>

#include "completion/json_fields.hpp"
#include "completion/parse_issue.hpp"

namespace idv::completion {
namespace {

using json = nlohmann::json;

// Reads an optional string member; null counts as absent. False on a wrong JSON type.
bool optional_string(const json& obj, const char* key, std::string& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return true;
}

}  // namespace

std::string to_json(const RiskAssessmentUpdated& e) {
  json data = json::object();
  data["trackingReference"] = e.tracking_reference;
  data["referenceData"] = e.reference_data;
  data["assessmentStatus"] = e.assessment_status;
  data["riskLevel"] = e.risk_level;
  data["customerName"] = e.customer_name;
  data["final"] = e.final;
  json body = json::object();
  body["type"] = kRiskAssessmentUpdated;
  body["timestamp"] = e.timestamp;
  body["data"] = std::move(data);
  // Replace invalid UTF-8 instead of throwing: the event must always serialise.
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string_view to_string(EventParseError e) {
  switch (e) {
    case EventParseError::none: return "none";
    case EventParseError::malformed_json: return "malformed_json";
    case EventParseError::not_an_object: return "not_an_object";
    case EventParseError::wrong_type: return "wrong_type";
    case EventParseError::missing_field: return "missing_field";
    case EventParseError::wrong_field_type: return "wrong_field_type";
    case EventParseError::too_large: return "too_large";
  }
  return "unknown";
}

RiskAssessmentParse parse_risk_assessment(std::string_view body) {
  RiskAssessmentParse r;
  if (body.size() > kMaxWebhookBodyBytes) return {EventParseError::too_large, "", {}};
  if (!detail::within_depth(body, kMaxJsonDepth)) return {EventParseError::too_large, "", {}};
  const json doc = json::parse(body.begin(), body.end(), nullptr, false);
  if (doc.is_discarded()) return {EventParseError::malformed_json, "", {}};
  if (!doc.is_object()) return {EventParseError::not_an_object, "", {}};

  const auto type = doc.find("type");
  if (type == doc.end() || !type->is_string() || type->get<std::string>() != kRiskAssessmentUpdated)
    return {EventParseError::wrong_type, "type", {}};
  if (!optional_string(doc, "timestamp", r.event.timestamp))
    return {EventParseError::wrong_field_type, "timestamp", {}};

  const auto data = doc.find("data");
  if (data == doc.end()) return {EventParseError::missing_field, "data", {}};
  if (!data->is_object()) return {EventParseError::not_an_object, "data", {}};

  struct Required {
    const char* key;
    std::string* out;
  };
  for (const Required& f : {Required{"trackingReference", &r.event.tracking_reference},
                            Required{"assessmentStatus", &r.event.assessment_status},
                            Required{"riskLevel", &r.event.risk_level}}) {
    const auto it = data->find(f.key);
    if (it == data->end() || it->is_null()) return {EventParseError::missing_field, f.key, {}};
    if (!it->is_string()) return {EventParseError::wrong_field_type, f.key, {}};
    *f.out = it->get<std::string>();
    if (f.out->empty()) return {EventParseError::missing_field, f.key, {}};
  }
  if (!optional_string(*data, "referenceData", r.event.reference_data))
    return {EventParseError::wrong_field_type, "referenceData", {}};
  if (!optional_string(*data, "customerName", r.event.customer_name))
    return {EventParseError::wrong_field_type, "customerName", {}};
  if (const auto fin = data->find("final"); fin != data->end() && !fin->is_null()) {
    if (!fin->is_boolean()) return {EventParseError::wrong_field_type, "final", {}};
    r.event.final = fin->get<bool>();
  }
  return r;
}

}  // namespace idv::completion
