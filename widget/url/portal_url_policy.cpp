#include "url/portal_url_policy.hpp"

namespace idv {

std::string_view toString(UrlRejection r) {
  switch (r) {
    case UrlRejection::NotAUrl: return "not_a_url";
    case UrlRejection::InsecureScheme: return "insecure_scheme";
    case UrlRejection::WrongOrigin: return "wrong_origin";
  }
  return "not_a_url";
}

bool isSecureEnough(const UrlOrigin& origin) {
  return origin.scheme == "https" || origin.isLoopback();
}

std::variant<PortalUrlPolicy, UrlRejection> PortalUrlPolicy::forOrigin(std::string_view origin) {
  const auto parsed = parseHttpUrl(origin);
  // An origin has no path beyond an optional trailing slash.
  if (!parsed || (!parsed->pathAndQuery.empty() && parsed->pathAndQuery != "/"))
    return UrlRejection::NotAUrl;
  if (!isSecureEnough(parsed->origin)) return UrlRejection::InsecureScheme;
  return PortalUrlPolicy(parsed->origin);
}

std::variant<std::string, UrlRejection> PortalUrlPolicy::check(std::string_view url) const {
  const auto parsed = parseHttpUrl(url);
  if (!parsed) return UrlRejection::NotAUrl;
  if (!isSecureEnough(parsed->origin)) return UrlRejection::InsecureScheme;
  if (!(parsed->origin == origin_)) return UrlRejection::WrongOrigin;
  return parsed->origin.serialize() + parsed->pathAndQuery;
}

}  // namespace idv
