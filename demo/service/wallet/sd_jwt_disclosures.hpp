#pragma once
// RFC 9901 §7.1: replace the digests of an issuer-signed payload by the claims the holder
// disclosed, checking that every disclosure is referenced exactly once by a digest the issuer
// signed, and that no claim name appears twice.
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>
#include <vector>

#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

// `payload` is rewritten in place (all `_sd`, `_sd_alg` and `...` entries removed). A
// disclosure no digest refers to is a changed (or foreign) claim: digest_mismatch. Disclosures
// that are not well-formed, or clash with existing claims: malformed.
std::optional<WalletFailure> resolve_disclosures(nlohmann::json& payload,
                                                 const std::vector<std::string_view>& disclosures);

}  // namespace idv::demo::wallet
