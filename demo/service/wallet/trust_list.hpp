#pragma once
// The issuers the service accepts (`--wallet-trust DIR`): `*.pem` X.509 certificates (issuer
// certificates or CAs) and `*.jwk` EC P-256 public keys. A presented leaf certificate is trusted
// when its public key equals a trusted key, or when OpenSSL builds a path from it to a trusted
// certificate (the leaf itself may be the trusted certificate) with every date valid at `now`.
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

class TrustList {
 public:
  TrustList();

  // Every *.pem and *.jwk file of `dir` (not recursive). nullopt with `error` naming the file
  // when a file cannot be read or parsed, or when the folder holds no trust anchor at all.
  static std::optional<TrustList> load(const std::filesystem::path& dir, std::string& error);

  // One or more PEM certificates; false if none parses.
  bool add_pem(std::string_view pem);
  // One JWK {"kty":"EC","crv":"P-256","x":…,"y":…}; false if it is not that.
  bool add_jwk(std::string_view jwk_json);

  bool empty() const { return certificate_count_ == 0 && keys_.empty(); }

  // `chain` is the leaf first, then any intermediates the presenter sent (untrusted).
  bool trusts(const std::vector<X509Ptr>& chain, std::chrono::system_clock::time_point now) const;

 private:
  X509StorePtr store_;
  std::size_t certificate_count_ = 0;
  std::vector<PkeyPtr> keys_;
};

// A JWK of an EC P-256 public key as a key; null for anything else.
PkeyPtr p256_key_from_jwk(std::string_view jwk_json);
PkeyPtr p256_key_from_jwk(const nlohmann::json& jwk);

}  // namespace idv::demo::wallet
