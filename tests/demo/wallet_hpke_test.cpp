// HPKE (RFC 9180) mode_base, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-128-GCM, against the
// RFC's own test vectors (Appendix A.3.1), and a seal/open round trip that must not open under
// any other key, info, aad or ciphertext.
#include <gtest/gtest.h>

#include <string>

#include "service/wallet/hpke.hpp"
#include "service/wallet/p256_keys.hpp"

namespace idv::demo::wallet::testing {
namespace {

Bytes hex(const std::string& text) {
  Bytes out;
  for (std::size_t k = 0; k + 1 < text.size(); k += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(text.substr(k, 2), nullptr, 16)));
  }
  return out;
}

// RFC 9180 Appendix A.3.1 (mode_base, kem 0x0010, kdf 0x0001, aead 0x0001).
struct A31 {
  const Bytes info = hex("4f6465206f6e2061204772656369616e2055726e");
  const Bytes skEm = hex("4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb");
  const Bytes pkEm = hex(
      "04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac98536d7b61a1af4b78e5b7f951c"
      "0900be863c403ce65c9bfcb9382657222d18c4");
  const Bytes skRm = hex("f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2");
  const Bytes pkRm = hex(
      "04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a826a779b4cf969b8a0e539c7f62f"
      "b3d30ad6aa8f80e30f1d128aafd68a2ce72ea0");
  const Bytes enc = pkEm;
  const Bytes shared_secret =
      hex("c0d26aeab536609a572b07695d933b589dcf363ff9d93c93adea537aeabb8cb8");
  const Bytes key = hex("868c066ef58aae6dc589b6cfdd18f97e");
  const Bytes base_nonce = hex("4e0bc5018beba4bf004cca59");
  // The first encryption (sequence number 0).
  const Bytes pt = hex("4265617574792069732074727574682c20747275746820626561757479");
  const Bytes aad = hex("436f756e742d30");
  const Bytes ct = hex(
      "5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434");
};

TEST(Hpke, Rfc9180A31KeysDeserialise) {
  const A31 v;
  const auto skE = p256_private_key(v.skEm);
  const auto skR = p256_private_key(v.skRm);
  ASSERT_TRUE(skE && skR);
  EXPECT_EQ(p256_public_point(skE.get()), v.pkEm);
  EXPECT_EQ(p256_public_point(skR.get()), v.pkRm);
  EXPECT_EQ(p256_private_scalar(skR.get()), v.skRm);
}

TEST(Hpke, Rfc9180A31SharedSecretAndKeySchedule) {
  const A31 v;
  const auto skE = p256_private_key(v.skEm);
  const auto skR = p256_private_key(v.skRm);
  const auto pkE = p256_public_key_from_point(v.pkEm);
  const auto pkR = p256_public_key_from_point(v.pkRm);
  ASSERT_TRUE(skE && skR && pkE && pkR);
  // Encap (sender) and Decap (recipient) agree on the vector's shared secret.
  EXPECT_EQ(hpke::detail::shared_secret(skE.get(), pkR.get(), v.enc, v.pkRm), v.shared_secret);
  EXPECT_EQ(hpke::detail::shared_secret(skR.get(), pkE.get(), v.enc, v.pkRm), v.shared_secret);
  const auto ks = hpke::detail::key_schedule(v.shared_secret, v.info);
  EXPECT_EQ(ks.key, v.key);
  EXPECT_EQ(ks.base_nonce, v.base_nonce);
}

TEST(Hpke, Rfc9180A31SealWithTheVectorsEphemeralKey) {
  const A31 v;
  const auto skE = p256_private_key(v.skEm);
  const auto pkR = p256_public_key_from_point(v.pkRm);
  ASSERT_TRUE(skE && pkR);
  const auto sealed = hpke::seal(pkR.get(), v.info, v.aad, v.pt, skE.get());
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->enc, v.enc);
  EXPECT_EQ(sealed->ciphertext, v.ct);
}

TEST(Hpke, Rfc9180A31Open) {
  const A31 v;
  const auto skR = p256_private_key(v.skRm);
  ASSERT_TRUE(skR);
  const auto pt = hpke::open(skR.get(), v.enc, v.info, v.aad, v.ct);
  ASSERT_TRUE(pt.has_value());
  EXPECT_EQ(*pt, v.pt);
}

TEST(Hpke, RoundTripOpensOnlyWithTheSameKeyInfoAadAndCiphertext) {
  const auto recipient = p256_generate();
  const auto other = p256_generate();
  ASSERT_TRUE(recipient && other);
  const Bytes info = {'t', 'r', 'a', 'n', 's'}, aad = {'a'}, pt(300, 0x42);
  const auto sealed = hpke::seal(recipient.get(), info, aad, pt);
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->enc.size(), 65u);
  EXPECT_EQ(sealed->ciphertext.size(), pt.size() + 16);
  EXPECT_EQ(hpke::open(recipient.get(), sealed->enc, info, aad, sealed->ciphertext), pt);

  EXPECT_FALSE(hpke::open(other.get(), sealed->enc, info, aad, sealed->ciphertext));
  EXPECT_FALSE(hpke::open(recipient.get(), sealed->enc, Bytes{'x'}, aad, sealed->ciphertext));
  EXPECT_FALSE(hpke::open(recipient.get(), sealed->enc, info, {}, sealed->ciphertext));
  for (std::size_t n : {std::size_t{0}, pt.size() / 2, sealed->ciphertext.size() - 1}) {
    Bytes flipped = sealed->ciphertext;
    flipped[n] ^= 0x01;
    EXPECT_FALSE(hpke::open(recipient.get(), sealed->enc, info, aad, flipped)) << n;
  }
  const Bytes truncated(sealed->ciphertext.begin(), sealed->ciphertext.end() - 1);
  EXPECT_FALSE(hpke::open(recipient.get(), sealed->enc, info, aad, truncated));
  EXPECT_FALSE(hpke::open(recipient.get(), sealed->enc, info, aad, Bytes(15, 0)));
  // Another ephemeral point (still on the curve), an off-curve point, a wrong encoding.
  EXPECT_FALSE(
      hpke::open(recipient.get(), p256_public_point(other.get()), info, aad, sealed->ciphertext));
  Bytes off_curve = sealed->enc;
  off_curve[64] ^= 0x01;
  EXPECT_FALSE(hpke::open(recipient.get(), off_curve, info, aad, sealed->ciphertext));
  EXPECT_FALSE(hpke::open(recipient.get(), Bytes(sealed->enc.begin(), sealed->enc.begin() + 33),
                          info, aad, sealed->ciphertext));
}

TEST(Hpke, EmptyPlaintextRoundTrips) {
  const auto recipient = p256_generate();
  const auto sealed = hpke::seal(recipient.get(), {}, {}, {});
  ASSERT_TRUE(sealed.has_value());
  EXPECT_EQ(sealed->ciphertext.size(), 16u);
  EXPECT_EQ(hpke::open(recipient.get(), sealed->enc, {}, {}, sealed->ciphertext), Bytes{});
}

TEST(P256Keys, ScalarsOutsideTheGroupAreRefused) {
  EXPECT_FALSE(p256_private_key(Bytes(32, 0)));
  EXPECT_FALSE(p256_private_key(Bytes(31, 1)));
  EXPECT_FALSE(p256_private_key(Bytes(32, 0xFF)));  // above the group order n
  // n itself (FIPS 186-4 D.1.2.3) is refused, n - 1 is the largest valid scalar.
  EXPECT_FALSE(
      p256_private_key(hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")));
  EXPECT_TRUE(
      p256_private_key(hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550")));
  EXPECT_FALSE(p256_public_key_from_point(Bytes(65, 0)));
}

}  // namespace
}  // namespace idv::demo::wallet::testing
