#include "service/wallet/mdoc_transcript.hpp"

#include <nlohmann/json.hpp>

namespace idv::demo::wallet {

using nlohmann::json;

Bytes session_transcript(std::string_view origin, std::string_view nonce) {
  const Bytes handover_info =
      json::to_cbor(json::array({std::string(origin), std::string(nonce), nullptr}));
  const Sha256 digest = sha256(handover_info);
  const json handover =
      json::array({"OpenID4VPDCAPIHandover", json::binary(Bytes(digest.begin(), digest.end()))});
  return json::to_cbor(json::array({nullptr, nullptr, handover}));
}

Bytes dcapi_session_transcript(std::string_view encryption_info, std::string_view origin) {
  const Bytes handover_info =
      json::to_cbor(json::array({std::string(encryption_info), std::string(origin)}));
  const Sha256 digest = sha256(handover_info);
  const json handover = json::array({"dcapi", json::binary(Bytes(digest.begin(), digest.end()))});
  return json::to_cbor(json::array({nullptr, nullptr, handover}));
}

Bytes device_authentication_bytes(ByteSpan transcript, std::string_view doc_type,
                                  ByteSpan device_namespaces_item) {
  Bytes inner{0x84};  // array of 4, then the items as CBOR
  const Bytes label = json::to_cbor("DeviceAuthentication");
  const Bytes type = json::to_cbor(std::string(doc_type));
  inner.insert(inner.end(), label.begin(), label.end());
  inner.insert(inner.end(), transcript.begin(), transcript.end());
  inner.insert(inner.end(), type.begin(), type.end());
  inner.insert(inner.end(), device_namespaces_item.begin(), device_namespaces_item.end());
  return json::to_cbor(json::binary(std::move(inner), 24));  // tag 24 bstr
}

}  // namespace idv::demo::wallet
