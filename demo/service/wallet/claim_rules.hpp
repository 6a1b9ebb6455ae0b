#pragma once
// Rules on the identity claims common to both formats: required claims, value shapes, and the
// credential id.
#include <optional>
#include <string_view>

#include "service/wallet/openssl_util.hpp"
#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

bool is_full_date(std::string_view text);  // RFC 3339 full-date, a real calendar day
bool is_alpha2(std::string_view text);     // two upper-case ASCII letters (ISO 3166-1 alpha-2)

// Checks the shapes of `claims` (the required ones already present) and sets its credential id
// from the document number or, without one, from `issuer_signed` (base64url SHA-256).
std::optional<WalletFailure> finish_claims(WalletClaims& claims, ByteSpan issuer_signed);

}  // namespace idv::demo::wallet
