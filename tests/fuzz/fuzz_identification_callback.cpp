// Seed 003's callback: never crashes; result and error are exclusive; decisions obey finality.
#include <cstdint>
#include <string_view>

#include "completion/identification_callback.hpp"
#include "completion/normalize.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cw = idv::completion;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto r = cw::parse_identification_callback(body);
  IDV_FUZZ_CHECK(r.ok() == r.callback.has_value());
  if (!r.ok()) return 0;
  const auto& c = *r.callback;
  IDV_FUZZ_CHECK(!c.scan_ref.empty());
  IDV_FUZZ_CHECK(!c.status.overall.empty());
  const auto d = cw::to_decision(c, {"msg", 0});
  IDV_FUZZ_CHECK(!d.final || cw::is_decided(d.outcome));
  IDV_FUZZ_CHECK(d.reference == c.scan_ref);
  for (const auto& w : r.warnings) (void)cw::describe(w);
  return 0;
}
