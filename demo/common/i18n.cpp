#include "common/i18n.hpp"

#include <nlohmann/json.hpp>

#include "common/files.hpp"

namespace idv::demo {

bool Catalogue::load(const std::string& dir, const std::vector<std::string>& languages,
                     std::string& error) {
  languages_ = languages;
  messages_.clear();
  for (const auto& lang : languages) {
    const auto raw = read_file(dir + "/" + lang + ".json");
    if (!raw) {
      error = "cannot read " + dir + "/" + lang + ".json";
      return false;
    }
    const auto doc = nlohmann::json::parse(*raw, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      error = dir + "/" + lang + ".json is not a JSON object";
      return false;
    }
    auto& table = messages_[lang];
    for (const auto& [key, value] : doc.items()) {
      if (value.is_string()) table[key] = value.get<std::string>();
    }
  }
  return !languages_.empty();
}

std::string Catalogue::text(std::string_view lang, std::string_view key) const {
  for (const auto& l :
       {std::string(lang), languages_.empty() ? std::string() : languages_.front()}) {
    const auto t = messages_.find(l);
    if (t == messages_.end()) continue;
    if (const auto m = t->second.find(key); m != t->second.end()) return m->second;
  }
  return std::string(key);
}

std::string Catalogue::format(std::string_view lang, std::string_view key,
                              const std::map<std::string, std::string>& params) const {
  std::string s = text(lang, key);
  for (const auto& [name, value] : params) {
    const std::string token = "{" + name + "}";
    for (auto pos = s.find(token); pos != std::string::npos;
         pos = s.find(token, pos + value.size()))
      s.replace(pos, token.size(), value);
  }
  return s;
}

bool Catalogue::supports(std::string_view lang) const {
  for (const auto& l : languages_)
    if (l == lang) return true;
  return false;
}

std::vector<std::string> Catalogue::missing_keys(std::string_view lang) const {
  std::vector<std::string> out;
  const auto base = messages_.find(languages_.front());
  const auto other = messages_.find(lang);
  if (base == messages_.end()) return out;
  for (const auto& [key, _] : base->second) {
    if (other == messages_.end() || !other->second.contains(key)) out.push_back(key);
  }
  return out;
}

std::string Catalogue::choose(std::string_view explicit_lang, std::string_view stored,
                              std::string_view accept_language) const {
  if (supports(explicit_lang)) return std::string(explicit_lang);
  if (supports(stored)) return std::string(stored);
  // "nl-NL,nl;q=0.9,en;q=0.8": take the entries in order (browsers send them sorted by q).
  std::string_view rest = accept_language;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    item = item.substr(0, item.find_first_of(";-_ "));
    std::string lower;
    for (const char c : item) lower.push_back(static_cast<char>(c | 0x20));
    if (supports(lower)) return lower;
  }
  return languages_.empty() ? "en" : languages_.front();
}

}  // namespace idv::demo
