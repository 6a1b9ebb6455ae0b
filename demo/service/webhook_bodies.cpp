#include "service/webhook_bodies.hpp"

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "completion/builders.hpp"
#include "completion/risk_assessment.hpp"
#include "service/data_entry.hpp"

namespace idv::demo {
namespace {

using json = nlohmann::json;
namespace cw = idv::completion;

std::optional<std::string> text(const json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string() || it->get_ref<const std::string&>().empty())
    return std::nullopt;
  return it->get<std::string>();
}

// The completion library's builders know the seed formats' fields; how the customer was
// verified is the service's addition (docs/demo.md, "verificationMethod"), added to the built
// body — at the top, or inside `object` — with the builder's key order kept. Only once data
// entry finished: a session that expired or failed was verified by no method.
std::string with_verification_method(std::string body, const Session& s,
                                     const char* object = nullptr) {
  const auto method = verification_method_of(s.status, s.details);
  if (!method) return body;
  auto doc = nlohmann::ordered_json::parse(body, nullptr, false);
  auto* target = object && doc.is_object() && doc.contains(object) ? &doc[object] : &doc;
  if (!target->is_object()) return body;
  (*target)["verificationMethod"] = to_string(*method);
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

json details_of(const Session& s) {
  json d = json::parse(s.details, nullptr, false);
  return d.is_object() ? d : json::object();
}

std::string risk_assessment_body(const BodyInput& in) {
  const json d = details_of(in.session);
  const std::string first = text(d, "firstName").value_or("");
  const std::string last = text(d, "lastName").value_or("");
  cw::RiskAssessmentUpdated e;
  e.timestamp = rfc3339(in.now_ms);
  e.trackingReference = in.session.ref;
  e.referenceData = in.session.reference_data;
  e.assessmentStatus = in.verdict.assessment_status;
  e.riskLevel = in.verdict.risk_level;
  e.customerName = first + (last.empty() ? "" : " " + last);
  e.final = in.verdict.final;
  return with_verification_method(cw::toJson(e), in.session, "data");
}

// The seed's AML / LID envelope; the demo's lists are fictional (outcome_rule.cpp).
cw::FraudCheck fraud_check(const char* name, const char* group, bool suspected,
                           const std::string& ref) {
  const json raw = {{"status",
                     {{"serviceSuspected", suspected},
                      {"checkSuccessful", true},
                      {"serviceFound", true},
                      {"serviceUsed", true},
                      {"overallStatus", suspected ? "SUSPECTED" : "NOT_SUSPECTED"}}},
                    {"data", json::array()},
                    {"serviceName", name},
                    {"serviceGroupType", group},
                    {"uid", ref},
                    {"errorMessage", nullptr}};
  cw::FraudCheck c;
  c.rawJson = raw.dump(-1, ' ', false, json::error_handler_t::replace);
  return c;
}

std::string identification_body(const BodyInput& in) {
  const Session& s = in.session;
  const Phase2Verdict& v = in.verdict;
  const json d = details_of(s);
  cw::IdentificationCallback c;
  c.scanRef = s.ref;  // a UUID: exactly the 36 characters the seed allows
  c.clientId = s.reference_data;
  c.platform = platform_from_user_agent(s.user_agent);
  // A session that was never opened has no start; its token's creation is the closest truth.
  c.startTime = (s.started_ms ? s.started_ms : s.created_ms) / 1000;
  c.finishTime = (in.auto_finish_ms ? in.auto_finish_ms : in.now_ms) / 1000;
  c.status.overall = v.overall;
  c.status.suspicionReasons = v.suspicion_reasons;
  c.status.autoDocument = v.auto_document;
  c.status.autoFace = v.auto_face;
  c.status.manualDocument = v.manual_document;
  c.status.manualFace = v.manual_face;

  c.data.docFirstName = text(d, "firstName");
  c.data.docLastName = text(d, "lastName");
  c.data.docNumber = text(d, "documentNumber");
  c.data.docDob = text(d, "dateOfBirth");
  c.data.docExpiry = text(d, "documentExpiry");
  c.data.docType = text(d, "documentType");
  c.data.docNationality = text(d, "nationality");
  c.data.docIssuingCountry = c.data.docNationality;  // the portal asks once
  c.data.selectedCountry = c.data.docNationality;
  c.data.manuallyDataChanged = false;  // the demo's reviewer never edits the data

  if (const auto files = d.find("files"); files != d.end() && files->is_object()) {
    const auto url = [&](const char* slot) -> std::optional<std::string> {
      const auto f = text(*files, slot);
      return f ? std::optional(file_url(in.public_base, s, *f)) : std::nullopt;
    };
    c.fileUrls.front = url("front");
    c.fileUrls.back = url("back");
    c.fileUrls.face = url("selfie");
  }
  // The checks ran only when data entry finished.
  if (s.status == "COMPLETED") {
    c.aml = fraud_check("DemoSanctionsList", "AML", v.aml_suspected, s.ref);
    c.lid = fraud_check("DemoInvalidDocuments", "LID", false, s.ref);
  }
  return with_verification_method(cw::toJson(c), s);
}

}  // namespace

std::string webhook_body(WebhookFormat format, const BodyInput& in) {
  switch (format) {
    case WebhookFormat::risk_assessment: return risk_assessment_body(in);
    case WebhookFormat::identification: return identification_body(in);
    // Seed 000's doorbell is {"id"} and nothing else (receivers flag any extra member); the
    // method is in the status document it points at.
    case WebhookFormat::thin: return cw::thinWebhookJson(in.session.ref);
  }
  return risk_assessment_body(in);
}

std::string_view webhook_label(WebhookFormat format) {
  switch (format) {
    case WebhookFormat::risk_assessment: return "RISK_ASSESSMENT_UPDATED";
    case WebhookFormat::identification: return "identification callback";
    case WebhookFormat::thin: return "thin webhook";
  }
  return "webhook";
}

std::string platform_from_user_agent(std::string_view ua) {
  if (ua.empty()) return "OTHER";
  const auto has = [&](std::string_view s) { return ua.find(s) != std::string_view::npos; };
  if (has("iPad") || has("Tablet")) return "TABLET";
  if (has("Mobi") || has("iPhone") || has("Android")) return "MOBILE";
  return "PC";
}

std::string file_url(const std::string& public_base, const Session& s, const std::string& file) {
  return public_base + "/v1/files/" + s.ref + "/" + s.files_token + "/" + file;
}

}  // namespace idv::demo
