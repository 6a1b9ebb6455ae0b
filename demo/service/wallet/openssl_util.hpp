#pragma once
// RAII owners for the OpenSSL objects of the wallet verifier, and the few primitives built on
// them. Every cryptographic operation goes through OpenSSL 3; nothing here is home-made crypto.
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace idv::demo::wallet {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;
using Sha256 = std::array<std::uint8_t, 32>;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct X509StoreFree {
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct X509StackFree {
  void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using X509StorePtr = std::unique_ptr<X509_STORE, X509StoreFree>;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

inline ByteSpan as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

Sha256 sha256(ByteSpan data);
inline Sha256 sha256(std::string_view data) {
  return sha256(as_bytes(data));
}

// Equal length and equal contents, the contents compared in constant time (CRYPTO_memcmp):
// digests and nonces must not leak how many leading bytes matched.
bool equal_secret(ByteSpan a, ByteSpan b);
inline bool equal_secret(std::string_view a, std::string_view b) {
  return equal_secret(as_bytes(a), as_bytes(b));
}

// A P-256 public key from its affine coordinates (32 bytes each); null unless the point is a
// valid point of the curve.
PkeyPtr p256_public_key(ByteSpan x, ByteSpan y);
// True when `key` is an EC key on P-256 (the only curve of ES256 / COSE alg -7).
bool is_p256(const EVP_PKEY* key);

// ES256 (JWS) and COSE alg -7: ECDSA P-256 with SHA-256, the signature as raw r||s (64 bytes),
// converted to DER for OpenSSL.
bool verify_es256(EVP_PKEY* key, ByteSpan message, ByteSpan raw_signature);

// A DER certificate; null when it does not parse or has trailing bytes.
X509Ptr parse_der_certificate(ByteSpan der);

}  // namespace idv::demo::wallet
