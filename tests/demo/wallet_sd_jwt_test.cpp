// The SD-JWT VC (EU PID) verifier against genuine presentations from the test wallet, and each
// tampering rejected with its own code.
#include <gtest/gtest.h>

#include "service/wallet/base64url.hpp"
#include "service/wallet/sd_jwt_verifier.hpp"
#include "wallet_test_fixture.hpp"

namespace idv::demo::wallet::testing {
namespace {

using nlohmann::json;

class SdJwtTest : public WalletTest {
 protected:
  WalletResult verify(const std::string& presentation) const {
    return verify_sd_jwt(presentation, origin, nonce, now(), trust);
  }
  WalletResult verify(const SdJwtOptions& o) const {
    return verify(make_sd_jwt(issuer, device, o));
  }
};

TEST_F(SdJwtTest, ValidPresentationYieldsTheClaims) {
  const auto r = verify(sd_jwt_options());
  ASSERT_TRUE(r.ok()) << r.failure.message;
  EXPECT_EQ(r.claims->format, "dc+sd-jwt");
  EXPECT_EQ(r.claims->given_name, "Erika");
  EXPECT_EQ(r.claims->family_name, "Mustermann");
  EXPECT_EQ(r.claims->birthdate, "1964-08-12");
  EXPECT_EQ(r.claims->nationalities, std::vector<std::string>{"DE"});
  EXPECT_EQ(r.claims->age_over_18, true);
  EXPECT_EQ(r.claims->document_number, "T22000129");
  EXPECT_EQ(r.claims->credential_id, "T22000129");
}

TEST_F(SdJwtTest, OptionalClaimsMayBeWithheldAndTheIdFallsBackToTheJwtHash) {
  auto o = sd_jwt_options();
  o.withhold = {"nationalities", "age_over_18", "document_number"};
  const auto presentation = make_sd_jwt(issuer, device, o);
  const auto r = verify(presentation);
  ASSERT_TRUE(r.ok()) << r.failure.message;
  EXPECT_TRUE(r.claims->nationalities.empty());
  EXPECT_FALSE(r.claims->age_over_18.has_value());
  EXPECT_FALSE(r.claims->document_number.has_value());
  const auto jwt = presentation.substr(0, presentation.find('~'));
  EXPECT_EQ(r.claims->credential_id, base64url_encode(sha256(jwt)));
}

TEST_F(SdJwtTest, AcceptsAnIssuerCertifiedByATrustedCa) {
  const auto ca = TestIssuer::self_signed("PID CA", kNow - kDay, kNow + 365 * kDay);
  const auto leaf = TestIssuer::issued_by(ca, "PID Issuer 7", kNow - kDay, kNow + 30 * kDay);
  TrustList ca_only;
  ASSERT_TRUE(ca_only.add_pem(ca.cert_pem()));
  const auto presentation = make_sd_jwt(leaf, device, sd_jwt_options());
  EXPECT_EQ(code_of(verify_sd_jwt(presentation, origin, nonce, now(), ca_only)), "ok");
  // Certificate dates are checked at the given time: once the leaf expired, no more trust.
  EXPECT_EQ(code_of(verify_sd_jwt(presentation, origin, nonce, at(kNow + 31 * kDay), ca_only)),
            "wallet_untrusted_issuer");
}

TEST_F(SdJwtTest, AcceptsAnIssuerKeyTrustedAsJwk) {
  TrustList keys;
  ASSERT_TRUE(keys.add_jwk(stranger.key.public_jwk().dump()));
  const auto presentation = make_sd_jwt(stranger, device, sd_jwt_options());
  EXPECT_EQ(code_of(verify_sd_jwt(presentation, origin, nonce, now(), keys)), "ok");
}

TEST_F(SdJwtTest, ChangedClaimIsADigestMismatch) {
  auto o = sd_jwt_options();
  // The holder rewrites the given name (same salt) and signs the key binding over it.
  o.edit_disclosures = [](std::vector<std::string>& ds) {
    auto array = json::parse(*base64url_decode(ds[0]));
    ASSERT_EQ(array[1], "given_name");
    array[2] = "Mallory";
    ds[0] = base64url_encode(array.dump());
  };
  EXPECT_EQ(code_of(verify(o)), "wallet_digest_mismatch");
}

TEST_F(SdJwtTest, DisclosureStrippedAfterKeyBindingIsADigestMismatch) {
  auto presentation = make_sd_jwt(issuer, device, sd_jwt_options());
  // Remove the second disclosure (family_name) from the finished presentation: sd_hash breaks.
  const auto first = presentation.find('~');
  const auto second = presentation.find('~', first + 1);
  const auto third = presentation.find('~', second + 1);
  presentation.erase(second + 1, third - second);
  EXPECT_EQ(code_of(verify(presentation)), "wallet_digest_mismatch");
}

TEST_F(SdJwtTest, WithheldRequiredClaimIsMissing) {
  for (const char* name : {"given_name", "family_name", "birthdate"}) {
    auto o = sd_jwt_options();
    o.withhold = {name};
    EXPECT_EQ(code_of(verify(o)), "wallet_missing_claims") << name;
  }
}

TEST_F(SdJwtTest, WrongNonceIsRejected) {
  auto o = sd_jwt_options();
  o.nonce = "another-nonce-from-another-request-000000000";
  EXPECT_EQ(code_of(verify(o)), "wallet_nonce_mismatch");
}

TEST_F(SdJwtTest, WrongOriginIsRejected) {
  auto o = sd_jwt_options();
  o.origin = "https://evil.example";
  EXPECT_EQ(code_of(verify(o)), "wallet_audience_mismatch");
  o.origin = origin;
  o.edit_kb_payload = [&](json& kb) { kb["aud"] = origin; };  // without the "origin:" prefix
  EXPECT_EQ(code_of(verify(o)), "wallet_audience_mismatch");
}

TEST_F(SdJwtTest, ExpiredCredentialIsRejected) {
  auto o = sd_jwt_options();
  o.exp = kNow - 61;
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
  o.exp = kNow - 59;  // within the 60 s skew
  EXPECT_EQ(code_of(verify(o)), "ok");
  o.exp.reset();
  o.edit_payload = [](json& p) { p["nbf"] = kNow + 3600; };
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
}

TEST_F(SdJwtTest, StaleKeyBindingIsRejected) {
  auto o = sd_jwt_options();
  o.kb_iat = kNow - 301;
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
  o.kb_iat = kNow + 61;
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
}

TEST_F(SdJwtTest, UntrustedIssuerIsRejected) {
  const auto presentation = make_sd_jwt(stranger, device, sd_jwt_options());
  EXPECT_EQ(code_of(verify(presentation)), "wallet_untrusted_issuer");
}

TEST_F(SdJwtTest, TrustedIssuerOutsideItsCertificateDatesIsUntrusted) {
  const auto presentation = make_sd_jwt(issuer, device, sd_jwt_options());
  EXPECT_EQ(code_of(verify_sd_jwt(presentation, origin, nonce, at(kNow + 400 * kDay), trust)),
            "wallet_untrusted_issuer");
}

TEST_F(SdJwtTest, BadIssuerSignatureIsRejected) {
  auto o = sd_jwt_options();
  o.corrupt_issuer_signature = true;
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_issuer_signature");
  // A payload changed after signing (here: another device key) breaks the signature too.
  auto presentation = make_sd_jwt(issuer, device, sd_jwt_options());
  const auto dot1 = presentation.find('.');
  const auto dot2 = presentation.find('.', dot1 + 1);
  auto payload = json::parse(*base64url_decode(presentation.substr(dot1 + 1, dot2 - dot1 - 1)));
  payload["cnf"]["jwk"] = TestKey::generate().public_jwk();
  presentation.replace(dot1 + 1, dot2 - dot1 - 1, base64url_encode(payload.dump()));
  EXPECT_EQ(code_of(verify(presentation)), "wallet_bad_issuer_signature");
}

TEST_F(SdJwtTest, KeyBindingByAnotherKeyIsABadDeviceSignature) {
  const auto thief = TestKey::generate();
  auto o = sd_jwt_options();
  o.kb_signer = &thief;
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_device_signature");
}

TEST_F(SdJwtTest, RepeatedOrForeignDisclosuresAreRejected) {
  auto o = sd_jwt_options();
  o.edit_disclosures = [](std::vector<std::string>& ds) { ds.push_back(ds[0]); };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_disclosures = [](std::vector<std::string>& ds) {
    ds.push_back(base64url_encode(json::array({"c2FsdA", "email", "x@y.z"}).dump()));
  };
  EXPECT_EQ(code_of(verify(o)), "wallet_digest_mismatch");
}

TEST_F(SdJwtTest, ClaimNamedTwiceIsRejected) {
  auto o = sd_jwt_options();
  o.edit_payload = [](json& p) { p["given_name"] = "Plain"; };  // and disclosed as well
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
}

TEST_F(SdJwtTest, WrongTypesAreMalformed) {
  auto o = sd_jwt_options();
  o.edit_payload = [](json& p) { p["vct"] = "urn:other"; };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_payload = [](json& p) { p["_sd"] = "not-an-array"; };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_payload = [](json& p) { p["cnf"]["jwk"]["crv"] = "P-384"; };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_payload = [](json& p) { p.erase("exp"); };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_payload = nullptr;
  o.claims.birthdate = "12.08.1964";
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.claims.birthdate = "1964-08-12";
  o.claims.nationalities = {"Germany"};
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.claims.nationalities = {"DE"};
  o.edit_kb_payload = [](json& kb) { kb["nonce"] = 42; };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
}

TEST_F(SdJwtTest, GarbageNeverCrashes) {
  const auto good = make_sd_jwt(issuer, device, sd_jwt_options());
  for (const std::string& s :
       {std::string(), std::string("~"), std::string("~~~"), std::string("a.b.c~"),
        std::string("a.b.c~d~"), std::string("!!!.@@@.###~x~y.z.w"),
        good.substr(0, good.size() / 2), good.substr(0, good.rfind('~') + 1), good + "~",
        std::string("\0\xff~", 3)}) {
    EXPECT_EQ(code_of(verify(s)), "wallet_malformed") << s.substr(0, 40);
  }
  // Every truncation of a genuine presentation fails cleanly.
  for (std::size_t n = 0; n < good.size(); n += 7) {
    EXPECT_FALSE(verify(good.substr(0, n)).ok());
  }
}

}  // namespace
}  // namespace idv::demo::wallet::testing
