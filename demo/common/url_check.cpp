#include "common/url_check.hpp"

#include "url/url_origin.hpp"

namespace idv::demo {

std::string HttpUrl::origin() const {
  return idv::UrlOrigin{scheme, host, port}.serialize();
}

std::optional<HttpUrl> parse_http_url(std::string_view url) {
  const auto parsed = idv::parseHttpUrl(url);
  if (!parsed) return std::nullopt;
  if (parsed->pathAndQuery.find('#') != std::string::npos) return std::nullopt;
  HttpUrl u{parsed->origin.scheme, parsed->origin.host, parsed->origin.port, "/"};
  const std::string& tail = parsed->pathAndQuery;  // "", "/x?y" or "?y"
  if (!tail.empty() && tail.front() == '/')
    u.path = tail;
  else
    u.path.append(tail);
  return u;
}

}  // namespace idv::demo
