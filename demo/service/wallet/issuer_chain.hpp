#pragma once
// The issuer certificate chain a credential carries (JWS `x5c`, COSE `x5chain`), parsed and
// checked against the trust list. Shared by both credential formats.
#include <chrono>
#include <optional>
#include <vector>

#include "service/wallet/openssl_util.hpp"
#include "service/wallet/trust_list.hpp"
#include "service/wallet/wallet_result.hpp"

namespace idv::demo::wallet {

// On success `chain` holds the certificates (leaf first) and the leaf's key is a P-256 key.
// Unparsable certificates or another key type: malformed; no trust path: untrusted_issuer.
std::optional<WalletFailure> check_issuer_chain(const std::vector<ByteSpan>& der_chain,
                                                const TrustList& trust,
                                                std::chrono::system_clock::time_point now,
                                                std::vector<X509Ptr>& chain);

}  // namespace idv::demo::wallet
