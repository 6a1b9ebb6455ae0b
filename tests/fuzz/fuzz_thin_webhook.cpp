// Seed 000: the thin webhook and the status document fetched for it. An accepted id can never
// steer the merchant's GET to another path.
#include <cstdint>
#include <string_view>

#include "completion/normalize.hpp"
#include "completion/thin_webhook.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cw = idv::completion;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto thin = cw::parseThinWebhook(body);
  IDV_FUZZ_CHECK(thin.ok() == thin.fetch.has_value());
  if (thin.fetch) {
    const std::string path = thin.fetch->path();
    IDV_FUZZ_CHECK(path.find("..") == std::string::npos);
    IDV_FUZZ_CHECK(path.find('/', 20) == std::string::npos);  // nothing after /v1/identifications/
    IDV_FUZZ_CHECK(path.find_first_of("?#% \r\n") == std::string::npos);
  }
  const auto doc = cw::parseIdentificationStatus(body, thin.fetch ? thin.fetch->id : "");
  IDV_FUZZ_CHECK(doc.ok() == doc.document.has_value());
  if (doc.document) {
    const auto d = cw::toDecision(*doc.document, {"msg", 0});
    IDV_FUZZ_CHECK(!d.final || cw::isDecided(d.outcome));
    IDV_FUZZ_CHECK(cw::isValidIdentificationId(d.reference));
  }
  return 0;
}
