#pragma once
// Verifies an EU PID presented as SD-JWT VC with key binding (`dc+sd-jwt`, docs/wallet.md):
// `<issuer-signed JWT>~<disclosure>~…~<KB-JWT>`.
#include <chrono>
#include <string_view>

#include "service/wallet/trust_list.hpp"
#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

inline constexpr std::string_view kPidVct = "urn:eudi:pid:1";

// `origin` and `nonce` are those of the request the service issued; `now` is the verification
// time (never read from a clock here).
WalletResult verify_sd_jwt(std::string_view presentation, std::string_view origin,
                           std::string_view nonce, std::chrono::system_clock::time_point now,
                           const TrustList& trust);

}  // namespace idv::demo::wallet
