#include "common/i18n.hpp"

#include <gtest/gtest.h>

using idv::demo::Catalogue;

namespace {
Catalogue load() {
  Catalogue c;
  std::string error;
  EXPECT_TRUE(c.load(IDV_DEMO_SERVICE_ASSETS "/i18n", {"en", "nl", "lt"}, error)) << error;
  return c;
}
}  // namespace

TEST(Catalogue, EveryLanguageHasEveryKey) {
  const auto c = load();
  for (const char* lang : {"nl", "lt"}) {
    const auto missing = c.missing_keys(lang);
    EXPECT_TRUE(missing.empty()) << lang << " misses " << (missing.empty() ? "" : missing.front());
  }
}

TEST(Catalogue, FormatsPlaceholders) {
  const auto c = load();
  EXPECT_EQ(c.format("en", "portal.step", {{"n", "2"}, {"total", "4"}}), "Step 2 of 4");
  EXPECT_EQ(c.format("lt", "portal.step", {{"n", "2"}, {"total", "4"}}), "2 žingsnis iš 4");
  EXPECT_EQ(c.text("nl", "no.such.key"), "no.such.key");
}

TEST(Catalogue, ChoosesALanguage) {
  const auto c = load();
  EXPECT_EQ(c.choose("lt", "nl", "en"), "lt");
  EXPECT_EQ(c.choose("xx", "nl", "en"), "nl");
  EXPECT_EQ(c.choose("", "", "fr-FR,nl-BE;q=0.8,en;q=0.5"), "nl");
  EXPECT_EQ(c.choose("", "", "fr"), "en");
}
