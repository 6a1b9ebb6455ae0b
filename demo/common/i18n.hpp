#pragma once
// Message catalogues: one flat JSON file per language ({"key": "text with {placeholders}"}),
// loaded at start-up. Code only ever names keys.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace idv::demo {

class Catalogue {
 public:
  // Loads <dir>/<lang>.json for each language; the first language is the fallback.
  // False + error when a file is missing or malformed.
  bool load(const std::string& dir, const std::vector<std::string>& languages, std::string& error);
  // The text for key in lang, else in the fallback language, else the key itself.
  std::string text(std::string_view lang, std::string_view key) const;
  // text() with {name} placeholders replaced (values are inserted verbatim; escape at output).
  std::string format(std::string_view lang, std::string_view key,
                     const std::map<std::string, std::string>& params) const;
  bool supports(std::string_view lang) const;
  const std::vector<std::string>& languages() const { return languages_; }
  // Keys present in the fallback language but missing in lang (for completeness tests).
  std::vector<std::string> missing_keys(std::string_view lang) const;
  // Picks a supported language: explicit choice, then stored preference, then Accept-Language.
  std::string choose(std::string_view explicit_lang, std::string_view stored,
                     std::string_view accept_language) const;

 private:
  std::vector<std::string> languages_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> messages_;
};

}  // namespace idv::demo
