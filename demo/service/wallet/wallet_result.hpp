#pragma once
// What a presentation check yields: the disclosed identity claims, or one error code of
// docs/wallet.md with a message for logs. Messages never quote credential contents.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace idv::demo::wallet {

enum class WalletError {
  malformed,
  untrusted_issuer,
  bad_issuer_signature,
  digest_mismatch,
  missing_claims,
  nonce_mismatch,
  audience_mismatch,
  bad_device_signature,
  expired,
  // Decided by the service layer (session state), never by the verifier of this folder.
  replayed,
  no_request,
  session_closed,
};

// The wire name, e.g. "wallet_digest_mismatch".
std::string_view error_code(WalletError error);

struct WalletClaims {
  std::string format;  // "dc+sd-jwt" or "mso_mdoc"
  std::string given_name;
  std::string family_name;
  std::string birthdate;                   // YYYY-MM-DD
  std::vector<std::string> nationalities;  // ISO 3166-1 alpha-2, possibly empty
  std::optional<bool> age_over_18;
  std::optional<std::string> document_number;
  // document_number when present, else base64url(SHA-256) of the issuer-signed part
  // (the issuer JWT of an SD-JWT, the MSO bytes of an mdoc): stable per credential.
  std::string credential_id;
};

struct WalletFailure {
  WalletError error;
  std::string message;
};

struct WalletResult {
  std::optional<WalletClaims> claims;  // set exactly when ok()
  WalletFailure failure{WalletError::malformed, ""};

  bool ok() const { return claims.has_value(); }
  static WalletResult success(WalletClaims c) { return {std::move(c), {}}; }
  static WalletResult fail(WalletError e, std::string message) {
    return {std::nullopt, {e, std::move(message)}};
  }
};

}  // namespace idv::demo::wallet
