#pragma once
// COSE_Sign1 (RFC 9052 §4.2) as mdoc uses it: ES256 (alg -7) only, the signature checked over
// Sig_structure = ["Signature1", protected, h'', payload] built from the received bytes.
#include <optional>
#include <vector>

#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

struct CoseSign1 {
  ByteSpan protected_bytes;         // the protected header bstr's content, as received
  const CborItem* unprotected;      // a map
  std::optional<ByteSpan> payload;  // nullopt when detached (null)
  ByteSpan signature;               // 64 bytes r||s
  std::vector<ByteSpan> x5chain;    // header 33 (protected first, else unprotected); may be empty
};

// nullopt unless `item` is a COSE_Sign1 (optionally tag 18) with alg -7 and a 64-byte signature.
std::optional<CoseSign1> parse_cose_sign1(const CborItem& item);

// The CBOR Sig_structure bytes the signature covers.
Bytes sig_structure(ByteSpan protected_bytes, ByteSpan payload);

bool verify_cose_sign1(const CoseSign1& sign1, ByteSpan payload, EVP_PKEY* key);

}  // namespace idv::demo::wallet
