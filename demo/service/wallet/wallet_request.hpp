#pragma once
// The OpenID4VP request of docs/wallet.md (`data` for protocol "openid4vp-v1-unsigned"): a DCQL
// query for either the EU PID as SD-JWT VC or the mDL as mdoc. Unsigned: no client_id; the wallet
// binds its answer to the page origin that the browser reports.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace idv::demo::wallet {

inline constexpr std::string_view kUnsignedProtocol = "openid4vp-v1-unsigned";

// 32 bytes from RAND_bytes, base64url without padding (43 characters). Throws std::runtime_error
// if the generator fails (never fall back to a weaker source).
std::string new_wallet_nonce();

// The request `data` for `nonce`; a pure function of it.
nlohmann::json wallet_request_data(std::string_view nonce);

}  // namespace idv::demo::wallet
