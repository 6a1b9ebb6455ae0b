#pragma once
// A test issuer and test wallet that build genuine presentations with OpenSSL, following
// docs/wallet.md: an EU PID as SD-JWT VC with key binding, an mDL as mdoc DeviceResponse.
// Options let a test withhold claims or tamper at exactly one place, so that each verifier check
// can be made to fail on its own.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet::testing {

class TestKey {
 public:
  static TestKey generate();  // a fresh P-256 key pair
  EVP_PKEY* get() const { return key_.get(); }
  Bytes x() const;
  Bytes y() const;
  nlohmann::json public_jwk() const;         // {"kty":"EC","crv":"P-256","x":…,"y":…}
  Bytes sign_es256(ByteSpan message) const;  // raw r||s, 64 bytes

 private:
  PkeyPtr key_;
};

struct TestIssuer {
  TestKey key;
  X509Ptr cert;

  // A self-signed P-256 issuer certificate (also usable as a CA: CA:TRUE, keyCertSign).
  static TestIssuer self_signed(const std::string& common_name, std::time_t not_before,
                                std::time_t not_after);
  // A leaf issuer certificate signed by `ca`.
  static TestIssuer issued_by(const TestIssuer& ca, const std::string& common_name,
                              std::time_t not_before, std::time_t not_after);
  Bytes cert_der() const;
  std::string cert_pem() const;
};

struct PidData {
  std::string given_name = "Erika";
  std::string family_name = "Mustermann";
  std::string birthdate = "1964-08-12";
  std::vector<std::string> nationalities = {"DE"};
  bool age_over_18 = true;
  std::optional<std::string> document_number = "T22000129";
};

struct SdJwtOptions {
  std::int64_t now = 0;  // seconds
  std::string origin;
  std::string nonce;
  std::optional<std::int64_t> exp;     // default now + 30 days
  std::optional<std::int64_t> kb_iat;  // default now
  PidData claims;
  std::set<std::string> withhold;  // claim names the wallet does not disclose ("age_over_18" too)
  std::vector<std::string> extra_certs;  // more x5c entries (standard base64), after the leaf
  bool corrupt_issuer_signature = false;
  std::function<void(nlohmann::json&)> edit_payload;                // before the issuer signs
  std::function<void(std::vector<std::string>&)> edit_disclosures;  // before the holder signs
  std::function<void(nlohmann::json&)> edit_kb_payload;             // before the holder signs
  const TestKey* kb_signer = nullptr;                               // default: the device key
};

// `<issuer JWT>~<disclosures>~<KB-JWT>`.
std::string make_sd_jwt(const TestIssuer& issuer, const TestKey& device, const SdJwtOptions& o);

struct MdocOptions {
  std::int64_t now = 0;
  std::string origin;
  std::string nonce;
  std::optional<std::int64_t> valid_from;   // default now - 1 day
  std::optional<std::int64_t> valid_until;  // default now + 30 days
  PidData claims;
  std::set<std::string> withhold;  // element identifiers not presented
  bool corrupt_issuer_signature = false;
  // The presented IssuerSignedItemBytes (tag 24 items), after the issuer signed their digests.
  std::function<void(std::vector<Bytes>&)> edit_items;
  const TestKey* device_signer = nullptr;  // default: the device key
  // org-iso-mdoc only: the origin in the device-signed transcript, when it is not `origin` (the
  // one in the HPKE info) — a response that decrypts but is signed for another page.
  std::optional<std::string> signed_origin;
};

// The CBOR DeviceResponse, and the same as base64url (the vp_token string).
Bytes make_mdoc_bytes(const TestIssuer& issuer, const TestKey& device, const MdocOptions& o);
std::string make_mdoc(const TestIssuer& issuer, const TestKey& device, const MdocOptions& o);

// ISO 18013-7 Annex C (org-iso-mdoc): the wallet's answer on page `o.origin` to the request
// `data` {deviceRequest, encryptionInfo}: {"response": b64url(CBOR ["dcapi", {enc, cipherText}])},
// the DeviceResponse signed over the dcapi SessionTranscript and HPKE-sealed (info = that
// transcript) to the request's recipientPublicKey. `o.nonce` is not used: the nonce travels
// inside encryptionInfo. `edit_sealed` tampers with the CBOR EncryptedResponse before encoding.
nlohmann::json make_iso_mdoc_response(const TestIssuer& issuer, const TestKey& device,
                                      const MdocOptions& o, const nlohmann::json& request,
                                      const std::function<void(Bytes&)>& edit_sealed = nullptr);

// One IssuerSignedItemBytes: tag 24 bstr({digestID, random, elementIdentifier, elementValue}).
Bytes issuer_signed_item(std::uint64_t digest_id, const Bytes& random, const std::string& name,
                         const Bytes& value_cbor);

// RFC 3339 "YYYY-MM-DDTHH:MM:SSZ".
std::string rfc3339(std::int64_t seconds);

}  // namespace idv::demo::wallet::testing
