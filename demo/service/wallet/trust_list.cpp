#include "service/wallet/trust_list.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "service/wallet/base64url.hpp"

namespace idv::demo::wallet {
namespace {

struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return out.str();
}

}  // namespace

PkeyPtr p256_key_from_jwk(std::string_view jwk_json) {
  return p256_key_from_jwk(nlohmann::json::parse(jwk_json, nullptr, false));
}

PkeyPtr p256_key_from_jwk(const nlohmann::json& jwk) {
  if (!jwk.is_object()) return nullptr;
  auto text = [&](const char* name) -> std::optional<std::string> {
    const auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  if (text("kty") != "EC" || text("crv") != "P-256") return nullptr;
  const auto x = text("x"), y = text("y");
  if (!x || !y || jwk.contains("d")) return nullptr;  // a private key has no place here
  const auto xb = base64url_decode(*x), yb = base64url_decode(*y);
  if (!xb || !yb) return nullptr;
  return p256_public_key(*xb, *yb);
}

TrustList::TrustList() : store_(X509_STORE_new()) {}

bool TrustList::add_pem(std::string_view pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio || !store_) return false;
  std::size_t added = 0;
  while (X509* raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    X509Ptr cert(raw);
    if (X509_STORE_add_cert(store_.get(), cert.get()) == 1) ++added;  // the store takes a ref
  }
  ERR_clear_error();  // the read loop ends on a "no start line" error: expected, not a failure
  certificate_count_ += added;
  return added > 0;
}

bool TrustList::add_jwk(std::string_view jwk_json) {
  PkeyPtr key = p256_key_from_jwk(jwk_json);
  if (!key) return false;
  keys_.push_back(std::move(key));
  return true;
}

std::optional<TrustList> TrustList::load(const std::filesystem::path& dir, std::string& error) {
  TrustList list;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    error = "wallet trust folder " + dir.string() + ": " + ec.message();
    return std::nullopt;
  }
  for (const auto& entry : it) {
    const auto ext = entry.path().extension();
    if (ext != ".pem" && ext != ".jwk") continue;
    const auto content = read_file(entry.path());
    if (!content) {
      error = "wallet trust file " + entry.path().string() + ": cannot be read";
      return std::nullopt;
    }
    const bool ok = ext == ".pem" ? list.add_pem(*content) : list.add_jwk(*content);
    if (!ok) {
      error = "wallet trust file " + entry.path().string() +
              (ext == ".pem" ? ": no X.509 certificate in it" : ": not an EC P-256 public JWK");
      return std::nullopt;
    }
  }
  if (list.empty()) {
    error = "wallet trust folder " + dir.string() + ": no *.pem or *.jwk file";
    return std::nullopt;
  }
  return list;
}

bool TrustList::trusts(const std::vector<X509Ptr>& chain,
                       std::chrono::system_clock::time_point now) const {
  if (chain.empty() || !chain.front()) return false;
  X509* leaf = chain.front().get();
  if (EVP_PKEY* leaf_key = X509_get0_pubkey(leaf)) {
    for (const auto& key : keys_) {
      if (EVP_PKEY_eq(leaf_key, key.get()) == 1) return true;
    }
  }
  if (certificate_count_ == 0) return false;

  X509StackPtr untrusted(sk_X509_new_null());
  if (!untrusted) return false;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (!chain[i] || X509_up_ref(chain[i].get()) != 1) return false;
    if (sk_X509_push(untrusted.get(), chain[i].get()) <= 0) {
      X509_free(chain[i].get());
      return false;
    }
  }
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store_.get(), leaf, untrusted.get()) != 1) {
    return false;
  }
  // The time is a parameter (tests, replays of old logs); PARTIAL_CHAIN lets a trusted issuer
  // certificate that is not a self-signed root be an anchor, as the trust folder intends.
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(now));
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  return X509_verify_cert(ctx.get()) == 1;
}

}  // namespace idv::demo::wallet
