#include "service/wallet/hpke.hpp"

#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include <string_view>

#include "service/wallet/p256_keys.hpp"

namespace idv::demo::wallet::hpke {
namespace {

struct KdfFree {
  void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};

// RFC 9180 §4.1 / §5.1: suite_id of the KEM, and of the whole HPKE suite (kem, kdf, aead).
const Bytes kKemSuiteId = {'K', 'E', 'M', 0x00, 0x10};
const Bytes kHpkeSuiteId = {'H', 'P', 'K', 'E', 0x00, 0x10, 0x00, 0x01, 0x00, 0x01};
constexpr std::size_t kNh = 32;  // SHA-256 output
constexpr std::size_t kNk = 16;  // AES-128 key
constexpr std::size_t kNn = 12;  // GCM nonce
constexpr std::size_t kNt = 16;  // GCM tag
constexpr std::uint8_t kModeBase = 0x00;

void append(Bytes& out, ByteSpan more) {
  out.insert(out.end(), more.begin(), more.end());
}

// One HKDF step through EVP_KDF; `mode` is EVP_KDF_HKDF_MODE_EXTRACT_ONLY or _EXPAND_ONLY.
Bytes hkdf(int mode, ByteSpan key, ByteSpan salt_or_info, std::size_t length) {
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  if (!ctx) return {};
  char digest[] = "SHA256";
  auto* k = const_cast<std::uint8_t*>(key.data());
  auto* extra = const_cast<std::uint8_t*>(salt_or_info.data());
  const char* extra_name =
      mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO;
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, k, key.size()),
      OSSL_PARAM_construct_octet_string(extra_name, extra, salt_or_info.size()),
      OSSL_PARAM_construct_end()};
  Bytes out(length);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) return {};
  return out;
}

// §4: LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm).
// An empty salt is HashLen zero bytes (RFC 5869 §2.2) — spelled out, since OpenSSL versions
// differ in how they take a zero-length salt parameter.
Bytes labeled_extract(const Bytes& suite_id, ByteSpan salt, std::string_view label, ByteSpan ikm) {
  Bytes labeled_ikm = {'H', 'P', 'K', 'E', '-', 'v', '1'};
  append(labeled_ikm, suite_id);
  append(labeled_ikm, as_bytes(label));
  append(labeled_ikm, ikm);
  const Bytes zeros(kNh, 0);
  return hkdf(EVP_KDF_HKDF_MODE_EXTRACT_ONLY, labeled_ikm, salt.empty() ? ByteSpan(zeros) : salt,
              kNh);
}

// §4: LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id ||
// label || info, L).
Bytes labeled_expand(const Bytes& suite_id, ByteSpan prk, std::string_view label, ByteSpan info,
                     std::size_t length) {
  if (prk.empty()) return {};
  Bytes labeled_info = {static_cast<std::uint8_t>(length >> 8),
                        static_cast<std::uint8_t>(length),
                        'H',
                        'P',
                        'K',
                        'E',
                        '-',
                        'v',
                        '1'};
  append(labeled_info, suite_id);
  append(labeled_info, as_bytes(label));
  append(labeled_info, info);
  return hkdf(EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, labeled_info, length);
}

// AES-128-GCM, 16-byte tag after the ciphertext; nullopt when the tag does not verify.
std::optional<Bytes> aead(bool encrypt, const detail::KeySchedule& ks, ByteSpan aad,
                          ByteSpan input) {
  if (ks.key.size() != kNk || ks.base_nonce.size() != kNn) return std::nullopt;
  if (!encrypt && input.size() < kNt) return std::nullopt;
  const std::size_t body = encrypt ? input.size() : input.size() - kNt;
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  // Sequence number 0: the nonce is base_nonce itself (§5.2, base_nonce XOR 0).
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, ks.key.data(),
                                ks.base_nonce.data(), encrypt ? 1 : 0) != 1) {
    return std::nullopt;
  }
  int n = 0;
  Bytes out(body + kNt);
  if (!aad.empty() &&
      EVP_CipherUpdate(ctx.get(), nullptr, &n, aad.data(), static_cast<int>(aad.size())) != 1) {
    return std::nullopt;
  }
  if (body > 0 &&
      EVP_CipherUpdate(ctx.get(), out.data(), &n, input.data(), static_cast<int>(body)) != 1) {
    return std::nullopt;
  }
  if (!encrypt && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kNt,
                                      const_cast<std::uint8_t*>(input.data() + body)) != 1) {
    return std::nullopt;
  }
  if (EVP_CipherFinal_ex(ctx.get(), out.data() + body, &n) != 1) return std::nullopt;
  if (!encrypt) {
    out.resize(body);
    return out;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kNt, out.data() + body) != 1) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

namespace detail {

Bytes shared_secret(EVP_PKEY* own_private, EVP_PKEY* peer_public, ByteSpan enc, ByteSpan pkRm) {
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_pkey(nullptr, own_private, nullptr));
  std::size_t len = 0;
  if (!is_p256(own_private) || !is_p256(peer_public) || !ctx ||
      EVP_PKEY_derive_init(ctx.get()) != 1 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer_public) != 1 ||
      EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1 || len != 32) {
    return {};
  }
  Bytes dh(len);  // the x-coordinate of the shared point (§7.1.1)
  if (EVP_PKEY_derive(ctx.get(), dh.data(), &len) != 1 || len != 32) return {};
  // §4.1 ExtractAndExpand with kem_context = enc || pkRm.
  Bytes kem_context(enc.begin(), enc.end());
  append(kem_context, pkRm);
  const Bytes eae_prk = labeled_extract(kKemSuiteId, {}, "eae_prk", dh);
  OPENSSL_cleanse(dh.data(), dh.size());
  return labeled_expand(kKemSuiteId, eae_prk, "shared_secret", kem_context, kNh);
}

KeySchedule key_schedule(ByteSpan shared_secret, ByteSpan info) {
  if (shared_secret.size() != kNh) return {};
  // §5.1, mode_base: psk and psk_id are empty.
  const Bytes psk_id_hash = labeled_extract(kHpkeSuiteId, {}, "psk_id_hash", {});
  const Bytes info_hash = labeled_extract(kHpkeSuiteId, {}, "info_hash", info);
  Bytes context = {kModeBase};
  append(context, psk_id_hash);
  append(context, info_hash);
  const Bytes secret = labeled_extract(kHpkeSuiteId, shared_secret, "secret", {});
  return {labeled_expand(kHpkeSuiteId, secret, "key", context, kNk),
          labeled_expand(kHpkeSuiteId, secret, "base_nonce", context, kNn)};
}

}  // namespace detail

std::optional<Bytes> open(EVP_PKEY* recipient_private, ByteSpan enc, ByteSpan info, ByteSpan aad,
                          ByteSpan ciphertext) {
  const PkeyPtr ephemeral = p256_public_key_from_point(enc);  // rejects off-curve points
  const Bytes pkRm = p256_public_point(recipient_private);
  if (!ephemeral || pkRm.empty()) return std::nullopt;
  const Bytes secret = detail::shared_secret(recipient_private, ephemeral.get(), enc, pkRm);
  if (secret.empty()) return std::nullopt;
  return aead(false, detail::key_schedule(secret, info), aad, ciphertext);
}

std::optional<Sealed> seal(EVP_PKEY* recipient_public, ByteSpan info, ByteSpan aad,
                           ByteSpan plaintext, EVP_PKEY* ephemeral) {
  PkeyPtr fresh;
  if (ephemeral == nullptr) {
    fresh = p256_generate();
    ephemeral = fresh.get();
  }
  const Bytes enc = p256_public_point(ephemeral);
  const Bytes pkRm = p256_public_point(recipient_public);
  if (enc.empty() || pkRm.empty()) return std::nullopt;
  const Bytes secret = detail::shared_secret(ephemeral, recipient_public, enc, pkRm);
  if (secret.empty()) return std::nullopt;
  auto ciphertext = aead(true, detail::key_schedule(secret, info), aad, plaintext);
  if (!ciphertext) return std::nullopt;
  return Sealed{enc, std::move(*ciphertext)};
}

}  // namespace idv::demo::wallet::hpke
