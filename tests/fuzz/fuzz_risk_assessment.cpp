// RISK_ASSESSMENT_UPDATED: never crashes; whatever parses survives toJson -> parse unchanged.
#include <cstdint>
#include <string_view>

#include "completion/normalize.hpp"
#include "completion/risk_assessment.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cw = idv::completion;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto r = cw::parseRiskAssessment(body);
  if (!r.ok()) return 0;
  const auto again = cw::parseRiskAssessment(cw::toJson(r.event));
  IDV_FUZZ_CHECK(again.ok());
  IDV_FUZZ_CHECK(again.event == r.event);
  const auto d = cw::toDecision(r.event, {"msg", 0});
  IDV_FUZZ_CHECK(!d.final || cw::isDecided(d.outcome));
  IDV_FUZZ_CHECK(d.reference == r.event.trackingReference && !d.reference.empty());
  return 0;
}
