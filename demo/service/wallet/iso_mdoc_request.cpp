#include "service/wallet/iso_mdoc_request.hpp"

#include "service/wallet/base64url.hpp"
#include "service/wallet/cbor_writer.hpp"
#include "service/wallet/mdoc_verifier.hpp"
#include "service/wallet/p256_keys.hpp"

namespace idv::demo::wallet {
namespace {

// The elements asked for, all with IntentToRetain false: the service keeps the claims it needs
// in its own record, never the credential.
constexpr std::string_view kElements[] = {"given_name",  "family_name",     "birth_date",
                                          "nationality", "document_number", "age_over_18"};

Bytes device_request() {
  using namespace cbor_out;
  std::vector<std::pair<Bytes, Bytes>> elements;
  for (const auto name : kElements) elements.emplace_back(text(name), boolean(false));
  const Bytes items_request =
      map({{text("docType"), text(kMdlDocType)},
           {text("nameSpaces"), map({{text(kMdlNamespace), map(elements)}})}});
  return map({{text("version"), text("1.0")},
              {text("docRequests"), array({map({{text("itemsRequest"), embed(items_request)}})})}});
}

// EncryptionInfo = ["dcapi", {"nonce": bstr, "recipientPublicKey": COSE_Key}].
Bytes encryption_info(ByteSpan nonce, ByteSpan point) {
  using namespace cbor_out;
  // COSE_Key {1 (kty): 2 (EC2), -1 (crv): 1 (P-256), -2: x, -3: y}.
  const Bytes cose_key = map({{integer(1), integer(2)},
                              {integer(-1), integer(1)},
                              {integer(-2), bytes(point.subspan(1, 32))},
                              {integer(-3), bytes(point.subspan(33, 32))}});
  return array({text("dcapi"),
                map({{text("nonce"), bytes(nonce)}, {text("recipientPublicKey"), cose_key}})});
}

}  // namespace

PkeyPtr new_recipient_key() {
  return p256_generate();
}

Bytes recipient_key_bytes(const EVP_PKEY* key) {
  return p256_private_scalar(key);
}

PkeyPtr recipient_key_from_bytes(ByteSpan scalar) {
  return p256_private_key(scalar);
}

std::optional<nlohmann::json> iso_mdoc_request(ByteSpan nonce, const EVP_PKEY* recipient) {
  const Bytes point = p256_public_point(recipient);
  if (nonce.size() != kIsoMdocNonceSize || point.empty()) return std::nullopt;
  return nlohmann::json{{"deviceRequest", base64url_encode(device_request())},
                        {"encryptionInfo", base64url_encode(encryption_info(nonce, point))}};
}

}  // namespace idv::demo::wallet
