// The org-iso-mdoc protocol (ISO 18013-7 Annex C): the request `data` the service sends, and the
// HPKE-sealed DeviceResponse the test wallet answers with, each tampering rejected with its code.
#include <gtest/gtest.h>

#include <openssl/rand.h>

#include "service/wallet/base64url.hpp"
#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/hpke.hpp"
#include "service/wallet/iso_mdoc_request.hpp"
#include "service/wallet/iso_mdoc_verifier.hpp"
#include "service/wallet/p256_keys.hpp"
#include "wallet_test_cbor.hpp"
#include "wallet_test_fixture.hpp"

namespace idv::demo::wallet::testing {
namespace {

using nlohmann::json;

struct Request {
  PkeyPtr key;
  Bytes nonce = Bytes(32);
  json data;
};

Request open_request() {
  Request r;
  r.key = new_recipient_key();
  EXPECT_EQ(RAND_bytes(r.nonce.data(), static_cast<int>(r.nonce.size())), 1);
  r.data = iso_mdoc_request(r.nonce, r.key.get()).value_or(json());
  return r;
}

class IsoMdocTest : public WalletTest {
 protected:
  WalletResult verify(const json& response) const {
    return verify_iso_mdoc_response(response, request.data.at("encryptionInfo").get<std::string>(),
                                    origin, recipient_key_bytes(request.key.get()), now(), trust);
  }
  json answer(const MdocOptions& o, const std::function<void(Bytes&)>& edit = nullptr) const {
    return make_iso_mdoc_response(issuer, device, o, request.data, edit);
  }
  WalletResult verify(const MdocOptions& o) const { return verify(answer(o)); }

  Request request = open_request();
};

CborItem decoded(const json& data, const char* field, Bytes& storage) {
  storage = base64url_decode(data.at(field).get<std::string>()).value_or(Bytes{});
  auto item = cbor_decode(storage);
  EXPECT_TRUE(item.has_value()) << field;
  return item.value_or(CborItem{});
}

TEST_F(IsoMdocTest, RequestCarriesTheItemsNonceAndRecipientKey) {
  ASSERT_TRUE(request.data.is_object());
  EXPECT_EQ(request.data.size(), 2u);
  Bytes storage;
  const CborItem req = decoded(request.data, "deviceRequest", storage);
  ASSERT_TRUE(req.find("version") && req.find("version")->is_text("1.0"));
  const CborItem* doc_requests = req.find("docRequests");
  ASSERT_TRUE(doc_requests && doc_requests->items.size() == 1);
  EXPECT_EQ(doc_requests->items[0].find("readerAuth"), nullptr);
  const CborItem* tagged = doc_requests->items[0].find("itemsRequest");
  ASSERT_TRUE(tagged && tagged->is_tag(24));
  const auto items = cbor_decode(tagged->items[0].content);
  ASSERT_TRUE(items && items->find("docType")->is_text("org.iso.18013.5.1.mDL"));
  const CborItem* ns = items->find("nameSpaces")->find("org.iso.18013.5.1");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(ns->map_size(), 6u);
  for (const char* name : {"given_name", "family_name", "birth_date", "nationality",
                           "document_number", "age_over_18"}) {
    ASSERT_NE(ns->find(name), nullptr) << name;
    EXPECT_EQ(ns->find(name)->value, 20u) << name;  // IntentToRetain: false
  }

  Bytes storage2;
  const CborItem info = decoded(request.data, "encryptionInfo", storage2);
  ASSERT_EQ(info.items.size(), 2u);
  EXPECT_TRUE(info.items[0].is_text("dcapi"));
  const CborItem* sent_nonce = info.items[1].find("nonce");
  ASSERT_NE(sent_nonce, nullptr);
  EXPECT_EQ(Bytes(sent_nonce->content.begin(), sent_nonce->content.end()), request.nonce);
  const CborItem* key = info.items[1].find("recipientPublicKey");
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->find(std::int64_t{1})->integer(), 2);
  EXPECT_EQ(key->find(std::int64_t{-1})->integer(), 1);
  Bytes point{0x04};
  point.insert(point.end(), key->find(std::int64_t{-2})->content.begin(),
               key->find(std::int64_t{-2})->content.end());
  point.insert(point.end(), key->find(std::int64_t{-3})->content.begin(),
               key->find(std::int64_t{-3})->content.end());
  EXPECT_EQ(point, p256_public_point(request.key.get()));
}

TEST_F(IsoMdocTest, RequestNeedsA32ByteNonceAndAKey) {
  EXPECT_FALSE(iso_mdoc_request(Bytes(16, 1), request.key.get()));
  EXPECT_FALSE(iso_mdoc_request(Bytes(32, 1), nullptr));
}

TEST_F(IsoMdocTest, RecipientKeyRoundTripsThroughItsStoredBytes) {
  const Bytes stored = recipient_key_bytes(request.key.get());
  ASSERT_EQ(stored.size(), 32u);
  const auto back = recipient_key_from_bytes(stored);
  ASSERT_TRUE(back);
  EXPECT_EQ(p256_public_point(back.get()), p256_public_point(request.key.get()));
  EXPECT_FALSE(recipient_key_from_bytes(Bytes(32, 0)));
}

TEST_F(IsoMdocTest, ValidResponseYieldsTheClaims) {
  const auto r = verify(mdoc_options());
  ASSERT_TRUE(r.ok()) << r.failure.message;
  EXPECT_EQ(r.claims->format, "mso_mdoc");
  EXPECT_EQ(r.claims->given_name, "Erika");
  EXPECT_EQ(r.claims->family_name, "Mustermann");
  EXPECT_EQ(r.claims->birthdate, "1964-08-12");
  EXPECT_EQ(r.claims->nationalities, std::vector<std::string>{"DE"});
  EXPECT_EQ(r.claims->age_over_18, true);
  EXPECT_EQ(r.claims->document_number, "T22000129");
}

TEST_F(IsoMdocTest, ChangedElementIsADigestMismatch) {
  auto o = mdoc_options();
  o.edit_items = [](std::vector<Bytes>& items) {
    items[0] = issuer_signed_item(0, Bytes(16, 7), "given_name", cbor::text("Mallory"));
  };
  EXPECT_EQ(code_of(verify(o)), "wallet_digest_mismatch");
}

TEST_F(IsoMdocTest, DroppedRequiredElementIsMissing) {
  auto o = mdoc_options();
  o.withhold = {"family_name"};
  EXPECT_EQ(code_of(verify(o)), "wallet_missing_claims");
}

TEST_F(IsoMdocTest, ExpiredIsRejected) {
  auto o = mdoc_options();
  o.valid_until = kNow - 1;
  EXPECT_EQ(code_of(verify(o)), "wallet_expired");
}

TEST_F(IsoMdocTest, UntrustedIssuerIsRejected) {
  EXPECT_EQ(code_of(verify(make_iso_mdoc_response(stranger, device, mdoc_options(), request.data))),
            "wallet_untrusted_issuer");
}

TEST_F(IsoMdocTest, BadIssuerSignatureIsRejected) {
  auto o = mdoc_options();
  o.corrupt_issuer_signature = true;
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_issuer_signature");
}

TEST_F(IsoMdocTest, DeviceSignatureByAnotherKeyIsRejected) {
  const auto thief = TestKey::generate();
  auto o = mdoc_options();
  o.device_signer = &thief;
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_device_signature");
}

// A wallet on another page: the HPKE info (the transcript) differs, nothing decrypts.
TEST_F(IsoMdocTest, WrongOriginDoesNotDecrypt) {
  auto o = mdoc_options();
  o.origin = "https://evil.example";
  const auto r = verify(o);
  EXPECT_EQ(code_of(r), "wallet_malformed");
  EXPECT_NE(r.failure.message.find("decrypt"), std::string::npos) << r.failure.message;
}

// Sealed for this page, but the device signed a transcript with another origin.
TEST_F(IsoMdocTest, DeviceSignatureOverAnotherTranscriptIsRejected) {
  auto o = mdoc_options();
  o.signed_origin = "https://evil.example";
  EXPECT_EQ(code_of(verify(o)), "wallet_bad_device_signature");
}

// The answer to another request (its key, its nonce in encryptionInfo) cannot be opened here.
TEST_F(IsoMdocTest, ResponseSealedForAnotherRequestDoesNotDecrypt) {
  const Request other = open_request();
  const json response = make_iso_mdoc_response(issuer, device, mdoc_options(), other.data);
  EXPECT_EQ(code_of(verify(response)), "wallet_malformed");
  // Even the right encryptionInfo string with the other request's key does not open it.
  EXPECT_EQ(code_of(verify_iso_mdoc_response(
                answer(mdoc_options()), request.data.at("encryptionInfo").get<std::string>(),
                origin, recipient_key_bytes(other.key.get()), now(), trust)),
            "wallet_malformed");
}

TEST_F(IsoMdocTest, TamperedEnvelopeIsMalformed) {
  using namespace cbor;
  // A flipped byte at the end of the EncryptedResponse: the GCM tag.
  EXPECT_EQ(code_of(verify(answer(mdoc_options(), [](Bytes& b) { b.back() ^= 0x01; }))),
            "wallet_malformed");
  const json sealed = answer(mdoc_options());
  const Bytes envelope = *base64url_decode(sealed.at("response").get<std::string>());
  for (std::size_t n = 0; n < envelope.size(); n += 7) {
    Bytes bad = envelope;
    bad[n] ^= 0x55;
    ASSERT_EQ(code_of(verify(json{{"response", base64url_encode(bad)}})), "wallet_malformed") << n;
  }
  // Properly sealed, but the plaintext is not a DeviceResponse.
  const auto recipient = p256_public_key_from_point(p256_public_point(request.key.get()));
  const auto transcript_free = hpke::seal(recipient.get(), {}, {}, text("hello"));
  ASSERT_TRUE(transcript_free);
  EXPECT_EQ(
      code_of(verify(json{
          {"response", base64url_encode(array(
                           {text("dcapi"),
                            map({{text("enc"), bytes(transcript_free->enc)},
                                 {text("cipherText"), bytes(transcript_free->ciphertext)}})}))}})),
      "wallet_malformed");
}

TEST_F(IsoMdocTest, GarbageIsMalformed) {
  using namespace cbor;
  const Bytes enc = p256_public_point(request.key.get());
  const std::vector<json> garbage = {
      json(),
      json("response"),
      json::array(),
      json::object(),
      json{{"response", 42}},
      json{{"response", ""}},
      json{{"response", "!!!"}},
      json{{"response", base64url_encode(text("dcapi"))}},
      json{{"response", base64url_encode(array({text("dcapi")}))}},
      json{{"response",
            base64url_encode(array(
                {text("openid4vp"),
                 map({{text("enc"), bytes(enc)}, {text("cipherText"), bytes(Bytes(40, 1))}})}))}},
      json{{"response", base64url_encode(array(
                            {text("dcapi"), map({{text("enc"), bytes(Bytes(65, 4))},
                                                 {text("cipherText"), bytes(Bytes(40, 1))}})}))}},
      json{{"response",
            base64url_encode(array({text("dcapi"), map({{text("enc"), bytes(enc)},
                                                        {text("cipherText"), bytes({})}})}))}},
      json{{"response", base64url_encode(array({text("dcapi"), map({{text("enc"), text("x")}})}))}},
  };
  for (const auto& data : garbage) {
    EXPECT_EQ(code_of(verify(data)), "wallet_malformed") << data.dump();
  }
  // A stored key that is not a key.
  EXPECT_EQ(code_of(verify_iso_mdoc_response(answer(mdoc_options()),
                                             request.data.at("encryptionInfo").get<std::string>(),
                                             origin, Bytes(32, 0), now(), trust)),
            "wallet_malformed");
}

}  // namespace
}  // namespace idv::demo::wallet::testing
