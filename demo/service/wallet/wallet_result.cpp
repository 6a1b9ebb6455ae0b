#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

std::string_view error_code(WalletError error) {
  switch (error) {
    case WalletError::malformed: return "wallet_malformed";
    case WalletError::untrusted_issuer: return "wallet_untrusted_issuer";
    case WalletError::bad_issuer_signature: return "wallet_bad_issuer_signature";
    case WalletError::digest_mismatch: return "wallet_digest_mismatch";
    case WalletError::missing_claims: return "wallet_missing_claims";
    case WalletError::nonce_mismatch: return "wallet_nonce_mismatch";
    case WalletError::audience_mismatch: return "wallet_audience_mismatch";
    case WalletError::bad_device_signature: return "wallet_bad_device_signature";
    case WalletError::expired: return "wallet_expired";
    case WalletError::replayed: return "wallet_replayed";
    case WalletError::no_request: return "wallet_no_request";
    case WalletError::session_closed: return "wallet_session_closed";
  }
  return "wallet_malformed";
}

}  // namespace idv::demo::wallet
