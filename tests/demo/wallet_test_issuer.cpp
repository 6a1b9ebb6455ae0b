#include "wallet_test_issuer.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <stdexcept>

#include "service/wallet/base64url.hpp"
#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/hpke.hpp"
#include "wallet_test_cbor.hpp"

namespace idv::demo::wallet::testing {
namespace {

using nlohmann::json;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test issuer: ") + what);
}

Bytes random_bytes(std::size_t n) {
  Bytes out(n);
  require(RAND_bytes(out.data(), static_cast<int>(n)) == 1, "RAND_bytes");
  return out;
}

std::string base64_standard(const Bytes& der) {
  std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), der.data(),
                                static_cast<int>(der.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Bytes coordinate(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  require(EVP_PKEY_get_bn_param(key, name, &bn) == 1, "EC coordinate");
  Bytes out(32);
  BN_bn2binpad(bn, out.data(), 32);
  BN_free(bn);
  return out;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(ext != nullptr && X509_add_ext(cert, ext, -1) == 1, "extension");
  X509_EXTENSION_free(ext);
}

X509Ptr make_cert(const TestKey& subject, const std::string& cn, X509* issuer_cert,
                  const TestKey& issuer_key, std::time_t not_before, std::time_t not_after,
                  bool ca) {
  X509Ptr cert(X509_new());
  require(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), static_cast<long>(random_bytes(3)[0]) + 1);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), not_before);
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), not_after);
  require(X509_set_pubkey(cert.get(), subject.get()) == 1, "set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509* issuer = issuer_cert ? issuer_cert : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer));
  add_extension(cert.get(), issuer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  add_extension(cert.get(), issuer, NID_key_usage,
                ca ? "critical,digitalSignature,keyCertSign" : "critical,digitalSignature");
  require(X509_sign(cert.get(), issuer_key.get(), EVP_sha256()) > 0, "X509_sign");
  return cert;
}

std::string jwt_part(const json& j) {
  return base64url_encode(j.dump());
}

std::string disclosure(const json& array) {
  return base64url_encode(array.dump());
}

std::string digest_of(const std::string& disclosure_text) {
  return base64url_encode(sha256(disclosure_text));
}

std::string salt() {
  return base64url_encode(random_bytes(16));
}

}  // namespace

TestKey TestKey::generate() {
  TestKey k;
  k.key_.reset(EVP_EC_gen("P-256"));
  require(k.key_ != nullptr, "EVP_EC_gen");
  return k;
}

Bytes TestKey::x() const {
  return coordinate(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X);
}
Bytes TestKey::y() const {
  return coordinate(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
}

json TestKey::public_jwk() const {
  return {
      {"kty", "EC"}, {"crv", "P-256"}, {"x", base64url_encode(x())}, {"y", base64url_encode(y())}};
}

Bytes TestKey::sign_es256(ByteSpan message) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::size_t len = 0;
  require(ctx && EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
              EVP_DigestSign(ctx, nullptr, &len, message.data(), message.size()) == 1,
          "DigestSign init");
  Bytes der(len);
  require(EVP_DigestSign(ctx, der.data(), &len, message.data(), message.size()) == 1, "sign");
  EVP_MD_CTX_free(ctx);
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len));
  require(sig != nullptr, "d2i_ECDSA_SIG");
  Bytes raw(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
  ECDSA_SIG_free(sig);
  return raw;
}

TestIssuer TestIssuer::self_signed(const std::string& cn, std::time_t nb, std::time_t na) {
  TestIssuer issuer{TestKey::generate(), nullptr};
  issuer.cert = make_cert(issuer.key, cn, nullptr, issuer.key, nb, na, true);
  return issuer;
}

TestIssuer TestIssuer::issued_by(const TestIssuer& ca, const std::string& cn, std::time_t nb,
                                 std::time_t na) {
  TestIssuer issuer{TestKey::generate(), nullptr};
  issuer.cert = make_cert(issuer.key, cn, ca.cert.get(), ca.key, nb, na, false);
  return issuer;
}

Bytes TestIssuer::cert_der() const {
  unsigned char* der = nullptr;
  const int n = i2d_X509(cert.get(), &der);
  require(n > 0, "i2d_X509");
  Bytes out(der, der + n);
  OPENSSL_free(der);
  return out;
}

std::string TestIssuer::cert_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert.get());
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

std::string rfc3339(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string make_sd_jwt(const TestIssuer& issuer, const TestKey& device, const SdJwtOptions& o) {
  const PidData& c = o.claims;
  // Disclosures: top-level [salt, name, value]; age as the nested [salt, "18", true].
  std::vector<std::pair<std::string, json>> top = {{"given_name", c.given_name},
                                                   {"family_name", c.family_name},
                                                   {"birthdate", c.birthdate},
                                                   {"nationalities", c.nationalities}};
  if (c.document_number) top.emplace_back("document_number", *c.document_number);
  std::vector<std::string> disclosures;
  json sd = json::array();
  for (const auto& [name, value] : top) {
    const auto d = disclosure(json::array({salt(), name, value}));
    sd.push_back(digest_of(d));
    if (!o.withhold.count(name)) disclosures.push_back(d);
  }
  sd.push_back(base64url_encode(random_bytes(32)));  // a decoy digest, as RFC 9901 §4.2.5 allows
  const auto age = disclosure(json::array({salt(), "18", c.age_over_18}));
  if (!o.withhold.count("age_over_18")) disclosures.push_back(age);

  json payload = {{"iss", "https://issuer.test"},
                  {"iat", o.now - 3600},
                  {"exp", o.exp.value_or(o.now + 30 * 86400)},
                  {"vct", "urn:eudi:pid:1"},
                  {"_sd_alg", "sha-256"},
                  {"_sd", sd},
                  {"age_equal_or_over", {{"_sd", json::array({digest_of(age)})}}},
                  {"cnf", {{"jwk", device.public_jwk()}}}};
  if (o.edit_payload) o.edit_payload(payload);
  json x5c = json::array({base64_standard(issuer.cert_der())});
  for (const auto& extra : o.extra_certs) x5c.push_back(extra);
  const json header = {{"alg", "ES256"}, {"typ", "dc+sd-jwt"}, {"x5c", x5c}};
  const std::string signing_input = jwt_part(header) + "." + jwt_part(payload);
  Bytes signature = issuer.key.sign_es256(as_bytes(signing_input));
  if (o.corrupt_issuer_signature) signature[10] ^= 0x01;
  const std::string issuer_jwt = signing_input + "." + base64url_encode(signature);

  if (o.edit_disclosures) o.edit_disclosures(disclosures);
  std::string presented = issuer_jwt + "~";
  for (const auto& d : disclosures) presented += d + "~";

  json kb = {{"iat", o.kb_iat.value_or(o.now)},
             {"aud", "origin:" + o.origin},
             {"nonce", o.nonce},
             {"sd_hash", base64url_encode(sha256(presented))}};
  if (o.edit_kb_payload) o.edit_kb_payload(kb);
  const std::string kb_input =
      jwt_part(json{{"alg", "ES256"}, {"typ", "kb+jwt"}}) + "." + jwt_part(kb);
  const TestKey& holder = o.kb_signer ? *o.kb_signer : device;
  return presented + kb_input + "." + base64url_encode(holder.sign_es256(as_bytes(kb_input)));
}

Bytes issuer_signed_item(std::uint64_t digest_id, const Bytes& random, const std::string& name,
                         const Bytes& value_cbor) {
  using namespace cbor;
  return embed(map({{text("digestID"), integer(static_cast<std::int64_t>(digest_id))},
                    {text("random"), bytes(random)},
                    {text("elementIdentifier"), text(name)},
                    {text("elementValue"), value_cbor}}));
}

namespace {

// The DeviceResponse whose device signature covers `transcript` (CBOR SessionTranscript).
Bytes device_response(const TestIssuer& issuer, const TestKey& device, const MdocOptions& o,
                      const Bytes& transcript) {
  using namespace cbor;
  const PidData& c = o.claims;
  const std::string doc_type = "org.iso.18013.5.1.mDL";
  const std::string ns = "org.iso.18013.5.1";
  std::vector<std::pair<std::string, Bytes>> elements = {
      {"given_name", text(c.given_name)},
      {"family_name", text(c.family_name)},
      {"birth_date", tag(1004, text(c.birthdate))},
      {"age_over_18", boolean(c.age_over_18)}};
  if (!c.nationalities.empty()) elements.emplace_back("nationality", text(c.nationalities[0]));
  if (c.document_number) elements.emplace_back("document_number", text(*c.document_number));

  std::vector<Bytes> presented;
  std::vector<std::pair<Bytes, Bytes>> digests;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const Bytes item =
        issuer_signed_item(i, random_bytes(16), elements[i].first, elements[i].second);
    const Sha256 d = sha256(item);
    digests.emplace_back(integer(static_cast<std::int64_t>(i)), bytes(Bytes(d.begin(), d.end())));
    if (!o.withhold.count(elements[i].first)) presented.push_back(item);
  }
  const Bytes mso = map(
      {{text("version"), text("1.0")},
       {text("digestAlgorithm"), text("SHA-256")},
       {text("valueDigests"), map({{text(ns), map(digests)}})},
       {text("deviceKeyInfo"), map({{text("deviceKey"), map({{integer(1), integer(2)},
                                                             {integer(-1), integer(1)},
                                                             {integer(-2), bytes(device.x())},
                                                             {integer(-3), bytes(device.y())}})}})},
       {text("docType"), text(doc_type)},
       {text("validityInfo"),
        map({{text("signed"), tag(0, text(rfc3339(o.now - 3600)))},
             {text("validFrom"), tag(0, text(rfc3339(o.valid_from.value_or(o.now - 86400))))},
             {text("validUntil"),
              tag(0, text(rfc3339(o.valid_until.value_or(o.now + 30 * 86400))))}})}});
  const Bytes payload = embed(mso);
  const Bytes protected_header = map({{integer(1), integer(-7)}});
  auto sign1_input = [&](const Bytes& signed_payload) {
    return array({text("Signature1"), bytes(protected_header), bytes({}), bytes(signed_payload)});
  };
  Bytes issuer_sig = issuer.key.sign_es256(sign1_input(payload));
  if (o.corrupt_issuer_signature) issuer_sig[5] ^= 0x01;
  const Bytes issuer_auth =
      array({bytes(protected_header), map({{integer(33), bytes(issuer.cert_der())}}),
             bytes(payload), bytes(issuer_sig)});

  if (o.edit_items) o.edit_items(presented);

  const Bytes device_namespaces = embed(map({}));
  const Bytes device_auth =
      embed(array({text("DeviceAuthentication"), transcript, text(doc_type), device_namespaces}));
  const TestKey& holder = o.device_signer ? *o.device_signer : device;
  const Bytes device_sig = holder.sign_es256(sign1_input(device_auth));
  const Bytes device_signature =
      array({bytes(protected_header), map({}), null(), bytes(device_sig)});

  const Bytes document =
      map({{text("docType"), text(doc_type)},
           {text("issuerSigned"), map({{text("nameSpaces"), map({{text(ns), array(presented)}})},
                                       {text("issuerAuth"), issuer_auth}})},
           {text("deviceSigned"),
            map({{text("nameSpaces"), device_namespaces},
                 {text("deviceAuth"), map({{text("deviceSignature"), device_signature}})}})}});
  return map({{text("version"), text("1.0")},
              {text("documents"), array({document})},
              {text("status"), integer(0)}});
}

// [null, null, [handover name, bstr(SHA-256(handover_info))]]
Bytes transcript_of(const std::string& handover, const Bytes& handover_info) {
  using namespace cbor;
  const Sha256 d = sha256(handover_info);
  return array({null(), null(), array({text(handover), bytes(Bytes(d.begin(), d.end()))})});
}

Bytes dcapi_transcript(const std::string& encryption_info, const std::string& origin) {
  return transcript_of("dcapi", cbor::array({cbor::text(encryption_info), cbor::text(origin)}));
}

// The recipientPublicKey of EncryptionInfo = ["dcapi", {"nonce", "recipientPublicKey"}], read as
// a wallet would (with the verifier's CBOR reader: the point is the wallet's *use* of it).
PkeyPtr recipient_of(const std::string& encryption_info) {
  const auto bytes = base64url_decode(encryption_info);
  const auto info = bytes ? cbor_decode(*bytes) : std::optional<CborItem>{};
  require(info && info->type == CborType::array && info->items.size() == 2 &&
              info->items[0].is_text("dcapi"),
          "EncryptionInfo");
  const CborItem* key = info->items[1].find("recipientPublicKey");
  const CborItem* x = key ? key->find(std::int64_t{-2}) : nullptr;
  const CborItem* y = key ? key->find(std::int64_t{-3}) : nullptr;
  require(x && y && key->find(std::int64_t{1})->integer() == 2, "recipientPublicKey");
  PkeyPtr out = p256_public_key(x->content, y->content);
  require(out != nullptr, "recipientPublicKey point");
  return out;
}

}  // namespace

Bytes make_mdoc_bytes(const TestIssuer& issuer, const TestKey& device, const MdocOptions& o) {
  // OpenID4VP 1.0 B.2.6.2: the handover binds origin and nonce; no encryption key (null).
  using namespace cbor;
  const Bytes info = array({text(o.origin), text(o.nonce), null()});
  return device_response(issuer, device, o, transcript_of("OpenID4VPDCAPIHandover", info));
}

nlohmann::json make_iso_mdoc_response(const TestIssuer& issuer, const TestKey& device,
                                      const MdocOptions& o, const nlohmann::json& request,
                                      const std::function<void(Bytes&)>& edit_sealed) {
  using namespace cbor;
  const std::string encryption_info = request.at("encryptionInfo").get<std::string>();
  const Bytes info = dcapi_transcript(encryption_info, o.origin);
  const Bytes signed_over = dcapi_transcript(encryption_info, o.signed_origin.value_or(o.origin));
  const Bytes plaintext = device_response(issuer, device, o, signed_over);
  const PkeyPtr recipient = recipient_of(encryption_info);
  const auto sealed = hpke::seal(recipient.get(), info, {}, plaintext);
  require(sealed.has_value(), "hpke seal");
  Bytes envelope = array({text("dcapi"), map({{text("enc"), bytes(sealed->enc)},
                                              {text("cipherText"), bytes(sealed->ciphertext)}})});
  if (edit_sealed) edit_sealed(envelope);
  return {{"response", base64url_encode(envelope)}};
}

std::string make_mdoc(const TestIssuer& issuer, const TestKey& device, const MdocOptions& o) {
  return base64url_encode(make_mdoc_bytes(issuer, device, o));
}

}  // namespace idv::demo::wallet::testing
