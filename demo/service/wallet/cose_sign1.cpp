#include "service/wallet/cose_sign1.hpp"

#include <nlohmann/json.hpp>

namespace idv::demo::wallet {
namespace {

constexpr std::int64_t kHeaderAlg = 1;
constexpr std::int64_t kHeaderX5chain = 33;
constexpr std::int64_t kAlgEs256 = -7;

// x5chain: one bstr certificate, or an array of them (leaf first).
bool read_x5chain(const CborItem& value, std::vector<ByteSpan>& out) {
  if (value.type == CborType::bytes) {
    out.push_back(value.content);
    return true;
  }
  if (value.type != CborType::array || value.items.empty()) return false;
  for (const auto& cert : value.items) {
    if (cert.type != CborType::bytes) return false;
    out.push_back(cert.content);
  }
  return true;
}

}  // namespace

std::optional<CoseSign1> parse_cose_sign1(const CborItem& tagged) {
  const CborItem& item = tagged.is_tag(18) ? tagged.items[0] : tagged;
  if (item.type != CborType::array || item.items.size() != 4) return std::nullopt;
  const auto& [prot, unprot, payload, signature] =
      std::tie(item.items[0], item.items[1], item.items[2], item.items[3]);
  if (prot.type != CborType::bytes || unprot.type != CborType::map ||
      signature.type != CborType::bytes || signature.content.size() != 64) {
    return std::nullopt;
  }
  const auto header = cbor_decode(prot.content);
  if (!header || header->type != CborType::map) return std::nullopt;
  const CborItem* alg = header->find(kHeaderAlg);
  if (alg == nullptr || alg->integer() != kAlgEs256) return std::nullopt;
  if (unprot.find(kHeaderAlg) != nullptr) return std::nullopt;  // alg must be protected

  CoseSign1 out{prot.content, &unprot, std::nullopt, signature.content, {}};
  if (payload.type == CborType::bytes) {
    out.payload = payload.content;
  } else if (!payload.is_null()) {
    return std::nullopt;
  }
  // Spans point into the caller's bytes, so a protected x5chain outlives `header`.
  const CborItem* x5 = header->find(kHeaderX5chain);
  if (x5 == nullptr) x5 = unprot.find(kHeaderX5chain);
  if (x5 != nullptr && !read_x5chain(*x5, out.x5chain)) return std::nullopt;
  return out;
}

Bytes sig_structure(ByteSpan protected_bytes, ByteSpan payload) {
  using nlohmann::json;
  const json structure = json::array(
      {"Signature1", json::binary(Bytes(protected_bytes.begin(), protected_bytes.end())),
       json::binary(Bytes{}), json::binary(Bytes(payload.begin(), payload.end()))});
  return json::to_cbor(structure);
}

bool verify_cose_sign1(const CoseSign1& sign1, ByteSpan payload, EVP_PKEY* key) {
  return verify_es256(key, sig_structure(sign1.protected_bytes, payload), sign1.signature);
}

}  // namespace idv::demo::wallet
