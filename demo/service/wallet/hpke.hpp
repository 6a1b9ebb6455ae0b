#pragma once
// HPKE (RFC 9180), mode_base, single-shot, for the one suite ISO 18013-7 Annex C uses:
// DHKEM(P-256, HKDF-SHA256) (0x0010) / HKDF-SHA256 (0x0001) / AES-128-GCM (0x0001).
// OpenSSL 3.0 has no HPKE API, so it is composed here from OpenSSL primitives only: ECDH
// (EVP_PKEY_derive), HKDF (EVP_KDF, extract-only / expand-only) and AES-128-GCM (EVP_CIPHER).
#include <optional>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet::hpke {

struct Sealed {
  Bytes enc;         // the encapsulated key: the ephemeral public point, 65 bytes
  Bytes ciphertext;  // AES-128-GCM output with the 16-byte tag appended
};

// Open the sequence-number-0 message: nullopt when `enc` is not a P-256 point or the
// ciphertext does not authenticate under (recipient key, info, aad).
std::optional<Bytes> open(EVP_PKEY* recipient_private, ByteSpan enc, ByteSpan info, ByteSpan aad,
                          ByteSpan ciphertext);

// Seal one message to `recipient_public`; `ephemeral` fixes skE (tests, RFC vectors), else a
// fresh key is drawn. nullopt only on an unusable key.
std::optional<Sealed> seal(EVP_PKEY* recipient_public, ByteSpan info, ByteSpan aad,
                           ByteSpan plaintext, EVP_PKEY* ephemeral = nullptr);

// The intermediate values, exposed to check them against the RFC 9180 test vectors.
namespace detail {
struct KeySchedule {
  Bytes key;         // Nk = 16
  Bytes base_nonce;  // Nn = 12
};
// DHKEM ExtractAndExpand(DH(sk, pk_peer), enc || pkRm): 32 bytes, empty on failure.
Bytes shared_secret(EVP_PKEY* own_private, EVP_PKEY* peer_public, ByteSpan enc, ByteSpan pkRm);
KeySchedule key_schedule(ByteSpan shared_secret, ByteSpan info);
}  // namespace detail

}  // namespace idv::demo::wallet::hpke
