#include "tracking/handoff_codes.hpp"

#include <algorithm>

namespace idv {

namespace {
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kShortCodeLength = 8;
}  // namespace

bool isValidShortCode(std::string_view code) {
  return code.size() == kShortCodeLength && std::all_of(code.begin(), code.end(), [](char c) {
           return kCrockford.find(c) != std::string_view::npos;
         });
}

bool isValidMatchCode(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string displayShortCode(std::string_view code) {
  std::string shown(code.substr(0, kShortCodeLength / 2));
  shown += '-';
  shown += code.substr(kShortCodeLength / 2);
  return shown;
}

std::string shortCodeAddress(const UrlOrigin& portalOrigin) {
  std::string origin = portalOrigin.serialize();
  constexpr std::string_view kHttps = "https://";
  if (origin.starts_with(kHttps)) origin.erase(0, kHttps.size());
  return origin + "/code";
}

}  // namespace idv
