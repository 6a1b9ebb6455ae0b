#pragma once
// The response of the `org-iso-mdoc` protocol (ISO/IEC 18013-7 Annex C, docs/wallet.md):
// {"response": b64url(CBOR ["dcapi", {"enc": bstr, "cipherText": bstr}])}, an HPKE-sealed
// DeviceResponse. Decrypted with the request's private key and info = the dcapi
// SessionTranscript, then checked exactly like an `mso_mdoc` presentation with that transcript.
// Replay and session binding stay with the service, as for verify_presentation.
#include <nlohmann/json.hpp>

#include <chrono>
#include <string_view>

#include "service/wallet/openssl_util.hpp"
#include "service/wallet/trust_list.hpp"
#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

// `encryption_info` is the request's `encryptionInfo` string exactly as sent; `origin` the
// origin the service expects; `recipient_key` the stored 32-byte private scalar
// (recipient_key_bytes). A response that does not decrypt — another request's key, another
// origin or encryptionInfo in the HPKE info, a flipped byte — is malformed: nothing can be read.
WalletResult verify_iso_mdoc_response(const nlohmann::json& data, std::string_view encryption_info,
                                      std::string_view origin, ByteSpan recipient_key,
                                      std::chrono::system_clock::time_point now,
                                      const TrustList& trust);

}  // namespace idv::demo::wallet
