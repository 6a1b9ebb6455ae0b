#include "service/wallet/issuer_chain.hpp"

namespace idv::demo::wallet {

std::optional<WalletFailure> check_issuer_chain(const std::vector<ByteSpan>& der_chain,
                                                const TrustList& trust,
                                                std::chrono::system_clock::time_point now,
                                                std::vector<X509Ptr>& chain) {
  chain.clear();
  if (der_chain.empty() || der_chain.size() > 8) {
    return WalletFailure{WalletError::malformed, "issuer certificate chain: 1 to 8 certificates"};
  }
  for (const auto der : der_chain) {
    X509Ptr cert = parse_der_certificate(der);
    if (!cert) return WalletFailure{WalletError::malformed, "issuer certificate does not parse"};
    chain.push_back(std::move(cert));
  }
  if (!is_p256(X509_get0_pubkey(chain.front().get()))) {
    return WalletFailure{WalletError::malformed, "issuer key is not EC P-256"};
  }
  if (!trust.trusts(chain, now)) {
    return WalletFailure{WalletError::untrusted_issuer,
                         "issuer certificate is not in, or not valid under, the trust list"};
  }
  return std::nullopt;
}

}  // namespace idv::demo::wallet
