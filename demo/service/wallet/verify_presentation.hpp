#pragma once
// The response of the Digital Credentials API call (`data` of the DigitalCredential):
// {"vp_token": {"pid": ["<SD-JWT+KB>"]}} or {"vp_token": {"mdl": ["<base64url DeviceResponse>"]}},
// exactly one credential and one presentation, dispatched to its format's verifier.
// Replay and session binding are the service's business, not this function's.
#include <nlohmann/json.hpp>

#include <chrono>
#include <string_view>

#include "service/wallet/trust_list.hpp"
#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

WalletResult verify_presentation(const nlohmann::json& response, std::string_view expected_origin,
                                 std::string_view nonce, std::chrono::system_clock::time_point now,
                                 const TrustList& trust);

// The same from JSON text (malformed when it does not parse); a distinct name, since
// a string also converts to nlohmann::json.
WalletResult verify_presentation_json(std::string_view response_json,
                                      std::string_view expected_origin, std::string_view nonce,
                                      std::chrono::system_clock::time_point now,
                                      const TrustList& trust);

}  // namespace idv::demo::wallet
