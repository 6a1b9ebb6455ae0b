#include <nlohmann/json.hpp>

#include "completion/builders.hpp"

namespace idv::completion {
namespace {

using ojson = nlohmann::ordered_json;

ojson opt(const std::optional<std::string>& v) {
  return v ? ojson(*v) : ojson(nullptr);
}

}  // namespace

std::string thinWebhookJson(std::string_view id) {
  // Only the id, on purpose: the thin model's receiver trusts nothing but the fetched document.
  return ojson{{"id", std::string(id)}}.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string toJson(const IdentificationStatusDocument& d) {
  ojson meta = ojson::parse(d.metadataJson, nullptr, false);
  if (!meta.is_object()) meta = ojson::object();  // the contract says object; never send junk
  ojson body = {{"id", d.id},
                {"status", d.status},
                {"trackingReference", opt(d.trackingReference)},
                {"referenceData", opt(d.referenceData)},
                {"metadata", std::move(meta)},
                {"riskLevel", opt(d.riskLevel)},
                {"reviewer", opt(d.reviewer)}};
  // Absent `final` means "final iff decided" to the parser; absent version means "not tracked".
  if (d.final) body["final"] = *d.final;
  body["updatedAt"] = opt(d.updatedAt);
  if (d.version) body["version"] = *d.version;
  return body.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace idv::completion
