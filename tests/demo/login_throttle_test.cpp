// The back office's password throttle, on a fake clock.
#include "merchant/login_throttle.hpp"

#include <gtest/gtest.h>

namespace idv::demo {
namespace {

constexpr std::int64_t kT0 = 1'800'000'000'000;

TEST(LoginThrottle, TenWrongPasswordsLockTheAddressForTheRestOfTheWindow) {
  LoginThrottle t(10, 600'000);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(t.wait_s("10.0.0.1", kT0 + i * 1000), 0) << i;
    t.failed("10.0.0.1", kT0 + i * 1000);
  }
  EXPECT_EQ(t.wait_s("10.0.0.1", kT0 + 9000), 0);
  t.failed("10.0.0.1", kT0 + 9000);  // the tenth
  EXPECT_EQ(t.wait_s("10.0.0.1", kT0 + 10'000), 590);
  EXPECT_EQ(t.wait_s("10.0.0.2", kT0 + 10'000), 0) << "other addresses are not affected";
  EXPECT_EQ(t.wait_s("10.0.0.1", kT0 + 599'999), 1);
  EXPECT_EQ(t.wait_s("10.0.0.1", kT0 + 600'000), 0) << "the window is over";
}

TEST(LoginThrottle, ARightPasswordClearsTheCount) {
  LoginThrottle t(3, 600'000);
  t.failed("a", kT0);
  t.failed("a", kT0 + 1);
  t.succeeded("a");
  t.failed("a", kT0 + 2);
  t.failed("a", kT0 + 3);
  EXPECT_EQ(t.wait_s("a", kT0 + 4), 0);
}

TEST(LoginThrottle, FailuresInAnOldWindowDoNotCount) {
  LoginThrottle t(3, 1000);
  t.failed("a", kT0);
  t.failed("a", kT0 + 10);
  t.failed("a", kT0 + 2000);  // a new window starts here
  EXPECT_EQ(t.wait_s("a", kT0 + 2001), 0);
}

}  // namespace
}  // namespace idv::demo
