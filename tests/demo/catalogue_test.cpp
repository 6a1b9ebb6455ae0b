#include "common/i18n.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

using idv::demo::Catalogue;

namespace {
const std::string kDir = IDV_DEMO_SERVICE_ASSETS "/i18n";

// The catalogues on disk, English first (the fallback), as the service loads them.
std::vector<std::string> on_disk() {
  std::vector<std::string> langs;
  for (const auto& f : std::filesystem::directory_iterator(kDir)) {
    if (f.path().extension() == ".json" && f.path().stem() != "en")
      langs.push_back(f.path().stem().string());
  }
  std::sort(langs.begin(), langs.end());
  langs.insert(langs.begin(), "en");
  return langs;
}

nlohmann::json read(const std::string& lang) {
  std::ifstream in(kDir + "/" + lang + ".json");
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

std::multiset<std::string> placeholders(const std::string& text) {
  static const std::regex re(R"(\{\w+\})");
  std::multiset<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.insert(it->str());
  return out;
}

Catalogue load() {
  Catalogue c;
  std::string error;
  EXPECT_TRUE(c.load(kDir, on_disk(), error)) << error;
  return c;
}
}  // namespace

TEST(Catalogue, TwentyOrMoreLanguagesWithRightToLeft) {
  const auto langs = on_disk();
  EXPECT_GE(langs.size(), 20u);
  for (const char* rtl : {"ar", "he"})
    EXPECT_NE(std::find(langs.begin(), langs.end(), rtl), langs.end()) << rtl;
}

TEST(Catalogue, EveryLanguageHasExactlyTheKeysAndPlaceholdersOfEnglish) {
  const auto en = read("en");
  for (const auto& lang : on_disk()) {
    const auto table = read(lang);
    ASSERT_TRUE(table.is_object()) << lang;
    EXPECT_EQ(table.size(), en.size()) << lang << " has extra or missing keys";
    for (const auto& [key, text] : en.items()) {
      ASSERT_TRUE(table.contains(key)) << lang << " misses " << key;
      ASSERT_TRUE(table[key].is_string()) << lang << " " << key;
      const auto s = table[key].get<std::string>();
      EXPECT_NE(s.find_first_not_of(" \t\n"), std::string::npos) << lang << " " << key;
      EXPECT_EQ(placeholders(s), placeholders(text.get<std::string>())) << lang << " " << key;
    }
  }
  const auto c = load();
  for (const auto& lang : on_disk()) EXPECT_TRUE(c.missing_keys(lang).empty()) << lang;
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
  EXPECT_EQ(c.choose("", "", "xx-XX,nl-BE;q=0.8,en;q=0.5"), "nl");
  EXPECT_EQ(c.choose("", "", "he-IL,en;q=0.5"), "he");
  EXPECT_EQ(c.choose("ar", "", ""), "ar");
  EXPECT_EQ(c.choose("", "", "xx"), "en");
}
