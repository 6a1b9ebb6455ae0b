#include "service/status_document.hpp"

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "completion/builders.hpp"
#include "service/data_entry.hpp"

namespace idv::demo {
namespace {

using json = nlohmann::json;

json stored_doc(const Session& s) {
  json d = json::parse(s.phase2_doc, nullptr, false);
  return d.is_object() ? d : json::object();
}

std::int64_t int_or(const json& obj, const char* key, std::int64_t fallback) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

std::optional<std::string> str(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? std::optional(it->get<std::string>()) : std::nullopt;
}

// No verdict yet: the tracking status in the document's words.
std::string status_before_verdict(const std::string& tracking) {
  if (tracking == "COMPLETED") return "PROCESSING";
  if (tracking == "FAILED") return "REJECTED";
  return tracking;  // PENDING IN_PROGRESS EXPIRED CANCELLED
}

}  // namespace

std::string next_phase2_doc(const Session& s, const Phase2Verdict& v, std::int64_t now_ms) {
  const json prev = stored_doc(s);
  json d = {{"status", v.doc_status},
            {"reviewer", v.manual ? "manual" : "automatic"},
            {"final", v.final},
            {"updatedMs", now_ms},
            {"seq", int_or(prev, "seq", 0) + 1}};
  d["riskLevel"] = v.risk_level.empty() ? json(nullptr) : json(v.risk_level);
  return d.dump();
}

std::string status_document_json(const Session& s) {
  const json stored = stored_doc(s);
  idv::completion::IdentificationStatusDocument doc;
  doc.id = s.ref;
  doc.trackingReference = s.ref;
  doc.referenceData = s.reference_data;
  doc.metadataJson = s.metadata.empty() ? "{}" : s.metadata;
  if (stored.empty()) {
    doc.status = status_before_verdict(s.status);
    doc.updatedAt = rfc3339(s.updated_ms);
  } else {
    doc.status = str(stored, "status").value_or("PROCESSING");
    doc.riskLevel = str(stored, "riskLevel");
    doc.reviewer = str(stored, "reviewer");
    if (const auto it = stored.find("final"); it != stored.end() && it->is_boolean())
      doc.final = it->get<bool>();
    doc.updatedAt = rfc3339(int_or(stored, "updatedMs", s.updated_ms));
  }
  // Tracking changes and verdicts both move it, so it grows with every change.
  doc.version = s.version + int_or(stored, "seq", 0);
  const std::string built = idv::completion::toJson(doc);
  // How the customer was verified, once data entry finished (docs/demo.md): the service's
  // addition to the builder's fields, key order kept.
  const auto method = verification_method_of(s.status, s.details);
  if (!method) return built;
  auto out = nlohmann::ordered_json::parse(built, nullptr, false);
  if (!out.is_object()) return built;
  out["verificationMethod"] = to_string(*method);
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace idv::demo
