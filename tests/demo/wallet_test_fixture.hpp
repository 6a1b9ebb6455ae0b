#pragma once
// Shared setup of the wallet verifier tests: one trusted issuer, one stranger, a device key, and
// a request (origin, nonce) at a fixed time.
#include <gtest/gtest.h>

#include <chrono>

#include "service/wallet/trust_list.hpp"
#include "service/wallet/wallet_result.hpp"
#include "wallet_test_issuer.hpp"

namespace idv::demo::wallet::testing {

class WalletTest : public ::testing::Test {
 protected:
  using Clock = std::chrono::system_clock;
  static constexpr std::int64_t kNow = 1772366400;  // 2026-03-01T12:00:00Z
  static constexpr std::int64_t kDay = 86400;

  WalletTest()
      : issuer(TestIssuer::self_signed("Test PID Issuer", kNow - 365 * kDay, kNow + 365 * kDay)),
        stranger(TestIssuer::self_signed("Someone Else", kNow - 365 * kDay, kNow + 365 * kDay)),
        device(TestKey::generate()) {
    EXPECT_TRUE(trust.add_pem(issuer.cert_pem()));
  }

  static Clock::time_point at(std::int64_t seconds) {
    return Clock::time_point{std::chrono::seconds{seconds}};
  }
  static Clock::time_point now() { return at(kNow); }

  SdJwtOptions sd_jwt_options() const {
    SdJwtOptions o;
    o.now = kNow;
    o.origin = origin;
    o.nonce = nonce;
    return o;
  }
  MdocOptions mdoc_options() const {
    MdocOptions o;
    o.now = kNow;
    o.origin = origin;
    o.nonce = nonce;
    return o;
  }

  const std::string origin = "https://shop.example";
  const std::string nonce = "n-0S6_WzA2Mj8Zx6p3Jq2xPbQ1cQpYrE6fX9ZkLwT0A";
  TestIssuer issuer;
  TestIssuer stranger;
  TestKey device;
  TrustList trust;
};

// "wallet_…" of a failed result, or "ok".
inline std::string code_of(const WalletResult& r) {
  return r.ok() ? "ok" : std::string(error_code(r.failure.error));
}

}  // namespace idv::demo::wallet::testing
