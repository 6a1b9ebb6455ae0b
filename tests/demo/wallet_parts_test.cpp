// The wallet verifier's building blocks: request, base64url, CBOR reader, RFC 3339 dates, trust
// folder, and the vp_token dispatch.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "service/wallet/base64url.hpp"
#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/rfc3339.hpp"
#include "service/wallet/verify_presentation.hpp"
#include "service/wallet/wallet_request.hpp"
#include "wallet_test_cbor.hpp"
#include "wallet_test_fixture.hpp"

namespace idv::demo::wallet::testing {
namespace {

using nlohmann::json;

// {"vp_token": {id: list}}
json vp(const std::string& id, json list) {
  json token = json::object();
  token[id] = std::move(list);
  return json{{"vp_token", token}};
}

TEST(WalletRequest, NonceIs32FreshRandomBytes) {
  const auto a = new_wallet_nonce(), b = new_wallet_nonce();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  ASSERT_TRUE(base64url_decode(a).has_value());
  EXPECT_EQ(base64url_decode(a)->size(), 32u);
}

TEST(WalletRequest, DataIsExactlyTheDocumentedRequest) {
  // docs/wallet.md, "The request".
  const auto expected = json::parse(R"({
    "response_type": "vp_token", "response_mode": "dc_api", "nonce": "N",
    "dcql_query": {
      "credentials": [
        { "id": "pid", "format": "dc+sd-jwt", "meta": { "vct_values": ["urn:eudi:pid:1"] },
          "claims": [ {"path": ["given_name"]}, {"path": ["family_name"]}, {"path": ["birthdate"]},
                      {"path": ["nationalities"]}, {"path": ["age_equal_or_over", "18"]},
                      {"path": ["document_number"]} ] },
        { "id": "mdl", "format": "mso_mdoc", "meta": { "doctype_value": "org.iso.18013.5.1.mDL" },
          "claims": [ {"path": ["org.iso.18013.5.1", "given_name"]},
                      {"path": ["org.iso.18013.5.1", "family_name"]},
                      {"path": ["org.iso.18013.5.1", "birth_date"]},
                      {"path": ["org.iso.18013.5.1", "nationality"]},
                      {"path": ["org.iso.18013.5.1", "document_number"]},
                      {"path": ["org.iso.18013.5.1", "age_over_18"]} ] } ],
      "credential_sets": [ { "options": [ ["pid"], ["mdl"] ] } ] },
    "client_metadata": { "vp_formats_supported": {
      "dc+sd-jwt": { "sd-jwt_alg_values": ["ES256"], "kb-jwt_alg_values": ["ES256"] },
      "mso_mdoc": { "issuerauth_alg_values": [-7], "deviceauth_alg_values": [-7] } } } })");
  EXPECT_EQ(wallet_request_data("N"), expected) << wallet_request_data("N").dump(2);
}

TEST(WalletBase64url, IsStrictAndCanonical) {
  EXPECT_EQ(base64url_encode(Bytes{0xfb, 0xff}), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), (Bytes{0xfb, 0xff}));
  EXPECT_FALSE(base64url_decode("-_9").has_value());  // non-zero unused bits
  EXPECT_FALSE(base64url_decode("+/8").has_value());
  EXPECT_FALSE(base64url_decode("-_8=").has_value());
  EXPECT_FALSE(base64url_decode("A").has_value());
  EXPECT_FALSE(base64url_decode("AA AA").has_value());
  EXPECT_TRUE(base64url_decode("").has_value());
}

TEST(WalletCbor, KeepsTheReceivedBytesOfEveryItem) {
  using namespace cbor;
  const Bytes inner = map({{integer(1), integer(-7)}});
  const Bytes data = array({tag(24, bytes(inner)), tag(1004, text("1964-08-12")), null()});
  const auto item = cbor_decode(data);
  ASSERT_TRUE(item.has_value());
  ASSERT_EQ(item->items.size(), 3u);
  const auto& t24 = item->items[0];
  EXPECT_TRUE(t24.is_tag(24));
  EXPECT_EQ(Bytes(t24.encoded.begin(), t24.encoded.end()), tag(24, bytes(inner)));
  EXPECT_EQ(Bytes(t24.items[0].content.begin(), t24.items[0].content.end()), inner);
  EXPECT_TRUE(item->items[1].is_tag(1004));
  EXPECT_EQ(item->items[1].items[0].text(), "1964-08-12");
  EXPECT_TRUE(item->items[2].is_null());
  const auto header = cbor_decode(inner);
  ASSERT_TRUE(header && header->find(std::int64_t{1}));
  EXPECT_EQ(header->find(std::int64_t{1})->integer(), -7);
}

TEST(WalletCbor, RejectsWhatIsNotOneWellFormedItem) {
  using namespace cbor;
  const Bytes ok = map({{text("a"), integer(1)}});
  Bytes trailing = ok;
  trailing.push_back(0x00);
  const std::vector<Bytes> bad = {
      {},
      trailing,
      Bytes(ok.begin(), ok.end() - 1),                          // truncated
      map({{text("a"), integer(1)}, {text("a"), integer(2)}}),  // duplicate key
      {0x9f, 0x01, 0xff},                                       // indefinite array
      {0x62, 0xc3, 0x28},                                       // invalid UTF-8
      {0x1c},                                                   // reserved additional info
      {0x5a, 0xff, 0xff, 0xff, 0xff},                           // length beyond the input
      {0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},   // huge array count
      {0xf8, 0x10},                                             // simple value in two bytes < 32
  };
  for (std::size_t i = 0; i < bad.size(); ++i) EXPECT_FALSE(cbor_decode(bad[i])) << i;
  Bytes deep(1000, 0x81);  // [[[[…]]]]
  deep.push_back(0x00);
  EXPECT_FALSE(cbor_decode(deep));
}

TEST(WalletRfc3339, ParsesTdates) {
  using namespace std::chrono;
  const auto base = sys_days{year{2026} / 3 / 1} + hours{12};
  EXPECT_EQ(parse_rfc3339("2026-03-01T12:00:00Z"), base);
  EXPECT_EQ(parse_rfc3339("2026-03-01T12:00:00.123Z"), base);
  EXPECT_EQ(parse_rfc3339("2026-03-01T14:00:00+02:00"), base);
  EXPECT_EQ(parse_rfc3339("2026-03-01T11:30:00-00:30"), base);
  for (const char* bad :
       {"2026-03-01", "2026-02-30T12:00:00Z", "2026-03-01T12:00:00", "2026-03-01T24:00:00Z",
        "2026-03-01 12:00:00Z", "2026-03-01T12:00:00.Z"}) {
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
  }
  EXPECT_EQ(rfc3339(1772366400), "2026-03-01T12:00:00Z");
}

class WalletTrustFolder : public WalletTest {
 protected:
  WalletTrustFolder() {
    dir = std::filesystem::temp_directory_path() /
          ("idv-wallet-trust-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~WalletTrustFolder() override { std::filesystem::remove_all(dir); }
  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir / name) << content;
  }
  std::filesystem::path dir;
};

TEST_F(WalletTrustFolder, LoadsPemAndJwkFiles) {
  write("issuer.pem", issuer.cert_pem());
  write("stranger.jwk", stranger.key.public_jwk().dump());
  write("README.txt", "ignored");
  std::string error;
  const auto list = TrustList::load(dir, error);
  ASSERT_TRUE(list.has_value()) << error;
  EXPECT_EQ(code_of(verify_presentation(
                vp("pid", json::array({make_sd_jwt(stranger, device, sd_jwt_options())})), origin,
                nonce, now(), *list)),
            "ok");
  const auto other = TestIssuer::self_signed("Other", kNow - kDay, kNow + kDay);
  EXPECT_EQ(code_of(verify_presentation(
                vp("mdl", json::array({make_mdoc(other, device, mdoc_options())})), origin, nonce,
                now(), *list)),
            "wallet_untrusted_issuer");
}

TEST_F(WalletTrustFolder, ExplainsWhatCannotBeLoaded) {
  std::string error;
  EXPECT_FALSE(TrustList::load(dir, error));
  EXPECT_NE(error.find("no *.pem or *.jwk"), std::string::npos) << error;
  write("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  EXPECT_FALSE(TrustList::load(dir, error));
  EXPECT_NE(error.find("broken.pem"), std::string::npos) << error;
  std::filesystem::remove(dir / "broken.pem");
  write("private.jwk", R"({"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"})");
  EXPECT_FALSE(TrustList::load(dir, error));
  EXPECT_NE(error.find("private.jwk"), std::string::npos) << error;
  std::filesystem::remove(dir / "private.jwk");
  std::filesystem::create_directory(dir / "folder.pem");  // a .pem that is not a readable file
  EXPECT_FALSE(TrustList::load(dir, error));
  EXPECT_NE(error.find("folder.pem"), std::string::npos) << error;
  EXPECT_FALSE(TrustList::load(dir / "absent", error));
  EXPECT_NE(error.find("absent"), std::string::npos) << error;
}

class WalletPresentation : public WalletTest {
 protected:
  WalletResult verify(const json& response) const {
    return verify_presentation(response, origin, nonce, now(), trust);
  }
};

TEST_F(WalletPresentation, DispatchesByCredentialId) {
  const auto pid = make_sd_jwt(issuer, device, sd_jwt_options());
  const auto mdl = make_mdoc(issuer, device, mdoc_options());
  EXPECT_EQ(verify(vp("pid", json::array({pid}))).claims->format, "dc+sd-jwt");
  EXPECT_EQ(verify(vp("mdl", json::array({mdl}))).claims->format, "mso_mdoc");
  const std::string text = vp("pid", json::array({pid})).dump();
  EXPECT_EQ(code_of(verify_presentation_json(text, origin, nonce, now(), trust)), "ok");
  // A presentation under the other id is checked as that format, and fails.
  EXPECT_EQ(code_of(verify(vp("mdl", json::array({pid})))), "wallet_malformed");
}

TEST_F(WalletPresentation, ExactlyOnePresentation) {
  const auto pid = make_sd_jwt(issuer, device, sd_jwt_options());
  const auto mdl = make_mdoc(issuer, device, mdoc_options());
  for (const json& bad :
       {json(nullptr), json::array(), json{{"vp_token", pid}}, json{{"vp_token", json::object()}},
        json{{"vp_token", {{"pid", json::array({pid})}, {"mdl", json::array({mdl})}}}},
        vp("pid", json::array({pid, pid})), vp("pid", json::array()), vp("pid", pid),
        vp("pid", json::array({42})), vp("other", json::array({pid})),
        json{{"pid", json::array({pid})}}}) {
    EXPECT_EQ(code_of(verify(bad)), "wallet_malformed") << bad.dump().substr(0, 60);
  }
  EXPECT_EQ(code_of(verify_presentation_json("{not json", origin, nonce, now(), trust)),
            "wallet_malformed");
}

}  // namespace
}  // namespace idv::demo::wallet::testing
