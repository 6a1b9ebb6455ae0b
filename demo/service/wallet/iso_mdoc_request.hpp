#pragma once
// The request `data` of the `org-iso-mdoc` protocol (ISO/IEC 18013-7 Annex C, docs/wallet.md):
// {"deviceRequest": b64url(CBOR DeviceRequest), "encryptionInfo": b64url(CBOR EncryptionInfo)},
// and the per-request P-256 key pair the wallet encrypts its response to.
#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

inline constexpr std::string_view kIsoMdocProtocol = "org-iso-mdoc";
inline constexpr std::size_t kIsoMdocNonceSize = 32;

// A fresh recipient key pair, one per request (null only if OpenSSL fails).
PkeyPtr new_recipient_key();

// Storage form of the recipient private key: its raw 32-byte big-endian scalar (RFC 9180
// SerializePrivateKey for P-256). Empty when `key` has no P-256 private part.
Bytes recipient_key_bytes(const EVP_PKEY* key);
// The key pair back from those 32 bytes; null when they are not a valid P-256 scalar.
PkeyPtr recipient_key_from_bytes(ByteSpan scalar);

// The request `data`; nullopt unless `nonce` is 32 bytes and `recipient` a P-256 key. Only the
// public half of `recipient` is used. The service must keep the `encryptionInfo` string as sent
// (or rebuild it byte for byte): the response's transcript hashes that exact string.
std::optional<nlohmann::json> iso_mdoc_request(ByteSpan nonce, const EVP_PKEY* recipient);

}  // namespace idv::demo::wallet
