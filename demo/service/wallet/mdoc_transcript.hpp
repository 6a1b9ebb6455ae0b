#pragma once
// What the mdoc device signature covers under OpenID4VP over the Digital Credentials API
// (OpenID4VP 1.0 Appendix B.2.6.2): a SessionTranscript made from the origin and nonce the
// *verifier* expects, so a response made for another page or request cannot verify.
#include <string_view>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

// cbor([null, null, ["OpenID4VPDCAPIHandover", SHA-256(cbor([origin, nonce, null]))]])
Bytes session_transcript(std::string_view origin, std::string_view nonce);

// DeviceAuthenticationBytes = cbor(tag 24 bstr(cbor(["DeviceAuthentication", SessionTranscript,
// docType, DeviceNameSpacesBytes]))); `device_namespaces_item` is the received tag-24 item,
// spliced in byte for byte.
Bytes device_authentication_bytes(ByteSpan transcript, std::string_view doc_type,
                                  ByteSpan device_namespaces_item);

}  // namespace idv::demo::wallet
