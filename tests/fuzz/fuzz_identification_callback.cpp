// Seed 003's callback: never crashes; result and error are exclusive; decisions obey finality.
#include <cstdint>
#include <string_view>

#include "completion/identification_callback.hpp"
#include "completion/normalize.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cw = idv::completion;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto r = cw::parseIdentificationCallback(body);
  IDV_FUZZ_CHECK(r.ok() == r.callback.has_value());
  if (!r.ok()) return 0;
  const auto& c = *r.callback;
  IDV_FUZZ_CHECK(!c.scanRef.empty());
  IDV_FUZZ_CHECK(!c.status.overall.empty());
  const auto d = cw::toDecision(c, {"msg", 0});
  IDV_FUZZ_CHECK(!d.final || cw::isDecided(d.outcome));
  IDV_FUZZ_CHECK(d.reference == c.scanRef);
  for (const auto& w : r.warnings) (void)cw::describe(w);
  return 0;
}
