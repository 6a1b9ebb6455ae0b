#include "service/wallet/p256_keys.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

namespace idv::demo::wallet {
namespace {

struct BnFree {
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
};
struct GroupFree {
  void operator()(EC_GROUP* p) const { EC_GROUP_free(p); }
};
struct PointFree {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;

constexpr std::size_t kScalarSize = 32;
constexpr std::size_t kPointSize = 65;

}  // namespace

PkeyPtr p256_generate() {
  return PkeyPtr(EVP_EC_gen("P-256"));
}

PkeyPtr p256_private_key(ByteSpan scalar) {
  if (scalar.size() != kScalarSize) return nullptr;
  std::unique_ptr<EC_GROUP, GroupFree> group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  BnPtr priv(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), nullptr));
  if (!group || !priv || BN_is_zero(priv.get()) ||
      BN_cmp(priv.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return nullptr;
  }
  // OpenSSL 3.0 does not derive the public half on import: compute pub = priv·G ourselves.
  std::unique_ptr<EC_POINT, PointFree> pub(EC_POINT_new(group.get()));
  std::uint8_t point[kPointSize];
  if (!pub || EC_POINT_mul(group.get(), pub.get(), priv.get(), nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED, point, sizeof point,
                         nullptr) != sizeof point) {
    return nullptr;
  }
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point) !=
          1) {
    return nullptr;
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    return nullptr;
  }
  return PkeyPtr(raw);
}

Bytes p256_private_scalar(const EVP_PKEY* key) {
  if (!is_p256(key)) return {};
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) return {};
  BnPtr priv(raw);
  Bytes out(kScalarSize);
  if (BN_bn2binpad(priv.get(), out.data(), static_cast<int>(out.size())) < 0) return {};
  return out;
}

Bytes p256_public_point(const EVP_PKEY* key) {
  if (!is_p256(key)) return {};
  Bytes out(kPointSize);
  std::size_t len = 0;
  // EC keys keep POINT_CONVERSION_UNCOMPRESSED unless told otherwise; the length check below
  // rejects anything else.
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(), &len) !=
          1 ||
      len != kPointSize || out[0] != 0x04) {
    return {};
  }
  return out;
}

PkeyPtr p256_public_key_from_point(ByteSpan point) {
  if (point.size() != kPointSize || point[0] != 0x04) return nullptr;
  return p256_public_key(point.subspan(1, 32), point.subspan(33, 32));
}

}  // namespace idv::demo::wallet
