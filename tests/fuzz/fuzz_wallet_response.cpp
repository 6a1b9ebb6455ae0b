// What a browser posts to POST /v1/wallet/{ref}/response reaches the verifier of
// demo/service/wallet unchecked: fuzz its parsers. The first byte picks the entry point:
//   0  the CBOR reader alone;
//   1  an mdoc DeviceResponse (CBOR) against a fixed session transcript;
//   2  a whole OpenID4VP response as JSON ({"vp_token": …}: SD-JWT VC or base64url mdoc);
//   3  an org-iso-mdoc response as JSON ({"response": …}: HPKE-sealed, ISO 18013-7 Annex C).
//
// Properties: nothing crashes, leaks or trips a sanitizer; a decoded CBOR item spans exactly the
// input and every child lies inside its parent; and nothing the fuzzer writes is ever accepted
// (the trust list is empty, so no issuer can be trusted, whatever the bytes say).
#include <chrono>
#include <cstdint>
#include <string_view>

#include "fuzz_check.hpp"
#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/iso_mdoc_verifier.hpp"
#include "service/wallet/mdoc_verifier.hpp"
#include "service/wallet/verify_presentation.hpp"

using namespace idv::demo::wallet;

namespace {

void checkSpans(const CborItem& item) {
  for (const CborItem& child : item.items) {
    IDV_FUZZ_CHECK(child.encoded.data() >= item.encoded.data());
    IDV_FUZZ_CHECK(child.encoded.data() + child.encoded.size() <=
                   item.encoded.data() + item.encoded.size());
    checkSpans(child);
  }
}

constexpr std::string_view kOrigin = "https://shop.example";
constexpr std::string_view kNonce = "n-0S6_WzA2Mj";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const TrustList trust;  // empty: nothing can be trusted
  const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{1'790'000'000}};
  const ByteSpan bytes(data + 1, size - 1);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0:
      if (const auto item = cbor_decode(bytes)) {
        IDV_FUZZ_CHECK(item->encoded.data() == bytes.data());
        IDV_FUZZ_CHECK(item->encoded.size() == bytes.size());
        checkSpans(*item);
      }
      break;
    case 1: {
      static const std::uint8_t transcript[] = {0x83, 0xf6, 0xf6, 0xf6};  // [null, null, null]
      IDV_FUZZ_CHECK(!verify_device_response(bytes, transcript, now, trust).ok());
      break;
    }
    case 2:
      IDV_FUZZ_CHECK(!verify_presentation_json(text, kOrigin, kNonce, now, trust).ok());
      break;
    case 3: {
      const auto json = nlohmann::json::parse(text, nullptr, false);
      if (json.is_discarded()) break;
      static const std::uint8_t key[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                           12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                           23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
      IDV_FUZZ_CHECK(!verify_iso_mdoc_response(json, "AQID", kOrigin, key, now, trust).ok());
      break;
    }
  }
  return 0;
}
