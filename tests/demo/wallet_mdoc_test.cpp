// The mdoc (mDL) verifier against genuine DeviceResponses from the test wallet, and each
// tampering rejected with its own code.
#include <gtest/gtest.h>

#include "service/wallet/base64url.hpp"
#include "service/wallet/mdoc_verifier.hpp"
#include "wallet_test_cbor.hpp"
#include "wallet_test_fixture.hpp"

namespace idv::demo::wallet::testing {
namespace {

class MdocTest : public WalletTest {
 protected:
  WalletResult verify(const std::string& presentation) const {
    return verify_mdoc(presentation, origin, nonce, now(), trust);
  }
  WalletResult verify(const MdocOptions& o) const { return verify(make_mdoc(issuer, device, o)); }
};

TEST_F(MdocTest, ValidPresentationYieldsTheClaims) {
  const auto r = verify(mdoc_options());
  ASSERT_TRUE(r.ok()) << r.failure.message;
  EXPECT_EQ(r.claims->format, "mso_mdoc");
  EXPECT_EQ(r.claims->given_name, "Erika");
  EXPECT_EQ(r.claims->family_name, "Mustermann");
  EXPECT_EQ(r.claims->birthdate, "1964-08-12");
  EXPECT_EQ(r.claims->nationalities, std::vector<std::string>{"DE"});
  EXPECT_EQ(r.claims->age_over_18, true);
  EXPECT_EQ(r.claims->document_number, "T22000129");
  EXPECT_EQ(r.claims->credential_id, "T22000129");
}

TEST_F(MdocTest, OptionalElementsMayBeWithheld) {
  auto o = mdoc_options();
  o.withhold = {"nationality", "age_over_18", "document_number"};
  const auto r = verify(o);
  ASSERT_TRUE(r.ok()) << r.failure.message;
  EXPECT_TRUE(r.claims->nationalities.empty());
  EXPECT_FALSE(r.claims->age_over_18.has_value());
  EXPECT_EQ(r.claims->credential_id.size(), 43u);  // base64url SHA-256 of the MSO
}

TEST_F(MdocTest, AcceptsAnIssuerCertifiedByATrustedCa) {
  const auto ca = TestIssuer::self_signed("mDL IACA", kNow - kDay, kNow + 365 * kDay);
  const auto leaf = TestIssuer::issued_by(ca, "mDL DS", kNow - kDay, kNow + 30 * kDay);
  TrustList ca_only;
  ASSERT_TRUE(ca_only.add_pem(ca.cert_pem()));
  const auto presentation = make_mdoc(leaf, device, mdoc_options());
  EXPECT_EQ(code_of(verify_mdoc(presentation, origin, nonce, now(), ca_only)), "ok");
}

TEST_F(MdocTest, ChangedElementIsADigestMismatch) {
  auto o = mdoc_options();
  o.edit_items = [](std::vector<Bytes>& items) {
    // Same digestID and random length, another value: the MSO digest no longer matches.
    items[0] = issuer_signed_item(0, Bytes(16, 7), "given_name", cbor::text("Mallory"));
  };
  EXPECT_EQ(code_of(verify(o)), "wallet_digest_mismatch");
  o.edit_items = [](std::vector<Bytes>& items) {
    items.push_back(issuer_signed_item(99, Bytes(16, 7), "age_over_21", cbor::boolean(true)));
  };
  EXPECT_EQ(code_of(verify(o)), "wallet_digest_mismatch");
}

TEST_F(MdocTest, WithheldRequiredElementIsMissing) {
  for (const char* name : {"given_name", "family_name", "birth_date"}) {
    auto o = mdoc_options();
    o.withhold = {name};
    EXPECT_EQ(code_of(verify(o)), "wallet_missing_claims") << name;
  }
}

// The transcript is signed, not sent: another nonce or origin shows as a bad device signature.
TEST_F(MdocTest, WrongNonceOrOriginFailsTheDeviceSignature) {
  auto o = mdoc_options();
  o.nonce = "another-nonce-from-another-request-000000000";
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_device_signature");
  o = mdoc_options();
  o.origin = "https://evil.example";
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_device_signature");
}

TEST_F(MdocTest, ExpiredOrNotYetValidIsRejected) {
  auto o = mdoc_options();
  o.valid_until = kNow - 1;
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
  o = mdoc_options();
  o.valid_from = kNow + 1;
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
}

TEST_F(MdocTest, UntrustedIssuerIsRejected) {
  EXPECT_EQ(code_of(verify(make_mdoc(stranger, device, mdoc_options()))),
            "wallet_untrusted_issuer");
}

TEST_F(MdocTest, BadIssuerSignatureIsRejected) {
  auto o = mdoc_options();
  o.corrupt_issuer_signature = true;
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_issuer_signature");
}

TEST_F(MdocTest, DeviceSignatureByAnotherKeyIsRejected) {
  const auto thief = TestKey::generate();
  auto o = mdoc_options();
  o.device_signer = &thief;
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_device_signature");
}

TEST_F(MdocTest, WrongTypesAreMalformed) {
  auto o = mdoc_options();
  o.edit_items = [](std::vector<Bytes>& items) { items[0] = cbor::text("not an item"); };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_items = [](std::vector<Bytes>& items) {
    items[0] =
        issuer_signed_item(0, Bytes(8, 1), "given_name", cbor::text("Erika"));  // short random
  };
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_items = [](std::vector<Bytes>& items) { items.push_back(items[0]); };  // digestID twice
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  o.edit_items = nullptr;
  o.claims.birthdate = "1964-13-40";
  EXPECT_EQ(code_of(verify(o)), "wallet_malformed");
  // Not a DeviceResponse at all, but valid CBOR.
  using namespace cbor;
  EXPECT_EQ(code_of(verify(base64url_encode(
                map({{text("version"), text("1.0")}, {text("documents"), text("x")}})))),
            "wallet_malformed");
  EXPECT_EQ(code_of(verify(base64url_encode(array({})))), "wallet_malformed");
}

TEST_F(MdocTest, GarbageAndTruncationNeverCrash) {
  for (const std::string& s : {std::string(), std::string("!!!!"), std::string("a"),
                               std::string("AAAA"), std::string("oA"), std::string("-_-_")}) {
    EXPECT_EQ(code_of(verify(s)), "wallet_malformed") << s;
  }
  const Bytes good = make_mdoc_bytes(issuer, device, mdoc_options());
  for (std::size_t n = 0; n < good.size(); ++n) {
    const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    ASSERT_EQ(code_of(verify(base64url_encode(cut))), "wallet_malformed") << n;
  }
  // Flipping any single byte is never accepted, never a crash.
  for (std::size_t n = 0; n < good.size(); ++n) {
    Bytes bad = good;
    bad[n] ^= 0x55;
    ASSERT_FALSE(verify(base64url_encode(bad)).ok()) << n;
  }
}

}  // namespace
}  // namespace idv::demo::wallet::testing
