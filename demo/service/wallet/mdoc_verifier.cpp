#include "service/wallet/mdoc_verifier.hpp"

#include <set>
#include <string>

#include "service/wallet/base64url.hpp"
#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/claim_rules.hpp"
#include "service/wallet/cose_sign1.hpp"
#include "service/wallet/issuer_chain.hpp"
#include "service/wallet/mdoc_transcript.hpp"
#include "service/wallet/rfc3339.hpp"

namespace idv::demo::wallet {
namespace {

constexpr std::uint64_t kTagEncodedCbor = 24;
constexpr std::uint64_t kTagDateTime = 0;
constexpr std::uint64_t kTagFullDate = 1004;

WalletResult fail(WalletError e, std::string message) {
  return WalletResult::fail(e, "mdoc: " + std::move(message));
}

// tag 24 bstr: the embedded item, decoded; nullopt otherwise.
std::optional<CborItem> embedded(const CborItem& item) {
  if (!item.is_tag(kTagEncodedCbor) || item.items[0].type != CborType::bytes) return std::nullopt;
  return cbor_decode(item.items[0].content);
}

std::optional<std::chrono::sys_seconds> tdate(const CborItem* item) {
  if (item == nullptr || !item->is_tag(kTagDateTime) || item->items[0].type != CborType::text) {
    return std::nullopt;
  }
  return parse_rfc3339(item->items[0].text());
}

// The issuer-signed element values of the mDL namespace, by identifier.
struct Element {
  std::string_view identifier;
  const CborItem* value;
};

// One IssuerSignedItemBytes: its digest must be the one the MSO lists under its digestID.
std::optional<WalletFailure> check_item(const CborItem& tagged, const CborItem& digests,
                                        std::set<std::uint64_t>& seen_ids, CborItem& decoded) {
  auto malformed = [](const char* m) {
    return WalletFailure{WalletError::malformed, std::string("mdoc item: ") + m};
  };
  auto inner = embedded(tagged);
  if (!inner || inner->type != CborType::map) return malformed("not tag 24 bstr(map)");
  const CborItem* id = inner->find("digestID");
  const CborItem* random = inner->find("random");
  const CborItem* name = inner->find("elementIdentifier");
  if (id == nullptr || id->type != CborType::unsigned_int || random == nullptr ||
      random->type != CborType::bytes || random->content.size() < 16 || name == nullptr ||
      name->type != CborType::text || inner->find("elementValue") == nullptr) {
    return malformed("digestID, random (16+ bytes), elementIdentifier, elementValue required");
  }
  if (!seen_ids.insert(id->value).second) return malformed("a digestID appears twice");
  const CborItem* expected = nullptr;
  for (std::size_t k = 0; k + 1 < digests.items.size(); k += 2) {
    if (digests.items[k].type == CborType::unsigned_int && digests.items[k].value == id->value) {
      expected = &digests.items[k + 1];
    }
  }
  // Digest over the tag-24 item exactly as received, never a re-encoding.
  const Sha256 actual = sha256(tagged.encoded);
  if (expected == nullptr || expected->type != CborType::bytes ||
      !equal_secret(expected->content, actual)) {
    return WalletFailure{WalletError::digest_mismatch,
                         "mdoc: an element's digest is not the one the issuer signed"};
  }
  decoded = std::move(*inner);
  return std::nullopt;
}

WalletResult take_claims(const std::vector<CborItem>& items, ByteSpan mso_bytes) {
  WalletClaims out;
  out.format = "mso_mdoc";
  std::set<std::string_view> names;
  bool given = false, family = false, birth = false;
  for (const auto& item : items) {
    const std::string_view name = item.find("elementIdentifier")->text();
    const CborItem& value = *item.find("elementValue");
    if (!names.insert(name).second) return fail(WalletError::malformed, "an element appears twice");
    const CborItem& date = value.is_tag(kTagFullDate) ? value.items[0] : value;
    auto text = [&](const CborItem& v, std::string& into, bool& flag) {
      if (v.type != CborType::text) return false;
      into = std::string(v.text());
      flag = true;
      return true;
    };
    bool ok = true, unused = false;
    if (name == "given_name") ok = text(value, out.given_name, given);
    if (name == "family_name") ok = text(value, out.family_name, family);
    if (name == "birth_date") ok = text(date, out.birthdate, birth);
    if (name == "nationality") {
      std::string n;
      ok = text(value, n, unused);
      out.nationalities = {n};
    }
    if (name == "document_number") {
      std::string n;
      ok = text(value, n, unused);
      out.document_number = n;
    }
    if (name == "age_over_18") {
      ok = value.is_bool();
      out.age_over_18 = value.value == 21;
    }
    if (!ok) return fail(WalletError::malformed, "an element value has the wrong type");
  }
  if (!given || !family || !birth) {
    return fail(WalletError::missing_claims, "given_name, family_name, birth_date are required");
  }
  if (auto failure = finish_claims(out, mso_bytes)) {
    return WalletResult::fail(failure->error, std::move(failure->message));
  }
  return WalletResult::success(std::move(out));
}

}  // namespace

WalletResult verify_mdoc(std::string_view presentation, std::string_view origin,
                         std::string_view nonce, std::chrono::system_clock::time_point now,
                         const TrustList& trust) {
  const auto bytes = base64url_decode(presentation);
  if (!bytes) return fail(WalletError::malformed, "not base64url");
  return verify_device_response(*bytes, session_transcript(origin, nonce), now, trust);
}

WalletResult verify_device_response(ByteSpan device_response, ByteSpan transcript,
                                    std::chrono::system_clock::time_point now,
                                    const TrustList& trust) {
  const auto response = cbor_decode(device_response);
  if (!response || response->type != CborType::map) {
    return fail(WalletError::malformed, "not a CBOR DeviceResponse");
  }
  const CborItem* version = response->find("version");
  const CborItem* documents = response->find("documents");
  const CborItem* status = response->find("status");
  if (version == nullptr || !version->is_text("1.0") || documents == nullptr ||
      documents->type != CborType::array || documents->items.size() != 1 || status == nullptr ||
      status->integer() != 0) {
    return fail(WalletError::malformed, "DeviceResponse needs version 1.0, one document, status 0");
  }
  const CborItem& document = documents->items[0];
  const CborItem* doc_type = document.find("docType");
  const CborItem* issuer_signed = document.find("issuerSigned");
  const CborItem* device_signed = document.find("deviceSigned");
  if (doc_type == nullptr || !doc_type->is_text(kMdlDocType) || issuer_signed == nullptr ||
      device_signed == nullptr) {
    return fail(WalletError::malformed, "Document needs docType mDL, issuerSigned, deviceSigned");
  }
  const CborItem* name_spaces = issuer_signed->find("nameSpaces");
  const CborItem* issuer_auth_item = issuer_signed->find("issuerAuth");
  const auto issuer_auth =
      issuer_auth_item ? parse_cose_sign1(*issuer_auth_item) : std::optional<CoseSign1>{};
  if (name_spaces == nullptr || name_spaces->type != CborType::map || !issuer_auth ||
      !issuer_auth->payload) {
    return fail(WalletError::malformed, "issuerSigned needs nameSpaces and an ES256 issuerAuth");
  }
  const CborItem* device_ns = device_signed->find("nameSpaces");
  const CborItem* device_auth = device_signed->find("deviceAuth");
  const CborItem* device_sig_item = device_auth ? device_auth->find("deviceSignature") : nullptr;
  const auto device_sig =
      device_sig_item ? parse_cose_sign1(*device_sig_item) : std::optional<CoseSign1>{};
  const auto device_ns_map = device_ns ? embedded(*device_ns) : std::optional<CborItem>{};
  if (!device_ns_map || device_ns_map->type != CborType::map || !device_sig ||
      device_sig->payload) {
    return fail(WalletError::malformed,
                "deviceSigned needs tag-24 nameSpaces and a detached ES256 deviceSignature");
  }

  // The issuer: trusted certificate, then its signature over the MSO.
  std::vector<X509Ptr> chain;
  if (auto failure = check_issuer_chain(issuer_auth->x5chain, trust, now, chain)) {
    return WalletResult::fail(failure->error, "mdoc: " + failure->message);
  }
  if (!verify_cose_sign1(*issuer_auth, *issuer_auth->payload,
                         X509_get0_pubkey(chain.front().get()))) {
    return fail(WalletError::bad_issuer_signature, "issuerAuth signature does not verify");
  }

  // The MSO, now authentic.
  const auto mso_tagged = cbor_decode(*issuer_auth->payload);
  const auto mso = mso_tagged ? embedded(*mso_tagged) : std::optional<CborItem>{};
  if (!mso || mso->type != CborType::map) return fail(WalletError::malformed, "MSO not tag 24 map");
  const CborItem* digest_alg = mso->find("digestAlgorithm");
  const CborItem* value_digests = mso->find("valueDigests");
  const CborItem* mso_doc_type = mso->find("docType");
  const CborItem* key_info = mso->find("deviceKeyInfo");
  const CborItem* validity = mso->find("validityInfo");
  const CborItem* device_key = key_info ? key_info->find("deviceKey") : nullptr;
  if (digest_alg == nullptr || !digest_alg->is_text("SHA-256") || value_digests == nullptr ||
      value_digests->type != CborType::map || mso_doc_type == nullptr ||
      !mso_doc_type->is_text(kMdlDocType) || device_key == nullptr || validity == nullptr) {
    return fail(WalletError::malformed,
                "MSO needs SHA-256, valueDigests, mDL docType, key, validity");
  }
  const auto valid_from = tdate(validity->find("validFrom"));
  const auto valid_until = tdate(validity->find("validUntil"));
  if (!valid_from || !valid_until || !tdate(validity->find("signed"))) {
    return fail(WalletError::malformed, "validityInfo needs tdate signed, validFrom, validUntil");
  }
  if (now < *valid_from) return fail(WalletError::expired, "not yet valid");
  if (now > *valid_until) return fail(WalletError::expired, "expired");

  // COSE_Key {1: 2 (EC2), -1: 1 (P-256), -2: x, -3: y}.
  const CborItem* kty = device_key->find(std::int64_t{1});
  const CborItem* crv = device_key->find(std::int64_t{-1});
  const CborItem* x = device_key->find(std::int64_t{-2});
  const CborItem* y = device_key->find(std::int64_t{-3});
  PkeyPtr holder_key;
  if (kty && kty->integer() == 2 && crv && crv->integer() == 1 && x && x->type == CborType::bytes &&
      y && y->type == CborType::bytes) {
    holder_key = p256_public_key(x->content, y->content);
  }
  if (!holder_key) return fail(WalletError::malformed, "deviceKey is not an EC2 P-256 COSE_Key");

  // Every presented element must be one the issuer signed.
  std::vector<CborItem> mdl_items;
  for (std::size_t k = 0; k + 1 < name_spaces->items.size(); k += 2) {
    const CborItem& ns = name_spaces->items[k];
    const CborItem& list = name_spaces->items[k + 1];
    const CborItem* digests = value_digests->find(ns.text());
    if (ns.type != CborType::text || list.type != CborType::array) {
      return fail(WalletError::malformed, "nameSpaces is not {name: [items]}");
    }
    if (digests == nullptr || digests->type != CborType::map) {
      return fail(WalletError::digest_mismatch, "a namespace the issuer did not sign");
    }
    std::set<std::uint64_t> seen_ids;
    for (const auto& tagged : list.items) {
      CborItem decoded;
      if (auto failure = check_item(tagged, *digests, seen_ids, decoded)) {
        return WalletResult::fail(failure->error, std::move(failure->message));
      }
      if (ns.text() == kMdlNamespace) mdl_items.push_back(std::move(decoded));
    }
  }

  // The holder: device signature over the transcript of *this* request.
  const Bytes auth = device_authentication_bytes(transcript, doc_type->text(), device_ns->encoded);
  if (!verify_cose_sign1(*device_sig, auth, holder_key.get())) {
    return fail(WalletError::bad_device_signature,
                "deviceSignature does not verify for the expected session transcript");
  }
  return take_claims(mdl_items, *issuer_auth->payload);
}

}  // namespace idv::demo::wallet
