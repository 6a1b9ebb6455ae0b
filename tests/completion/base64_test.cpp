#include "completion/base64.hpp"

#include <gtest/gtest.h>

using idv::completion::base64Decode;
using idv::completion::base64Encode;

namespace {
std::vector<std::uint8_t> bytes(std::string_view s) {
  return {s.begin(), s.end()};
}
}  // namespace

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},
                                                       {"f", "Zg=="},
                                                       {"fo", "Zm8="},
                                                       {"foo", "Zm9v"},
                                                       {"foob", "Zm9vYg=="},
                                                       {"fooba", "Zm9vYmE="},
                                                       {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64Encode(bytes(plain)), encoded);
    const auto back = base64Decode(encoded);
    ASSERT_TRUE(back.has_value()) << encoded;
    EXPECT_EQ(*back, bytes(plain));
  }
}

TEST(Base64, RejectsMalformedInput) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zm9v!", "Zm 9v", "=Zm9", "Zg==Zg==", "Zm9v\n"}) {
    EXPECT_FALSE(base64Decode(bad).has_value()) << bad;
  }
}

TEST(Base64, RejectsNonCanonicalPaddingBits) {
  // "Zg==" is 'f'; "Zh==" sets bits that padding discards: same byte, different text.
  EXPECT_TRUE(base64Decode("Zg==").has_value());
  EXPECT_FALSE(base64Decode("Zh==").has_value());
  EXPECT_TRUE(base64Decode("Zm8=").has_value());
  EXPECT_FALSE(base64Decode("Zm9=").has_value());
}
