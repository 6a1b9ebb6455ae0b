#pragma once
// P-256 key pairs as HPKE (RFC 9180 §7.1.1) and COSE_Key need them: the private key as its raw
// 32-byte big-endian scalar (SerializePrivateKey), the public key as the 65-byte uncompressed
// SEC1 point (SerializePublicKey). The raw scalar is also how the service stores a request's
// key: one fixed-size byte string, no ASN.1.
#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

// A fresh random key pair (null only if OpenSSL fails).
PkeyPtr p256_generate();

// The key pair of a 32-byte scalar in [1, n-1] (the public point is recomputed); null otherwise.
PkeyPtr p256_private_key(ByteSpan scalar);

// The 32-byte scalar of a P-256 private key; empty when `key` has none.
Bytes p256_private_scalar(const EVP_PKEY* key);

// 0x04 || x || y (65 bytes); empty when `key` is not P-256.
Bytes p256_public_point(const EVP_PKEY* key);

// The public key of a 65-byte uncompressed point on the curve; null otherwise.
PkeyPtr p256_public_key_from_point(ByteSpan point);

}  // namespace idv::demo::wallet
