#pragma once
// What the mdoc device signature covers: a SessionTranscript made from what the *verifier*
// expects (origin, nonce / encryption info), so a response made for another page or request
// cannot verify. Two handovers: OpenID4VP 1.0 Appendix B.2.6.2, and ISO 18013-7 Annex C.
#include <string_view>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

// cbor([null, null, ["OpenID4VPDCAPIHandover", SHA-256(cbor([origin, nonce, null]))]])
Bytes session_transcript(std::string_view origin, std::string_view nonce);

// org-iso-mdoc (docs/wallet.md): cbor([null, null, ["dcapi", SHA-256(cbor([encryption_info,
// origin]))]]) with `encryption_info` the base64url string exactly as sent in the request.
// Also the HPKE `info` of the encrypted response.
Bytes dcapi_session_transcript(std::string_view encryption_info, std::string_view origin);

// DeviceAuthenticationBytes = cbor(tag 24 bstr(cbor(["DeviceAuthentication", SessionTranscript,
// docType, DeviceNameSpacesBytes]))); `device_namespaces_item` is the received tag-24 item,
// spliced in byte for byte.
Bytes device_authentication_bytes(ByteSpan transcript, std::string_view doc_type,
                                  ByteSpan device_namespaces_item);

}  // namespace idv::demo::wallet
