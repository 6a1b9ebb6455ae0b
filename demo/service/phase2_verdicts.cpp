#include "service/phase2_verdicts.hpp"

namespace idv::demo {
namespace {

std::string doc_status_of(const Verdict& v) {
  if (v.assessment_status != "COMPLETED") return "REVIEWING";
  if (v.risk_level == "LOW") return "APPROVED";
  if (v.risk_level == "MEDIUM") return "NEEDS_REVIEW";
  return "REJECTED";
}

// risk-assessment and thin: one verdict per outcome-rule verdict (one, or two with a review).
std::vector<Phase2Verdict> from_rule(const std::vector<Verdict>& verdicts) {
  std::vector<Phase2Verdict> out;
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const Verdict& v = verdicts[i];
    Phase2Verdict p;
    p.manual = i > 0;
    p.final = v.final;
    p.reason = v.reason;
    p.assessment_status = v.assessment_status;
    p.risk_level = v.risk_level;
    p.doc_status = doc_status_of(v);
    out.push_back(std::move(p));
  }
  return out;
}

// The automatic callback, then the reviewer's, who confirms the automatic checks and decides.
std::vector<Phase2Verdict> identification_pair(Phase2Verdict automatic, std::string manual_overall,
                                               std::string manual_doc_status, std::string risk,
                                               std::string manual_reason) {
  automatic.final = false;
  automatic.risk_level = risk;
  Phase2Verdict manual = automatic;
  manual.manual = true;
  manual.final = true;
  manual.overall = std::move(manual_overall);
  manual.doc_status = std::move(manual_doc_status);
  manual.manual_document = "DOC_VALIDATED";
  manual.manual_face = "FACE_MATCH";
  manual.reason = std::move(manual_reason);
  return {automatic, manual};
}

Phase2Verdict automatic(std::string overall, std::string doc_status, std::string reason) {
  Phase2Verdict v;
  v.overall = std::move(overall);
  v.doc_status = std::move(doc_status);
  v.reason = std::move(reason);
  v.auto_document = "DOC_VALIDATED";
  v.auto_face = "FACE_MATCH";
  return v;
}

std::vector<Phase2Verdict> identification_completed(const Verdict& first) {
  switch (first.rule) {
    case Rule::sanctions: {
      auto v = automatic("SUSPECTED", "NEEDS_REVIEW", "sanctions list match: a reviewer checks it");
      v.suspicion_reasons = {"AML_SUSPECTION"};
      v.aml_suspected = true;
      return identification_pair(v, "DENIED", "REJECTED", "HIGH",
                                 "reviewer confirmed the sanctions match");
    }
    case Rule::review: {
      auto v = automatic("REVIEWING", "REVIEWING", first.reason);
      v.auto_document = "DOC_INFO_MISMATCH";
      v.suspicion_reasons = {"AUTO_UNVERIFIABLE"};
      return identification_pair(v, "SUSPECTED", "NEEDS_REVIEW", "MEDIUM",
                                 "manual review finished");
    }
    case Rule::minor:
      return identification_pair(automatic("DENIED", "REJECTED", first.reason), "DENIED",
                                 "REJECTED", "HIGH", "reviewer confirmed: under 18");
    case Rule::clear:
      return identification_pair(automatic("APPROVED", "APPROVED", first.reason), "APPROVED",
                                 "APPROVED", "LOW", "reviewer confirmed the automatic checks");
  }
  return {};
}

std::vector<Phase2Verdict> failed(WebhookFormat format, std::string_view reason) {
  const bool terminated = reason == "terminated";
  const std::string why =
      terminated ? "session terminated (suspected fraud)" : "maximum attempts reached";
  if (format == WebhookFormat::identification) {
    Phase2Verdict v;
    v.overall = "DENIED";
    v.doc_status = "REJECTED";
    v.reason = why;
    v.auto_document = terminated ? "DOC_NOT_ANALYSED" : "AUTO_UNVERIFIABLE";
    v.auto_face = terminated ? "FACE_NOT_ANALYSED" : "AUTO_UNVERIFIABLE";
    v.suspicion_reasons = {terminated ? "DEV_TOOLS_OPENED" : "AUTO_UNVERIFIABLE"};
    return identification_pair(v, "DENIED", "REJECTED", "HIGH", "reviewer confirmed: " + why);
  }
  Phase2Verdict v;
  v.assessment_status = "FAILED";
  v.risk_level = "HIGH";
  v.doc_status = "REJECTED";
  v.reason = why;
  return {v};
}

std::vector<Phase2Verdict> expired(WebhookFormat format) {
  // Contract 2 has no expiry event; the merchant sees EXPIRED on the tracking endpoint.
  if (format == WebhookFormat::risk_assessment) return {};
  Phase2Verdict v;
  v.overall = "EXPIRED";
  v.doc_status = "EXPIRED";
  v.reason = "the session expired before data entry finished";
  return {v};
}

// A wallet session has no photos. Its document check is the issuer's signature over the
// credential, its biometric check the wallet's device unlock (the key binding proves the
// holder's device signed; the wallet unlocks that key only for its owner). The verdicts say
// so instead of claiming a face match nobody made.
void say_what_the_wallet_checked(std::vector<Phase2Verdict>& verdicts) {
  for (auto& v : verdicts) {
    v.reason +=
        "; digital ID wallet: the issuer's signature verified (document), the wallet's "
        "device unlock (biometrics), no photos";
    for (auto* face : {&v.auto_face, &v.manual_face})
      if (*face == "FACE_MATCH") *face = "FACE_NOT_ANALYSED";
  }
}

}  // namespace

std::vector<Phase2Verdict> phase2_verdicts(WebhookFormat format, std::string_view status,
                                           std::string_view close_reason, const CustomerData& c,
                                           std::string_view today) {
  if (status == "FAILED") return failed(format, close_reason);
  if (status == "EXPIRED") return expired(format);
  if (status != "COMPLETED") return {};
  const auto verdicts = assess(c, today);
  if (verdicts.empty()) return {};
  auto out = format == WebhookFormat::identification ? identification_completed(verdicts.front())
                                                     : from_rule(verdicts);
  if (c.wallet) say_what_the_wallet_checked(out);
  return out;
}

}  // namespace idv::demo
