#pragma once
// Verifies an mDL presented as an ISO 18013-5 DeviceResponse (docs/wallet.md, "mdoc"): as an
// OpenID4VP `mso_mdoc` presentation (base64url, OpenID4VP DC API transcript), or as the
// decrypted plaintext of an org-iso-mdoc response (its own transcript, iso_mdoc_verifier).
#include <chrono>
#include <string_view>

#include "service/wallet/openssl_util.hpp"
#include "service/wallet/trust_list.hpp"
#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

inline constexpr std::string_view kMdlDocType = "org.iso.18013.5.1.mDL";
inline constexpr std::string_view kMdlNamespace = "org.iso.18013.5.1";

// A wrong origin or nonce cannot be told apart from a forged device signature (the transcript
// is not transmitted, only signed): both are bad_device_signature.
WalletResult verify_mdoc(std::string_view presentation, std::string_view origin,
                         std::string_view nonce, std::chrono::system_clock::time_point now,
                         const TrustList& trust);

// The CBOR DeviceResponse `device_response`, its device signature checked over
// DeviceAuthentication built with `transcript` (the CBOR bytes the verifier expects).
WalletResult verify_device_response(ByteSpan device_response, ByteSpan transcript,
                                    std::chrono::system_clock::time_point now,
                                    const TrustList& trust);

}  // namespace idv::demo::wallet
