#pragma once
// Verifies an mDL presented as an ISO 18013-5 DeviceResponse (`mso_mdoc`, docs/wallet.md),
// base64url without padding, bound to the request by the OpenID4VP DC API session transcript.
#include <chrono>
#include <string_view>

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

}  // namespace idv::demo::wallet
