// Phase 1's tracking parser on arbitrary bytes: never crashes, and what it accepts is sane.
#include <cstdint>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "tracking/tracking_response.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto r = idv::parseTrackingResponse(body);
  if (const auto* s = std::get_if<idv::TrackingSnapshot>(&r)) {
    IDV_FUZZ_CHECK(size <= idv::kMaxTrackingBodyBytes);
    IDV_FUZZ_CHECK(s->version >= 0);
    IDV_FUZZ_CHECK(!s->trackingReference.empty());
  } else {
    (void)idv::toString(std::get<idv::ParseError>(r).kind);
  }
  return 0;
}
